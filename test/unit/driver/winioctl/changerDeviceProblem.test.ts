import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceProblem } from '../../../../src/driver/requests.ts';
import { CHANGER_DEVICE_PROBLEM_TYPE_LENGTH, decodeChangerDeviceProblem, encodeChangerDeviceProblem } from '../../../../src/driver/winioctl/index.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

describe('CHANGER_DEVICE_PROBLEM_TYPE (4 bytes)', () => {
  it('is a 4-byte little-endian enum', () => {
    assert.equal(CHANGER_DEVICE_PROBLEM_TYPE_LENGTH, 4);
    assert.deepEqual(encodeChangerDeviceProblem(DeviceProblem.GripperError), hex`0c 00 00 00`);
    assert.equal(decodeChangerDeviceProblem(hex`03 00 00 00`), DeviceProblem.DoorOpen);
    assert.equal(decodeChangerDeviceProblem(hex`0d 00 00 00`), DeviceProblem.DriveError);
  });

  it('refuses values past DeviceProblemDriveError', () => {
    assertFormatError(() => decodeChangerDeviceProblem(hex`0e 00 00 00`), 'CHANGER_DEVICE_PROBLEM_TYPE', /ChangerProblemType: 14 is not a device problem type/);
    assertFormatError(() => decodeChangerDeviceProblem(hex`00 00 00 01`), 'CHANGER_DEVICE_PROBLEM_TYPE', /16777216/);
    assertFormatError(() => encodeChangerDeviceProblem(-1 as DeviceProblem), 'CHANGER_DEVICE_PROBLEM_TYPE', /-1/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerDeviceProblem, 'CHANGER_DEVICE_PROBLEM_TYPE', 4));

  it('round-trips every problem type', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 13 }), (p) => assert.equal(decodeChangerDeviceProblem(encodeChangerDeviceProblem(p as DeviceProblem)), p)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerDeviceProblem, 8));
});
