import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangerError, ChangerErrorCodes } from '../../../src/shared/changerError.ts';

test('codes keep the NTSTATUS names and values and the Win32 errors of the reference', () => {
  const expected: [keyof typeof ChangerErrorCodes, string, number, number][] = [
    ['SOURCE_ELEMENT_EMPTY', 'STATUS_SOURCE_ELEMENT_EMPTY', 0xc0000283, 1160],
    ['DESTINATION_ELEMENT_FULL', 'STATUS_DESTINATION_ELEMENT_FULL', 0xc0000284, 1161],
    ['ILLEGAL_ELEMENT_ADDRESS', 'STATUS_ILLEGAL_ELEMENT_ADDRESS', 0xc0000285, 1162],
    ['MAGAZINE_NOT_PRESENT', 'STATUS_MAGAZINE_NOT_PRESENT', 0xc0000286, 1163],
    ['DEVICE_DOOR_OPEN', 'STATUS_DEVICE_DOOR_OPEN', 0x80000289, 1166],
    ['TRANSPORT_FULL', 'STATUS_TRANSPORT_FULL', 0xc00002ca, 4328],
    ['UNABLE_TO_UNLOAD_MEDIA', 'STATUS_UNABLE_TO_UNLOAD_MEDIA', 0xc0000176, 1109],
    ['CLEANER_CARTRIDGE_INSTALLED', 'STATUS_CLEANER_CARTRIDGE_INSTALLED', 0x80000027, 4340],
    ['DEVICE_BUSY', 'STATUS_DEVICE_BUSY', 0x80000011, 170],
    ['DEVICE_NOT_READY', 'STATUS_DEVICE_NOT_READY', 0xc00000a3, 21],
    ['INVALID_DEVICE_REQUEST', 'STATUS_INVALID_DEVICE_REQUEST', 0xc0000010, 1],
    ['INVALID_PARAMETER', 'STATUS_INVALID_PARAMETER', 0xc000000d, 87],
    ['MEDIA_CHANGED', 'STATUS_MEDIA_CHANGED', 0x8000001c, 1110],
    ['IO_DEVICE_ERROR', 'STATUS_IO_DEVICE_ERROR', 0xc0000185, 1117],
    ['INFO_LENGTH_MISMATCH', 'STATUS_INFO_LENGTH_MISMATCH', 0xc0000004, 24],
    ['BUFFER_TOO_SMALL', 'STATUS_BUFFER_TOO_SMALL', 0xc0000023, 122],
  ];
  for (const [code, name, nt, win32] of expected) {
    const e = new ChangerError(code, 'x');
    assert.equal(e.ntStatusName, name, code);
    assert.equal(e.ntStatus, nt, code);
    assert.equal(e.win32, win32, code);
  }
});

test('an error carries its sense and prints its status the Windows way', () => {
  const e = new ChangerError('SOURCE_ELEMENT_EMPTY', 'slot 3 is empty', { sense: { key: 5, asc: 0x3b, ascq: 0x0e } });
  assert.equal(e.ntStatusHex, '0xC0000283');
  assert.deepEqual(e.sense, { key: 5, asc: 0x3b, ascq: 0x0e });
  assert.equal(e.message, 'slot 3 is empty');
  assert.ok(e instanceof Error);
});
