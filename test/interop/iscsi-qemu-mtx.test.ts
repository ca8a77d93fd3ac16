import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { VirtualLibrary } from '../../src/emulator/index.ts';
import { IscsiTarget } from '../../src/iscsi/target/index.ts';

// The virtual library served by our target to a real Linux initiator: the interop harness
// (../shared/interop/guest-mtx.sh) boots a QEMU guest whose changer is our iSCSI LUN, opened by
// QEMU's libiscsi; the guest kernel's sg/ch drivers and the real mtx and sg3_utils talk to it.
// Skipped, with the reason, where the harness, QEMU or its cached guest (built on first use of
// the harness, which downloads packages) is missing — the test never installs anything itself.

const HARNESS = fileURLToPath(new URL('../../../shared/interop/guest-mtx.sh', import.meta.url));
const IQN = 'iqn.2024-01.org.changer.interop:qemu';

let skip: string | undefined;
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let url = '';

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

function onPath(tool: string): Promise<boolean> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${tool}`], (error) => resolve(error === null)));
}

before(async () => {
  if (!(await exists(HARNESS))) skip = `the interop harness is not at ${HARNESS}`;
  else if (!(await onPath('qemu-system-x86_64'))) skip = 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86 qemu-block-extra)';
  else if (!(await exists('/tmp/harness-cache/stamp'))) skip = 'the harness guest is not built yet (run ../shared/interop/guest-mtx.sh once)';
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
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(HARNESS, ['--timeout', '150', '--no-headers', url, ...commands], { timeout: 170_000, maxBuffer: 8 * 1024 * 1024 }, (error, out, err) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout: out, stderr: err });
      });
    });
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
