/** What a tape drive's command handlers get: the common unit context plus the drive. */
import type { CommandSpec, DataInBorrower, UnitContext } from '../command.ts';
import type { DriveUnit } from './driveUnit.ts';

export interface DriveContext extends UnitContext {
  readonly drive: DriveUnit;
  /** Where a record can go as the answer without a copy (ScsiRequest.borrowDataIn), when the transport takes it. */
  readonly borrowDataIn: DataInBorrower | undefined;
}

export type DriveCommandSpec = CommandSpec<DriveContext>;
