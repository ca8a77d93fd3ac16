/**
 * READ BLOCK LIMITS: what an LTO drive answers (ssc.md §2.3, IBM and Quantum references): any
 * record from 1 byte to FFFFFFh, the most a 6-byte READ/WRITE can carry, granularity 0. Answered
 * with or without a tape, and the same in fixed-block mode: Linux st reads the limits once at
 * open and checks every later `mt setblk N` against them, so a drive that answered min = max = N
 * in fixed mode (as tgt does) would lock st into that block size until the next open.
 */
import { Opcode, buildReadBlockLimitsData, parseReadBlockLimitsCdb, type ReadBlockLimitsData } from '../../../scsi/index.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';

export const LTO_BLOCK_LIMITS: ReadBlockLimitsData = { granularity: 0, maximumBlockLength: 0xffffff, minimumBlockLength: 1 };

export const readBlockLimits: DriveCommandSpec = {
  opcode: Opcode.READ_BLOCK_LIMITS,
  name: 'READ BLOCK LIMITS',
  cdbLength: 6,
  parse: parseReadBlockLimitsCdb,
  access: 'always',
  run({ cdb }) {
    parseReadBlockLimitsCdb(cdb);
    return buildReadBlockLimitsData(LTO_BLOCK_LIMITS);
  },
};
