/**
 * A drive's parameter and identity commands as a real Linux host uses them: the interop harness
 * (../shared/interop/guest-mtx.sh) boots a QEMU guest whose changer (LUN 0) and first drive
 * (LUN 1) are our iSCSI LUNs; the guest kernel's st and sg drivers, mt-st and sg3_utils talk to
 * them. `mt setblk 65536` then a fixed-block dd round trip, `mt compression 0/1`, `mt setblk 0`,
 * VPD 83h, the opcode list, log pages, MAM and `mt mkpartition`. Skipped, with the reason, where the harness, QEMU
 * or its cached guest is missing — the test never installs anything itself.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { VirtualLibrary } from '../../src/emulator/index.ts';
import { IscsiTarget } from '../../src/iscsi/target/index.ts';
import { guestSkipReason, runGuest } from './guestHarness.ts';

const IQN = 'iqn.2024-01.org.changer.interop:tape-parameters';

let skip: string | undefined;
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let changerUrl = '';
let driveUrl = '';

before(async () => {
  skip = await guestSkipReason();
  if (skip !== undefined) return;
  const { VirtualLibrary } = await import('../../src/emulator/index.ts');
  library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  const drive = library.drives[0];
  assert.ok(drive !== undefined);
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: library.device, 1: drive } }] });
  const port = (await target.listen(0)).port;
  changerUrl = `iscsi://127.0.0.1:${port}/${IQN}/0`;
  driveUrl = `iscsi://127.0.0.1:${port}/${IQN}/1`;
});

after(async () => {
  await target?.close({ graceMs: 500 });
  await library?.close();
});

describe('a drive\'s parameters from a Linux guest (st, mt-st, sg3_utils) over libiscsi', () => {
  it('mt setblk 65536 + fixed-block dd, mt compression 0/1, mt setblk 0; VPD 83h NAA; sg_opcodes; sg_logs; sg_read_attr; mt mkpartition', { timeout: 240_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const commands = [
      'mtx -f /dev/sg0 load 3 0',
      'mt -f /dev/nst0 setblk 65536 && echo setblk=ok',
      'mt -f /dev/nst0 status',
      'dd if=/dev/urandom of=/tmp/a bs=65536 count=16 2>/dev/null',
      'dd if=/tmp/a of=/dev/nst0 bs=65536 2>/dev/null && mt -f /dev/nst0 rewind && dd if=/dev/nst0 of=/tmp/b bs=65536 2>/dev/null && cmp /tmp/a /tmp/b && echo fixed=same',
      'mt -f /dev/nst0 compression 0 && echo compression0=ok',
      'sg_modes -p 0x0f /dev/sg1',
      'mt -f /dev/nst0 compression 1 && echo compression1=ok',
      'mt -f /dev/nst0 setblk 0 && mt -f /dev/nst0 status',
      'sg_inq -p 0x83 /dev/sg1',
      'sg_opcodes /dev/sg1',
      'sg_logs -p 0x17 /dev/sg1',
      'sg_read_attr /dev/sg1',
      'mt -f /dev/nst0 stsetoptions can-partitions && mt -f /dev/nst0 mkpartition 1000 && echo mkpartition=ok',
      'sg_logs -p 0x31 /dev/sg1',
    ];
    const { code, stdout, stderr } = await runGuest(changerUrl, [driveUrl], commands, { timeoutSeconds: 200 });
    assert.equal(code, 0, `${stdout}\n${stderr.slice(-2000)}`);
    assert.match(stdout, /^setblk=ok$/m);
    assert.match(stdout, /^Tape block size 65536 bytes\. Density code 0x5e \(LTO-8\)\.$/m);
    assert.match(stdout, /^fixed=same$/m);
    assert.match(stdout, /^compression0=ok$/m);
    assert.match(stdout, /^ 00 {5}0f 0e 40 80 00 00 00 01 {2}00 00 00 01 00 00 00 00$/m, 'DCE cleared, DCC and DDE kept');
    assert.match(stdout, /^compression1=ok$/m);
    assert.match(stdout, /^Tape block size 0 bytes\. Density code 0x5e \(LTO-8\)\.$/m);
    assert.match(stdout, /designator_type: NAA, {2}code_set: Binary/);
    assert.match(stdout, /NAA 5, IEEE Company_id: 0x5076/);
    assert.match(stdout, /^ 15 +6 .*Mode select\(6\)$/m);
    assert.match(stdout, /^ 8d +16 .*Write attribute$/m);
    assert.match(stdout, /^ {2}Page valid: 1$/m);
    assert.match(stdout, /^ {2}Thread count: 1$/m);
    assert.match(stdout, /^ {2}Total native capacity \[MB\]: 12000000$/m);
    assert.match(stdout, /^ {2}Load count: 1$/m);
    assert.match(stdout, /^ {2}Medium density code: 0x5e$/m);
    // st's MTMKPART: MODE SENSE page 11h, MODE SELECT of it with IDP and partition 1 = 1000 MB, FORMAT MEDIUM.
    assert.match(stdout, /^mkpartition=ok$/m);
    assert.match(stdout, /^ {2}Alternate partition maximum capacity \(in MiB\): 1000$/m);
  });
});
