/**
 * Real backups through a virtual drive (issue 12, "Done when"): `changer emulate` runs as a child
 * process, and a QEMU guest (../shared/interop/guest-mtx.sh: QEMU's libiscsi, the guest kernel's
 * st driver, mt-st, busybox dd/tar/md5sum) loads a cartridge with mtx, checks `mt status`, writes
 * GUEST_TAPE_MB MiB of random data in variable 64 KiB blocks and again in fixed 256 KiB blocks
 * (`mt setblk 262144`), each closed by st's filemark, rewinds and reads it back with the same
 * checksum, then round-trips a directory tree with tar.
 *
 * GUEST_TAPE_MB: the issue asks for 256 MiB; the guest runs QEMU in software (TCG) here, where
 * 256 MiB makes this file take 49–61 s on an idle 2-core machine and 92 s beside other test files
 * (a third of it the guest making random data and hashing it; the guest needs 1.2 GB of memory),
 * so the default is 64 MiB (25–33 s). Set GUEST_TAPE_MB=256 for the full size.
 * The guest's write and read rates are printed as diagnostics (figures, never pass/fail on time).
 * Skipped, with the reason, where the harness, QEMU or its cached guest is missing.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emulateChild, stopChild, type EmulateChild } from '../helpers/emulateChild.ts';
import { guestSkipReason, runGuest } from './guestHarness.ts';

const MB = Number(process.env.GUEST_TAPE_MB ?? '64');
const BLOCK = 10_240;

let skip: string | undefined;
let dir = '';
let emulator: EmulateChild | undefined;

before(async () => {
  skip = await guestSkipReason();
  if (!Number.isInteger(MB) || MB < 1) throw new Error(`GUEST_TAPE_MB must be a whole number of MiB, got ${process.env.GUEST_TAPE_MB}`);
  dir = await mkdtemp(join(tmpdir(), 'changer-guest-data-'));
});

after(async () => {
  if (emulator !== undefined) await stopChild(emulator);
  await rm(dir, { recursive: true, force: true });
});

function rate(mb: number, ms: number | undefined): string {
  return ms === undefined ? '?' : `${((mb * 1024 * 1024) / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
}

describe('Linux st in a QEMU guest over `changer emulate`: data round trips', () => {
  it(`mtx load, mt status, ${MB} MiB in 64 KiB variable and 256 KiB fixed blocks, tar of a tree: all read back identical`, { timeout: 300_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    emulator = emulateChild([`${join(dir, 'lib')}?profile=library-24&clock=virtual`]);
    const library = (await emulator.listening).libraries[0];
    const drive = library?.drives[0];
    assert.ok(library !== undefined && drive !== undefined);

    const commands = [
      /* 0 */ 'mtx -f /dev/sg0 load 1 0',
      /* 1 */ 'mt -f /dev/nst0 status',
      /* 2 */ `dd if=/dev/urandom of=/tmp/a bs=1048576 count=${MB} 2>/dev/null && md5sum /tmp/a`,
      /* 3 */ 'dd if=/tmp/a of=/dev/nst0 bs=65536',
      /* 4 */ 'mt -f /dev/nst0 tell && mt -f /dev/nst0 rewind',
      /* 5 */ 'dd if=/dev/nst0 of=/tmp/b bs=65536',
      /* 6 */ 'md5sum /tmp/b && rm /tmp/b',
      /* 7 */ 'mt -f /dev/nst0 rewind && mt -f /dev/nst0 setblk 262144 && mt -f /dev/nst0 status',
      /* 8 */ 'dd if=/tmp/a of=/dev/nst0 bs=262144',
      /* 9 */ 'mt -f /dev/nst0 tell && mt -f /dev/nst0 rewind',
      /* 10 */ 'dd if=/dev/nst0 of=/tmp/b bs=262144',
      /* 11 */ 'md5sum /tmp/b && rm /tmp/a /tmp/b',
      /* 12 */ 'mt -f /dev/nst0 setblk 0 && mt -f /dev/nst0 rewind',
      /* 13 */ 'mkdir -p /tmp/d/sub/deeper /tmp/d/empty && echo hello tape > /tmp/d/a.txt && ln -s a.txt /tmp/d/link'
        + ' && dd if=/dev/urandom of=/tmp/d/sub/b.bin bs=1000 count=49 2>/dev/null && dd if=/dev/urandom of=/tmp/d/sub/deeper/c.bin bs=1000 count=300 2>/dev/null'
        + ' && (cd /tmp/d && find . | sort && find . -type f | sort | xargs md5sum) > /tmp/before',
      /* 14 */ `tar -cf - -C /tmp d | dd of=/dev/nst0 bs=${BLOCK} iflag=fullblock`,
      /* 15 */ 'mt -f /dev/nst0 tell && mt -f /dev/nst0 rewind',
      /* 16 */ `mkdir /tmp/r && dd if=/dev/nst0 bs=${BLOCK} | tar -xf - -C /tmp/r && readlink /tmp/r/d/link`
        + ' && (cd /tmp/r/d && find . | sort && find . -type f | sort | xargs md5sum) > /tmp/after && cmp /tmp/before /tmp/after && echo tree=same && wc -l < /tmp/after',
    ];
    const started = Date.now();
    const run = await runGuest(library.url, [drive.url], commands, { memMB: Math.max(256, 4 * MB + 192), timeoutSeconds: 260 });
    const wallMs = Date.now() - started;
    const ms = run.commandMs;
    t.diagnostic(`${MB} MiB through st in the guest: variable 64 KiB write ${rate(MB, ms[3])}, read ${rate(MB, ms[5])}; fixed 256 KiB write ${rate(MB, ms[8])}, read ${rate(MB, ms[10])}; guest run ${wallMs} ms`);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr.slice(-3000)}`);
    const out = run.stdout;

    assert.match(out, /^Loading media from Storage Element 1 into drive 0\.\.\.done$/m);
    assert.match(out, /^File number=0, block number=0, partition=0\.\nTape block size 0 bytes\. Density code 0x5e \(LTO-8\)\.$/m);
    assert.match(out, /^ BOT ONLINE IM_REP_EN$/m);

    const sums = [...out.matchAll(/^([0-9a-f]{32}) {2}\/tmp\/([ab])$/gm)].map((m) => `${m[2]} ${m[1]}`);
    assert.equal(sums.length, 3, out);
    const written = sums[0]?.slice(2);
    assert.deepEqual(sums, [`a ${written}`, `b ${written}`, `b ${written}`]);

    // Variable mode: one 64 KiB tape block per write(), then st's filemark at close.
    const variableBlocks = MB * 16;
    assert.equal([...out.matchAll(new RegExp(`^${variableBlocks}\\+0 records in\\n${variableBlocks}\\+0 records out$`, 'gm'))].length, 2, out);
    assert.match(out, new RegExp(`^At block ${variableBlocks + 1}\\.$`, 'm'));
    // Fixed mode: 256 KiB blocks, as many as the data holds, and the filemark.
    assert.match(out, /^Tape block size 262144 bytes\. Density code 0x5e \(LTO-8\)\.$/m);
    const fixedBlocks = MB * 4;
    assert.equal([...out.matchAll(new RegExp(`^${fixedBlocks}\\+0 records in\\n${fixedBlocks}\\+0 records out$`, 'gm'))].length, 2, out);
    assert.match(out, new RegExp(`^At block ${fixedBlocks + 1}\\.$`, 'm'));

    // tar: 8 headers (512 bytes each), the files' data in 512-byte blocks (512 + 49 152 + 300 032)
    // and the two closing blocks are 354 816 bytes: 34 whole records of 10 240 and a short one (dd
    // passes tar's last partial record on as it is), then the filemark. Written and read back the
    // same; the tree (8 names, the symlink) and the 3 files' checksums are the same.
    assert.equal([...out.matchAll(/^34\+1 records in\n34\+1 records out$/gm)].length, 2, out);
    assert.match(out, /^At block 36\.$/m);
    assert.match(out, /^a\.txt\ntree=same\n11$/m);
  });
});
