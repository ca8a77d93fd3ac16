/**
 * Finding a changer's drives among /dev/sg* through sysfs, on a tree laid out as Linux lays it
 * out (class/scsi_generic/sgN/device → the H:C:T:L directory holding `type`).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isChangerError } from '../../../../src/shared/changerError.ts';
import { sgTapeDevicePaths } from '../../../../src/driver/tape/sgTapeDevices.ts';

let root = '';

/** sgN as the device at H:C:T:L of SCSI peripheral type `type`. */
async function sgDevice(sg: string, address: string, type: number): Promise<void> {
  const [host] = address.split(':');
  const deviceDir = join(root, 'devices', 'platform', `host${host}`, `target${address.split(':').slice(0, 3).join(':')}`, address);
  await mkdir(deviceDir, { recursive: true });
  await writeFile(join(deviceDir, 'type'), `${type}\n`);
  const classDir = join(root, 'class', 'scsi_generic', sg);
  await mkdir(classDir, { recursive: true });
  await symlink(deviceDir, join(classDir, 'device'));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sysfs-'));
  await sgDevice('sg0', '0:0:0:0', 0); // the system disk
  await sgDevice('sg1', '2:0:1:0', 8); // the library's changer
  await sgDevice('sg2', '2:0:1:2', 1); // its drives, LUN order not sg order
  await sgDevice('sg3', '2:0:1:1', 1);
  await sgDevice('sg4', '2:0:2:0', 1); // a drive on another target (FC/SAS style)
  await sgDevice('sg5', '3:0:1:1', 1); // a drive of another host adapter
  await mkdir(join(root, 'class', 'scsi_generic', 'sg9'), { recursive: true }); // no device link
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sg tape devices', () => {
  it('the tape drives behind the changer\'s host:channel:target, in LUN order', async () => {
    assert.deepEqual(await sgTapeDevicePaths('/dev/sg1', { sysfsRoot: root }), ['/dev/sg3', '/dev/sg2']);
  });

  it('scope system: every tape drive on the host, in address order', async () => {
    assert.deepEqual(await sgTapeDevicePaths('/dev/sg1', { sysfsRoot: root, scope: 'system' }), ['/dev/sg3', '/dev/sg2', '/dev/sg4', '/dev/sg5']);
  });

  it('a changer sysfs does not know is NO_SUCH_DEVICE naming the path', async () => {
    await assert.rejects(sgTapeDevicePaths('/dev/sg7', { sysfsRoot: root }), (e) => isChangerError(e, 'NO_SUCH_DEVICE') && e.message.includes(join(root, 'class', 'scsi_generic', 'sg7')));
  });
});
