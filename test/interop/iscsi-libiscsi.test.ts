import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { ScsiDevice } from '../../src/scsi/device.ts';
import { IscsiTarget } from '../../src/iscsi/target/index.ts';
import { TestDevice } from '../integration/iscsi/testDevice.ts';

// Our target against a real initiator: Debian's libiscsi-bin (iscsi-ls, iscsi-inq), the same tools
// and commands as ../shared/interop/samples/host-libiscsi.txt uses against tgt. The changer on
// LUN 0 is the virtual library (library-24) when it loads, else TestDevice; LUN 1 is a TestDevice
// posing as a tape drive. Skipped, with the reason printed, when the tools are not installed.

const IQN = 'iqn.2024-01.org.changer.interop:library';
const SECURE_IQN = 'iqn.2024-01.org.changer.interop:secure';
const CHAP = { username: 'host1', secret: 'interop-secret-42' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(command: string, args: readonly string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

async function installed(tool: string): Promise<boolean> {
  const probe = await run(tool, ['--help']);
  return !/ENOENT/.test(probe.stderr) && probe.code !== -1;
}

let missing: string | undefined;
let target: IscsiTarget | undefined;
let secure: IscsiTarget | undefined;
let closeLibrary: () => Promise<void> = async () => undefined;
let portal = '';
let securePortal = '';
let changerIsLibrary = false;

before(async () => {
  for (const tool of ['iscsi-ls', 'iscsi-inq']) {
    if (!(await installed(tool))) {
      missing = `${tool} is not installed (apt-get install libiscsi-bin)`;
      return;
    }
  }
  let changer: ScsiDevice;
  try {
    const { VirtualLibrary } = await import('../../src/emulator/index.ts');
    const library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
    closeLibrary = () => library.close();
    changer = library.device;
    changerIsLibrary = true;
  } catch {
    changer = new TestDevice('CHG-INTEROP', 0x08);
  }
  target = new IscsiTarget({ targets: [{ name: IQN, alias: 'interop library', luns: new Map([[0, changer], [1, new TestDevice('TAPE-INTEROP', 0x01)]]) }] });
  portal = `iscsi://127.0.0.1:${(await target.listen(0)).port}`;
  // A separate portal: iscsi-ls gives up on the first target it cannot log in to.
  secure = new IscsiTarget({ targets: [{ name: SECURE_IQN, luns: { 0: new TestDevice('SEC-INTEROP', 0x08) }, chap: CHAP }] });
  securePortal = `127.0.0.1:${(await secure.listen(0)).port}`;
});

after(async () => {
  await target?.close({ graceMs: 500 });
  await secure?.close({ graceMs: 500 });
  await closeLibrary();
});

describe('libiscsi tools against our target', () => {
  it('iscsi-ls -s: discovery, login, REPORT LUNS and INQUIRY of every LUN', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-ls', ['-s', portal]);
    t.diagnostic(`iscsi-ls -s: ${result.ms} ms`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], `Target:${IQN} Portal:${portal.slice('iscsi://'.length)},1`);
    assert.match(result.stdout, /^Lun:0\s+Type:MEDIA_CHANGER$/m);
    assert.match(result.stdout, /^Lun:1\s+Type:SEQUENTIAL_ACCESS/m);
  });

  it('iscsi-ls --url lists the target as a URL', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-ls', ['--url', portal]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), `${portal}/${IQN}/0`);
  });

  it('iscsi-inq: standard INQUIRY of the changer', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-inq', [`${portal}/${IQN}/0`]);
    t.diagnostic(`iscsi-inq: ${result.ms} ms`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^Peripheral Qualifier:CONNECTED$/m);
    assert.match(result.stdout, /^Peripheral Device Type:MEDIA_CHANGER$/m);
    assert.match(result.stdout, /^Removable:1$/m);
    assert.match(result.stdout, /^Vendor:\S+/m);
    if (changerIsLibrary) assert.match(result.stdout, /^Vendor:IBM\s*$/m);
  });

  it('iscsi-inq -e 1 -c 0x80 (libiscsi reads "0x80" as 0: the supported VPD pages) and -c 128 (unit serial number)', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const pages = await run('iscsi-inq', ['-e', '1', '-c', '0x80', `${portal}/${IQN}/0`]);
    assert.equal(pages.code, 0, pages.stdout + pages.stderr);
    assert.match(pages.stdout, /^Page:0x00 SUPPORTED_VPD_PAGES$/m);
    assert.match(pages.stdout, /^Page:0x80 UNIT_SERIAL_NUMBER$/m);
    const serial = await run('iscsi-inq', ['-e', '1', '-c', '128', `${portal}/${IQN}/0`]);
    assert.equal(serial.code, 0, serial.stdout + serial.stderr);
    assert.match(serial.stdout, /^Unit Serial Number:\[\S+\]$/m);
  });

  it('a LUN the target lacks: libiscsi reports LOGICAL_UNIT_NOT_SUPPORTED', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-inq', [`${portal}/${IQN}/5`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /LOGICAL_UNIT_NOT_SUPPORTED/);
  });

  it('an unknown IQN: "Target not found"', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-inq', [`${portal}/iqn.2024-01.org.changer.interop:nope/0`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /Target not found/);
  });

  it('CHAP: the right secret logs in, a wrong one gets "Authentication failure"', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const good = await run('iscsi-inq', [`iscsi://${CHAP.username}%${CHAP.secret}@${securePortal}/${SECURE_IQN}/0`]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /^Peripheral Device Type:MEDIA_CHANGER$/m);
    const bad = await run('iscsi-inq', [`iscsi://${CHAP.username}%wrong-secret-000@${securePortal}/${SECURE_IQN}/0`]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout + bad.stderr, /Authentication failure/);
    const none = await run('iscsi-inq', [`iscsi://${securePortal}/${SECURE_IQN}/0`]);
    assert.notEqual(none.code, 0);
    assert.match(none.stdout + none.stderr, /Authentication failure/);
  });

  it('after all that the target still serves (sessions ended cleanly)', async (t) => {
    if (missing !== undefined) return t.skip(missing);
    const result = await run('iscsi-inq', [`${portal}/${IQN}/1`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Peripheral Device Type:SEQUENTIAL_ACCESS/);
    assert.equal(target?.sessionCount, 0);
  });
});
