/** Drive element ↔ drive device by serial number only, never by the order devices were found. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { matchDriveDevices } from '../../../src/storage/driveMapping.ts';

const device = (url: string, serialNumber: string): { url: string; identity: { serialNumber: string } } => ({ url, identity: { serialNumber } });

describe('matchDriveDevices', () => {
  it('matches each drive to the device with its serial, whatever order the devices were found in', () => {
    const drives = [
      { index: 0, serialNumber: 'HU1234560A' },
      { index: 1, serialNumber: 'HU1234560B' },
      { index: 2, serialNumber: 'HU1234560C' },
    ];
    const found = [device('sg:/dev/sg7', 'HU1234560C'), device('sg:/dev/sg3', 'HU1234560A'), device('sg:/dev/sg5', 'HU1234560B')];
    assert.deepEqual([...matchDriveDevices(drives, found)], [
      [0, 'sg:/dev/sg3'],
      [1, 'sg:/dev/sg5'],
      [2, 'sg:/dev/sg7'],
    ]);
  });

  it('compares serials without the spaces tgt pads them with', () => {
    const found = [device('iscsi://127.0.0.1/iqn.2024-01.org.changer:lib/1', '      XYZ00001')];
    assert.deepEqual([...matchDriveDevices([{ index: 0, serialNumber: 'XYZ00001  ' }], found)], [[0, 'iscsi://127.0.0.1/iqn.2024-01.org.changer:lib/1']]);
  });

  it('a drive without a serial, or whose serial no device has, stays unmatched', () => {
    const drives = [
      { index: 0, serialNumber: undefined },
      { index: 1, serialNumber: '' },
      { index: 2, serialNumber: 'MISSING01' },
      { index: 3, serialNumber: 'PRESENT03' },
    ];
    const found = [device('sg:/dev/sg1', ''), device('sg:/dev/sg2', 'PRESENT03')];
    assert.deepEqual([...matchDriveDevices(drives, found)], [[3, 'sg:/dev/sg2']]);
  });

  it('devices that are no drive of this library are ignored', () => {
    const found = [device('sg:/dev/sg0', 'OTHERLIB01'), device('sg:/dev/sg1', 'D0'), device('sg:/dev/sg2', 'OTHERLIB02')];
    assert.deepEqual([...matchDriveDevices([{ index: 0, serialNumber: 'D0' }], found)], [[0, 'sg:/dev/sg1']]);
  });

  it('a serial on two devices (cloned emulators, two paths) matches neither', () => {
    const found = [device('sg:/dev/sg1', 'DUP'), device('sg:/dev/sg2', 'DUP'), device('sg:/dev/sg3', 'ONE')];
    const drives = [{ index: 0, serialNumber: 'DUP' }, { index: 1, serialNumber: 'ONE' }];
    assert.deepEqual([...matchDriveDevices(drives, found)], [[1, 'sg:/dev/sg3']]);
  });

  it('two drives reporting one serial are both left unmatched', () => {
    const drives = [{ index: 0, serialNumber: 'SAME' }, { index: 1, serialNumber: 'SAME' }, { index: 2, serialNumber: 'OWN' }];
    const found = [device('sg:/dev/sg1', 'SAME'), device('sg:/dev/sg2', 'OWN')];
    assert.deepEqual([...matchDriveDevices(drives, found)], [[2, 'sg:/dev/sg2']]);
  });

  it('no drives or no devices: nothing matched', () => {
    assert.equal(matchDriveDevices([], [device('sg:/dev/sg1', 'A')]).size, 0);
    assert.equal(matchDriveDevices([{ index: 0, serialNumber: 'A' }], []).size, 0);
  });

  it('a match never depends on the order of the found devices, and every match has equal serials', () => {
    const serial = fc.constantFrom('', 'S1', 'S2', 'S3', 'S4', ' S1');
    fc.assert(
      fc.property(fc.array(serial, { maxLength: 6 }), fc.array(serial, { maxLength: 6 }), fc.nat(), (driveSerials, deviceSerials, turn) => {
        const drives = driveSerials.map((s, index) => ({ index, serialNumber: s }));
        const found = deviceSerials.map((s, i) => device(`sg:/dev/sg${i}`, s));
        const cut = found.length === 0 ? 0 : turn % found.length;
        const reordered = [...found.slice(cut), ...found.slice(0, cut)].reverse();
        const matched = matchDriveDevices(drives, found);
        assert.deepEqual(matchDriveDevices(drives, reordered), matched);
        for (const [index, url] of matched) {
          const d = found.find((f) => f.url === url);
          assert.equal(d?.identity.serialNumber.trim(), drives[index]?.serialNumber.trim());
        }
      }),
      { numRuns: 500 },
    );
  });
});
