/**
 * READ BLOCK LIMITS: any record length from 1 byte up to what one cartridge holds (the emulator's
 * cap, not a drive's 16 MiB), granularity 0. Answered with or without a tape.
 */
import { Opcode, buildReadBlockLimitsData, parseReadBlockLimitsCdb } from '../../../scsi/index.ts';
import { TAPE_CAPACITY_BYTES } from '../../tapeContents.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';

export const readBlockLimits: DriveCommandSpec = {
  opcode: Opcode.READ_BLOCK_LIMITS,
  name: 'READ BLOCK LIMITS',
  cdbLength: 6,
  parse: parseReadBlockLimitsCdb,
  access: 'always',
  run({ cdb }) {
    parseReadBlockLimitsCdb(cdb);
    return buildReadBlockLimitsData({ granularity: 0, maximumBlockLength: TAPE_CAPACITY_BYTES, minimumBlockLength: 1 });
  },
};
