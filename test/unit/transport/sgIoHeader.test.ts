import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSgIoResult, encodeSgIoHeader, SgDxferDirection, SG_IO } from '../../../src/transport/sg/sgIoHeader.ts';

test('SG_IO request code is 0x2285', () => {
  assert.equal(SG_IO, 0x2285);
});

test('sg_io_hdr encodes to the 88-byte x86-64 layout of include/scsi/sg.h', () => {
  const b = encodeSgIoHeader({
    direction: SgDxferDirection.FromDevice, cmdLength: 12, maxSenseLength: 252, dxferLength: 0x10000,
    dxferAddress: 0x1122334455667788n, cmdAddress: 0x0102030405060708n, senseAddress: 0xa0a1a2a3a4a5a6a7n,
    timeoutMs: 600000, packId: 7,
  });
  assert.equal(b.length, 88);
  assert.equal(b.subarray(0, 16).toString('hex'), '53000000' + 'fdffffff' + '0c' + 'fc' + '0000' + '00000100');
  assert.equal(b.subarray(16, 40).toString('hex'), '8877665544332211' + '0807060504030201' + 'a7a6a5a4a3a2a1a0');
  assert.equal(b.subarray(40, 56).toString('hex'), 'c0270900' + '00000000' + '07000000' + '00000000');
  assert.equal(b.subarray(56, 88).toString('hex'), '00'.repeat(32));
});

test('the 32-bit layout is 64 bytes with 4-byte pointers', () => {
  const b = encodeSgIoHeader({
    direction: SgDxferDirection.None, cmdLength: 6, maxSenseLength: 32, dxferLength: 0,
    dxferAddress: 0x11223344n, cmdAddress: 0x55667788n, senseAddress: 0x99aabbccn, timeoutMs: 20000, packId: 0,
  }, 4);
  assert.equal(b.length, 64);
  assert.equal(b.subarray(16, 32).toString('hex'), '44332211' + '88776655' + 'ccbbaa99' + '204e0000');
});

test('the output half decodes status, sense length, host/driver status, residual, duration, info', () => {
  const b = Buffer.alloc(88);
  b.set([0x02, 0x01, 0x00, 0x12, 0x00, 0x00, 0x08, 0x00], 64);
  b.writeInt32LE(4096, 72);
  b.writeUInt32LE(1234, 76);
  b.writeUInt32LE(1, 80);
  assert.deepEqual(decodeSgIoResult(b), {
    status: 2, maskedStatus: 1, msgStatus: 0, senseLengthWritten: 18, hostStatus: 0, driverStatus: 8,
    residual: 4096, durationMs: 1234, info: 1,
  });
  assert.throws(() => decodeSgIoResult(Buffer.alloc(87)), /sg_io_hdr needs 88 bytes, got 87/);
});
