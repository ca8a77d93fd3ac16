/** What a tape drive's command handlers get: the common unit context plus the drive. */
import type { CommandSpec, UnitContext } from '../command.ts';
import type { DriveUnit } from './driveUnit.ts';

export interface DriveContext extends UnitContext {
  readonly drive: DriveUnit;
}

export type DriveCommandSpec = CommandSpec<DriveContext>;
