// sg:serial=… and by-id names resolved through sysfs. A STAND-IN: no SCSI generic changer exists
// on this host (no /sys/class/scsi_generic), so each test builds the part of sysfs and /dev the
// resolver reads — the layout Linux gives a library with its changer at 2:0:0:0 (sg3, ch sch0)
// and a drive at 2:0:1:0 (sg4, st nst0), beside a disk at 0:0:0:0 (sg0) — in a temporary
// directory, and passes its root as the sysfs root.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDeviceUrl } from '../../../../src/transport/deviceUrl.ts';
import { resolveSgDevice, unitSerialOf } from '../../../../src/transport/sg/sgDeviceName.ts';

/** VPD page 80h as the kernel keeps it in vpd_pg80: type byte, page code, length, serial (space padded). */
function vpdPage80(type: number, serial: string): Buffer {
  const text = Buffer.from(serial, 'latin1');
  return Buffer.concat([Buffer.from([type, 0x80, 0, text.length]), text]);
}

interface FakeDevice {
  readonly hctl: string;
  readonly sg: string;
  readonly type: number;
  readonly serial: string;
  readonly classNode?: readonly [string, string];
}

const DEVICES: readonly FakeDevice[] = [
  { hctl: '0:0:0:0', sg: 'sg0', type: 0, serial: 'DISK0001' },
  { hctl: '2:0:0:0', sg: 'sg3', type: 8, serial: 'MXA0123456  ', classNode: ['scsi_changer', 'sch0'] },
  { hctl: '2:0:1:0', sg: 'sg4', type: 1, serial: '10WT000001', classNode: ['scsi_tape', 'nst0'] },
];

describe('sg device names resolved through sysfs (stand-in sysfs: no real SCSI generic changer here)', () => {
  let root: string;
  let sys: string;
  let dev: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'changer-sysfs-'));
    sys = join(root, 'sys');
    dev = join(root, 'dev');
    await mkdir(join(dev, 'tape', 'by-id'), { recursive: true });
    for (const d of DEVICES) {
      const device = join(sys, 'devices', 'pci0000:00', `host${d.hctl[0]}`, d.hctl);
      await mkdir(join(device, 'scsi_generic', d.sg), { recursive: true });
      await writeFile(join(device, 'type'), `${d.type}\n`);
      await writeFile(join(device, 'vpd_pg80'), vpdPage80(d.type, d.serial));
      await mkdir(join(sys, 'class', 'scsi_generic', d.sg), { recursive: true });
      await symlink(device, join(sys, 'class', 'scsi_generic', d.sg, 'device'));
      await writeFile(join(dev, d.sg), '');
      if (d.classNode !== undefined) {
        const [cls, name] = d.classNode;
        await mkdir(join(sys, 'class', cls, name), { recursive: true });
        await symlink(device, join(sys, 'class', cls, name, 'device'));
        await writeFile(join(dev, name), '');
      }
    }
    await symlink('../../sg3', join(dev, 'tape', 'by-id', 'scsi-35000e11111111111-changer'));
    await symlink('../../sch0', join(dev, 'tape', 'by-id', 'scsi-35000e11111111111'));
    await symlink('../../nst0', join(dev, 'tape', 'by-id', 'scsi-10WT000001-nst'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('sg:serial=<serial> is the sg node whose VPD page 80h carries that serial', async () => {
    assert.equal(await resolveSgDevice('serial=MXA0123456', { sysfsRoot: sys, devRoot: dev }), join(dev, 'sg3'));
    assert.equal(await resolveSgDevice('serial=10WT000001', { sysfsRoot: sys, devRoot: dev }), join(dev, 'sg4'));
  });

  test('by-id links: to the sg node itself, or to the ch or st node of the same SCSI device', async () => {
    const naming = { sysfsRoot: sys };
    assert.equal(await resolveSgDevice(join(dev, 'tape', 'by-id', 'scsi-35000e11111111111-changer'), naming), join(dev, 'sg3'));
    assert.equal(await resolveSgDevice(join(dev, 'tape', 'by-id', 'scsi-35000e11111111111'), naming), join(dev, 'sg3'));
    assert.equal(await resolveSgDevice(join(dev, 'tape', 'by-id', 'scsi-10WT000001-nst'), naming), join(dev, 'sg4'));
    assert.equal(await resolveSgDevice(join(dev, 'sg0'), naming), join(dev, 'sg0'));
  });

  test('an unknown serial names every device seen and how to look; no sysfs class says to load sg', async () => {
    await assert.rejects(resolveSgDevice('serial=NOPE', { sysfsRoot: sys, devRoot: dev }), {
      code: 'NO_SUCH_DEVICE',
      message: 'sg:serial=NOPE: no SCSI generic device has that serial (seen: sg0 (disk, serial DISK0001), sg3 (changer, serial MXA0123456), sg4 (tape, serial 10WT000001)); check the serial with lsscsi -g and sg_inq -p 0x80 /dev/sgN',
    });
    await assert.rejects(resolveSgDevice('serial=MXA0123456', { sysfsRoot: join(root, 'nosys') }), {
      code: 'NO_SUCH_DEVICE',
      message: `sg:serial=MXA0123456: ${join(root, 'nosys', 'class', 'scsi_generic')} does not exist; load the SCSI generic driver (modprobe sg) and check the library is attached (lsscsi -g)`,
    });
    await assert.rejects(resolveSgDevice(join(dev, 'tape', 'by-id', 'scsi-gone'), { sysfsRoot: sys }), {
      code: 'NO_SUCH_DEVICE',
      message: `sg:${join(dev, 'tape', 'by-id', 'scsi-gone')}: no such device file (is the library attached? ls -l /dev/tape/by-id /dev/sg*)`,
    });
  });

  test('the URL syntax: sg:serial=<serial> and by-id paths parse; an empty serial does not', () => {
    assert.deepEqual(parseDeviceUrl('sg:serial=MXA0123456'), { scheme: 'sg', path: 'serial=MXA0123456' });
    assert.deepEqual(parseDeviceUrl('sg:/dev/tape/by-id/scsi-35000e11111111111-changer'), { scheme: 'sg', path: '/dev/tape/by-id/scsi-35000e11111111111-changer' });
    assert.throws(() => parseDeviceUrl('sg:serial='), { code: 'NO_SUCH_DEVICE', message: /sg: needs a \/dev path or serial=<changer serial>/ });
  });

  test('VPD page 80h: the serial without its padding; another page is no serial', () => {
    assert.equal(unitSerialOf(vpdPage80(8, '  MXA0123456  ')), 'MXA0123456');
    assert.equal(unitSerialOf(Buffer.from([8, 0x83, 0, 2, 0x41, 0x42])), undefined);
  });
});
