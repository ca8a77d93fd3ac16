import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { VirtualLibrary } from '../../src/emulator/index.ts';
import { IscsiTarget } from '../../src/iscsi/target/index.ts';
import { guestSkipReason, runGuest } from './guestHarness.ts';

// The virtual library served by our target to a real Linux initiator: the interop harness
// (../shared/interop/guest-mtx.sh) boots a QEMU guest whose changer is our iSCSI LUN, opened by
// QEMU's libiscsi; the guest kernel's sg/ch drivers and the real mtx and sg3_utils talk to it.
// Skipped, with the reason, where the harness, QEMU or its cached guest (built on first use of
// the harness, which downloads packages) is missing — the test never installs anything itself.

const IQN = 'iqn.2024-01.org.changer.interop:qemu';

let skip: string | undefined;
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let url = '';

before(async () => {
  skip = await guestSkipReason();
  if (skip !== undefined) return;
  try {
    const { VirtualLibrary } = await import('../../src/emulator/index.ts');
    library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  } catch (e) {
    skip = `the virtual library does not load: ${(e as Error).message}`;
    return;
  }
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: library.device } }] });
  url = `iscsi://127.0.0.1:${(await target.listen(0)).port}/${IQN}/0`;
});

after(async () => {
  await target?.close({ graceMs: 500 });
  await library?.close();
});

describe('Linux mtx in a QEMU guest, over libiscsi, against our target', () => {
  it('mtx inquiry, status, load, unload; sg_turs; sg_inq', { timeout: 180_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const commands = ['mtx -f /dev/sg0 inquiry', 'mtx -f /dev/sg0 status', 'mtx -f /dev/sg0 load 3 0', 'mtx -f /dev/sg0 status', 'mtx -f /dev/sg0 unload 3 0', 'sg_turs -n 200 -t /dev/sg0', 'sg_inq -p 0x80 /dev/sg0'];
    const { code, stdout, stderr } = await runGuest(url, [], commands, { timeoutSeconds: 150, killAfterMs: 170_000 });
    assert.equal(code, 0, `${stdout}\n${stderr.slice(-2000)}`);
    assert.match(stdout, /^Product Type: Medium Changer$/m);
    assert.match(stdout, /^Vendor ID: 'IBM {5}'$/m);
    assert.match(stdout, /Storage Changer \/dev\/sg0:2 Drives, 25 Slots \( 1 Import\/Export \)/);
    assert.match(stdout, /^Loading media from Storage Element 3 into drive 0\.\.\.done$/m);
    assert.match(stdout, /^Data Transfer Element 0:Full \(Storage Element 3 Loaded\):VolumeTag = A00003L8/m);
    assert.match(stdout, /^Unloading drive 0 into Storage Element 3\.\.\.done$/m);
    assert.match(stdout, /Completed 200 Test Unit Ready commands with 0 errors/);
    assert.match(stdout, /Unit serial number: \S+/);
    const rate = /(\d+) operations\/sec/.exec(stdout)?.[1];
    if (rate !== undefined) t.diagnostic(`TEST UNIT READY through guest sg → virtio-scsi → QEMU libiscsi → our target: ${rate}/s`);
  });
});
