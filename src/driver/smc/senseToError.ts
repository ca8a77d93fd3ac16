import type { ChangerError, SenseSummary } from '../../shared/changerError.ts';
import { errorFromSenseTable, type SenseTable } from '../senseTable.ts';

/**
 * The changer's sense table (reference windows-changer §5.4/§6.5 and smc §4); how a table is read
 * is in ../senseTable.ts.
 */
const TABLE: SenseTable = [
  { key: 0x5, asc: 0x3b, ascq: 0x0e, code: 'SOURCE_ELEMENT_EMPTY', text: 'the source element is empty' },
  { key: 0x5, asc: 0x3b, ascq: 0x0d, code: 'DESTINATION_ELEMENT_FULL', text: 'the destination element is full' },
  { key: 0x5, asc: 0x21, ascq: 0x01, code: 'ILLEGAL_ELEMENT_ADDRESS', text: 'the element address is invalid' },
  { key: 0x5, asc: 0x3b, ascq: 0x11, code: 'MAGAZINE_NOT_PRESENT', text: 'the magazine is not accessible' },
  { key: 0x5, asc: 0x3b, ascq: 0x80, code: 'TRANSPORT_FULL', text: 'the transport holds a cartridge' },
  { key: 0x5, asc: 0x3b, ascq: 0xa0, code: 'TRANSPORT_FULL', text: 'the medium transport element is full' },
  { key: 0x5, asc: 0x91, ascq: 0x00, code: 'TRANSPORT_FULL', text: 'the transport holds a cartridge' },
  { key: 0x5, asc: 0x3b, ascq: 0x82, code: 'UNABLE_TO_UNLOAD_MEDIA', text: 'the cartridge is still in (or protruding from) the drive' },
  { key: 0x5, asc: 0x3b, ascq: 0x83, code: 'UNABLE_TO_UNLOAD_MEDIA', text: 'the source drive has not unloaded the cartridge; eject it from the drive first' },
  { key: 0x5, asc: 0x53, ascq: 0x02, code: 'DEVICE_BUSY', text: 'medium removal is prevented (PREVENT ALLOW MEDIUM REMOVAL); allow it first' },
  { key: 0x5, asc: 0x53, ascq: 0x03, code: 'UNABLE_TO_UNLOAD_MEDIA', text: 'medium removal from the drive is prevented' },
  { key: 0x5, asc: 0x30, ascq: 0x00, code: 'INVALID_DEVICE_REQUEST', text: 'incompatible medium for that element' },
  { key: 0x5, asc: 0x20, code: 'INVALID_DEVICE_REQUEST', text: 'the changer does not support this command' },
  { key: 0x5, asc: 0x24, code: 'INVALID_PARAMETER', text: 'invalid field in the command' },
  { key: 0x5, asc: 0x26, code: 'INVALID_PARAMETER', text: 'invalid field in the parameter list' },
  { key: 0x5, asc: 0x1a, code: 'INVALID_PARAMETER', text: 'parameter list length error' },
  { key: 0x5, asc: 0x25, code: 'NO_SUCH_DEVICE', text: 'the logical unit is not supported' },
  { key: 0x5, code: 'INVALID_DEVICE_REQUEST', text: 'illegal request' },
  { key: 0x2, asc: 0x04, ascq: 0x01, code: 'DEVICE_NOT_READY', text: 'the changer is becoming ready (inventory in progress); try again shortly' },
  { key: 0x2, asc: 0x04, ascq: 0x03, code: 'DEVICE_DOOR_OPEN', text: 'manual intervention required (door open?)' },
  { key: 0x2, asc: 0x04, ascq: 0x83, code: 'DEVICE_DOOR_OPEN', text: 'the door is open' },
  { key: 0x2, asc: 0x04, ascq: 0x85, code: 'DEVICE_DOOR_OPEN', text: 'the door is open' },
  { key: 0x2, asc: 0x04, ascq: 0x82, code: 'DEVICE_DOOR_OPEN', text: 'the door is open' },
  { key: 0x2, asc: 0x3a, ascq: 0x02, code: 'DEVICE_DOOR_OPEN', text: 'the import/export port is open; close it first' },
  { key: 0x2, asc: 0x3a, ascq: 0x00, code: 'NO_MEDIA_IN_DEVICE', text: 'medium not present' },
  { key: 0x2, asc: 0x3b, ascq: 0x12, code: 'MAGAZINE_NOT_PRESENT', text: 'the magazine is removed' },
  { key: 0x2, asc: 0x30, ascq: 0x03, code: 'CLEANER_CARTRIDGE_INSTALLED', text: 'a cleaning cartridge is installed' },
  { key: 0x2, code: 'DEVICE_NOT_READY', text: 'the changer is not ready' },
  { key: 0x3, asc: 0x30, ascq: 0x03, code: 'CLEANER_CARTRIDGE_INSTALLED', text: 'a cleaning cartridge is installed' },
  { key: 0x3, code: 'IO_DEVICE_ERROR', text: 'medium error' },
  { key: 0x4, asc: 0x15, ascq: 0x01, code: 'IO_DEVICE_ERROR', text: 'mechanical positioning error (robot jam?)' },
  { key: 0x4, code: 'IO_DEVICE_ERROR', text: 'hardware error' },
  { key: 0x6, asc: 0x28, code: 'MEDIA_CHANGED', text: 'element status may have changed (door or mailslot used)' },
  { key: 0x6, asc: 0x29, code: 'MEDIA_CHANGED', text: 'the changer was reset or powered on' },
  { key: 0x6, asc: 0x3b, ascq: 0x12, code: 'MAGAZINE_NOT_PRESENT', text: 'the magazine was removed' },
  { key: 0x6, code: 'MEDIA_CHANGED', text: 'unit attention' },
  { key: 0xb, code: 'IO_DEVICE_ERROR', text: 'the command was aborted' },
  { key: 0x7, code: 'INVALID_DEVICE_REQUEST', text: 'data protect' },
];

export function senseToError(sense: SenseSummary, command: string, elementAddress?: number): ChangerError {
  return errorFromSenseTable(TABLE, sense, command, elementAddress);
}
