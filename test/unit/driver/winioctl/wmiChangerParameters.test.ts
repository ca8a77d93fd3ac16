import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EMPTY_PARAMETERS } from '../../../../src/driver/changerParameters.ts';
import {
  decodeWmiChangerParameters,
  encodeWmiChangerParameters,
  WMI_CHANGER_PARAMETERS_LENGTH,
  WmiChangerGuids,
  wmiChangerParametersOf,
  type WmiChangerParameters,
} from '../../../../src/driver/winioctl/index.ts';
import { PLAIN, u32 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const BLOCK = hex`
  18 00 00 00   // NumberOfSlots = 24
  02 00 00 00   // NumberOfDrives = 2
  04 00 00 00   // NumberOfIEPorts = 4
  01 00 00 00   // NumberOfTransports = 1
  03 00 00 00   // NumberOfDoors = 3
  00 00 00 00   // NumberOfCleanerSlots = 0
  0c 00 00 00   // MagazineSize = 12
`;

const VALUES: WmiChangerParameters = { numberOfSlots: 24, numberOfDrives: 2, numberOfIEPorts: 4, numberOfTransports: 1, numberOfDoors: 3, numberOfCleanerSlots: 0, magazineSize: 12 };

describe('WMI_CHANGER_PARAMETERS (28 bytes)', () => {
  it('is seven ULONGs', () => assert.equal(WMI_CHANGER_PARAMETERS_LENGTH, 28));

  it('decodes and encodes in the order of §3.15', () => {
    assert.deepEqual(decodeWmiChangerParameters(BLOCK), VALUES);
    assert.deepEqual(encodeWmiChangerParameters(VALUES), BLOCK);
  });

  it('takes its counts from the changer parameters', () => {
    const p = { ...EMPTY_PARAMETERS, numberStorageElements: 24, numberDataTransferElements: 2, numberIEElements: 4, numberTransportElements: 1, numberOfDoors: 3, magazineSize: 12 };
    assert.deepEqual(wmiChangerParametersOf(p), VALUES);
  });

  it('names its GUIDs', () => assert.equal(WmiChangerGuids.MSChangerParameters, '24eb52ac-7c77-438b-ab61-d024dab0c03a'));

  it('refuses a count that is no ULONG', () => {
    assertFormatError(() => encodeWmiChangerParameters({ ...VALUES, numberOfDoors: 2 ** 32 }), 'WMI_CHANGER_PARAMETERS', /NumberOfDoors/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeWmiChangerParameters, 'WMI_CHANGER_PARAMETERS', 28));

  it('round-trips any block', () => {
    const block = fc.record(
      { numberOfSlots: u32, numberOfDrives: u32, numberOfIEPorts: u32, numberOfTransports: u32, numberOfDoors: u32, numberOfCleanerSlots: u32, magazineSize: u32 },
      PLAIN,
    );
    fc.assert(fc.property(block, (b) => assert.deepEqual(decodeWmiChangerParameters(encodeWmiChangerParameters(b)), b)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeWmiChangerParameters, 40));
});
