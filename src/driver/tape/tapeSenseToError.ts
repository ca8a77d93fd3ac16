import type { ChangerError, SenseSummary } from '../../shared/changerError.ts';
import { errorFromSenseTable, type SenseTable } from '../senseTable.ts';

/**
 * The tape drive's sense table (SSC-3 conditions, read the same way as the changer's: first match
 * wins, specific rows before a key's catch-all). Filemarks, end of data and incorrect length on
 * READ are answers, not errors: TapeDrive handles them before anything reaches this table.
 * The closed set of codes has no end-of-medium or write-protect status, so those two use the
 * nearest code and say exactly what happened in the text.
 */
const TABLE: SenseTable = [
  { key: 0x2, asc: 0x3a, code: 'NO_MEDIA_IN_DEVICE', text: 'no cartridge is loaded in the drive' },
  { key: 0x2, asc: 0x04, ascq: 0x01, code: 'DEVICE_NOT_READY', text: 'the drive is loading the cartridge; try again shortly' },
  { key: 0x2, asc: 0x04, ascq: 0x02, code: 'DEVICE_NOT_READY', text: 'the cartridge is not threaded: load it first' },
  { key: 0x2, asc: 0x04, ascq: 0x03, code: 'DEVICE_NOT_READY', text: 'the drive needs manual intervention' },
  { key: 0x2, asc: 0x30, ascq: 0x03, code: 'CLEANER_CARTRIDGE_INSTALLED', text: 'a cleaning cartridge is in the drive' },
  { key: 0x2, asc: 0x30, code: 'INVALID_DEVICE_REQUEST', text: 'the cartridge cannot be read by this drive' },
  { key: 0x2, code: 'DEVICE_NOT_READY', text: 'the drive is not ready' },
  { key: 0x3, asc: 0x30, ascq: 0x03, code: 'CLEANER_CARTRIDGE_INSTALLED', text: 'a cleaning cartridge is in the drive' },
  { key: 0x3, asc: 0x30, code: 'INVALID_DEVICE_REQUEST', text: 'the cartridge is incompatible with this drive' },
  { key: 0x3, code: 'IO_DEVICE_ERROR', text: 'medium error' },
  { key: 0x4, code: 'IO_DEVICE_ERROR', text: 'hardware error in the drive' },
  { key: 0x5, asc: 0x53, ascq: 0x02, code: 'UNABLE_TO_UNLOAD_MEDIA', text: 'medium removal is prevented (PREVENT ALLOW MEDIUM REMOVAL); allow it first' },
  { key: 0x5, asc: 0x20, code: 'INVALID_DEVICE_REQUEST', text: 'the drive does not support this command' },
  { key: 0x5, asc: 0x24, code: 'INVALID_PARAMETER', text: 'invalid field in the command' },
  { key: 0x5, asc: 0x26, code: 'INVALID_PARAMETER', text: 'invalid field in the parameter list' },
  { key: 0x5, asc: 0x25, code: 'NO_SUCH_DEVICE', text: 'the logical unit is not supported' },
  { key: 0x5, asc: 0x30, code: 'INVALID_DEVICE_REQUEST', text: 'the cartridge is incompatible with this command' },
  { key: 0x5, code: 'INVALID_DEVICE_REQUEST', text: 'illegal request' },
  { key: 0x6, asc: 0x28, code: 'MEDIA_CHANGED', text: 'the cartridge was changed: the tape position is lost (check readiness or rewind first)' },
  { key: 0x6, asc: 0x29, code: 'MEDIA_CHANGED', text: 'the drive was reset or powered on: the tape position is lost (check readiness or rewind first)' },
  { key: 0x6, code: 'MEDIA_CHANGED', text: 'unit attention' },
  { key: 0x7, asc: 0x27, code: 'INVALID_DEVICE_REQUEST', text: 'the cartridge is write-protected' },
  { key: 0x7, asc: 0x30, code: 'INVALID_DEVICE_REQUEST', text: 'the cartridge is WORM and this would overwrite data' },
  { key: 0x7, code: 'INVALID_DEVICE_REQUEST', text: 'data protect' },
  { key: 0x8, code: 'IO_DEVICE_ERROR', text: 'end of data reached' },
  { key: 0xb, code: 'IO_DEVICE_ERROR', text: 'the command was aborted' },
  { key: 0xd, code: 'INSUFFICIENT_RESOURCES', text: 'the tape is full (end of partition): nothing more was written' },
  { key: 0x0, asc: 0x00, ascq: 0x01, code: 'IO_DEVICE_ERROR', text: 'a filemark was reached' },
  { key: 0x0, asc: 0x00, ascq: 0x02, code: 'INSUFFICIENT_RESOURCES', text: 'the end of the tape was reached' },
];

export function tapeSenseToError(sense: SenseSummary, command: string): ChangerError {
  return errorFromSenseTable(TABLE, sense, command);
}
