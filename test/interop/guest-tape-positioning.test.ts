/**
 * Positioning, erase, compression and the end of tape as Linux `st` sees them (issue 12, "Done
 * when"): `changer emulate` runs as a child process with a profile whose cartridges hold 8 MiB
 * (`tapeCapacityBytes`, a profile file), and a QEMU guest (../shared/interop/guest-mtx.sh) drives
 * the first drive with mtx, mt-st and busybox dd. Every step prints st's view (`mt status` file and
 * block numbers, the status bits, `mt tell`), which must be exactly what an LTO drive gives st:
 * the errno st returns where ssc.md §1 says it does (EIO for SPACE into BOT or past end of data,
 * for LOCATE past end of data, for a read at end of data not right after a filemark; ENOMEM for a
 * block longer than the read), and ENOSPC at early warning with the closing filemark still
 * written and read back; between early warning and the physical end st's every-other-write pattern,
 * then ENOSPC for good (VOLUME OVERFLOW).
 * Skipped, with the reason, where the harness, QEMU or its cached guest is missing.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emulateChild, stopChild, type EmulateChild } from '../helpers/emulateChild.ts';
import { guestSkipReason, runGuest } from './guestHarness.ts';

const CAPACITY = 8 * 1024 * 1024;
/** st's view after each step: the file and block numbers, the status bits, the drive's block position. */
const WHERE = 'mt -f /dev/nst0 status | grep -E "^File|^ [A-Z]"; mt -f /dev/nst0 tell';

let skip: string | undefined;
let dir = '';
let emulator: EmulateChild | undefined;

before(async () => {
  skip = await guestSkipReason();
  dir = await mkdtemp(join(tmpdir(), 'changer-guest-positioning-'));
});

after(async () => {
  if (emulator !== undefined) await stopChild(emulator);
  await rm(dir, { recursive: true, force: true });
});

/** The output of each step, by the name its command echoed first. */
function steps(stdout: string): Record<string, string> {
  const body = stdout.replace(/^[\s\S]*?===== BEGIN GUEST OUTPUT =====\n/, '').replace(/===== END GUEST OUTPUT rc=\d+ =====\n?$/, '');
  const result: Record<string, string> = {};
  for (const part of body.split(/^== /m).slice(1)) {
    const newline = part.indexOf('\n');
    result[part.slice(0, newline)] = part.slice(newline + 1);
  }
  return result;
}

describe('Linux st in a QEMU guest over `changer emulate`: positioning and end of tape', () => {
  it('mt fsf/bsf/bsr/fsr/eod/tell/seek/erase/compression as on an LTO drive; an 8 MiB cartridge written to ENOSPC keeps its closing filemark; writes past early warning up to the physical end', { timeout: 240_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const profile = JSON.parse(await readFile(new URL('../../src/emulator/profiles/library-24.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const profileFile = join(dir, 'small-tapes.json');
    await writeFile(profileFile, JSON.stringify({ ...profile, name: 'library-24-small-tapes', tapeCapacityBytes: CAPACITY }));
    emulator = emulateChild([`${join(dir, 'lib')}?profile=${profileFile}&clock=virtual`]);
    const library = (await emulator.listening).libraries[0];
    const drive = library?.drives[0];
    assert.ok(library !== undefined && drive !== undefined);
    assert.equal(library.profile, 'library-24-small-tapes');

    const commands = [
      'echo "== load"; mtx -f /dev/sg0 load 1 0',
      // Three files: 3 blocks of 1 KiB, 5 of 2 KiB, 2 of 4 KiB, each ended by st's filemark at
      // close — blocks 0-2, filemark 3, blocks 4-8, filemark 9, blocks 10-11, filemark 12.
      'echo "== write"; dd if=/dev/urandom of=/tmp/f0 bs=1024 count=3 2>/dev/null && dd if=/dev/urandom of=/tmp/f1 bs=2048 count=5 2>/dev/null'
        + ' && dd if=/dev/urandom of=/tmp/f2 bs=4096 count=2 2>/dev/null && dd if=/tmp/f0 of=/dev/nst0 bs=1024 2>/dev/null'
        + ` && dd if=/tmp/f1 of=/dev/nst0 bs=2048 2>/dev/null && dd if=/tmp/f2 of=/dev/nst0 bs=4096 2>/dev/null; ${WHERE}`,
      `echo "== fsf 2"; mt -f /dev/nst0 rewind && mt -f /dev/nst0 fsf 2; ${WHERE}`,
      `echo "== bsf 1"; mt -f /dev/nst0 bsf 1; ${WHERE}`,
      `echo "== bsr 2"; mt -f /dev/nst0 bsr 2; ${WHERE}`,
      `echo "== fsr 1"; mt -f /dev/nst0 fsr 1; ${WHERE}`,
      `echo "== eod"; mt -f /dev/nst0 eod; ${WHERE}`,
      `echo "== seek 4"; mt -f /dev/nst0 seek 4; ${WHERE}; dd if=/dev/nst0 of=/tmp/r bs=2048 count=1 2>/dev/null && dd if=/tmp/f1 bs=2048 count=1 2>/dev/null | cmp - /tmp/r && echo "block 4 = file 1's first"`,
      // Block 5 (2 KiB) into 1 KiB: ENOMEM, and the head is past the block; block 6 into 4 KiB: its 2 KiB.
      'echo "== smaller and larger buffers"; dd if=/dev/nst0 of=/dev/null bs=1024 count=1; mt -f /dev/nst0 tell; dd if=/dev/nst0 of=/dev/null bs=4096 count=1; mt -f /dev/nst0 tell',
      `echo "== bsf at BOT"; mt -f /dev/nst0 rewind && mt -f /dev/nst0 bsf 1; ${WHERE}`,
      `echo "== bsr at BOT"; mt -f /dev/nst0 bsr 1; ${WHERE}`,
      `echo "== fsf past EOD"; mt -f /dev/nst0 fsf 4; ${WHERE}`,
      `echo "== seek past EOD"; mt -f /dev/nst0 seek 100; ${WHERE}`,
      'echo "== read at EOD"; dd if=/dev/nst0 of=/dev/null bs=4096',
      // LOAD UNLOAD: unthreaded, then threaded again at the beginning; st's new session (28/00).
      `echo "== offline, load"; mt -f /dev/nst0 offline && mt -f /dev/nst0 status | tail -1 && mt -f /dev/nst0 load; ${WHERE}`,
      `echo "== erase"; mt -f /dev/nst0 rewind && mt -f /dev/nst0 fsf 1 && mt -f /dev/nst0 erase; ${WHERE}; mt -f /dev/nst0 rewind && mt -f /dev/nst0 eod; ${WHERE}`,
      'echo "== after erase"; mt -f /dev/nst0 rewind && dd if=/dev/nst0 of=/tmp/r bs=1024 && cmp /tmp/f0 /tmp/r && echo "file 0 same"; dd if=/dev/nst0 of=/tmp/r bs=1024',
      // Appending as backup software does: to end of data, a new file, found again by fsf.
      `echo "== append at EOD"; mt -f /dev/nst0 eod && dd if=/tmp/f2 of=/dev/nst0 bs=4096 2>/dev/null; ${WHERE}; mt -f /dev/nst0 rewind && mt -f /dev/nst0 fsf 1 && dd if=/dev/nst0 of=/tmp/r bs=4096 2>/dev/null && cmp /tmp/f2 /tmp/r && echo "file 1 = f2"`,
      // 4 MiB of zeros: stored as written without compression, deflated to almost nothing with it.
      'echo "== compression 0"; mt -f /dev/nst0 compression 0 && mt -f /dev/nst0 rewind && dd if=/dev/zero of=/dev/nst0 bs=65536 count=64 2>/dev/null'
        + ' && sg_logs -p 0x17 /dev/sg1 | grep -E "Total used|record data counter"',
      'echo "== compression 1"; mt -f /dev/nst0 compression 1 && mt -f /dev/nst0 rewind && dd if=/dev/zero of=/dev/nst0 bs=65536 count=64 2>/dev/null'
        + ' && sg_logs -p 0x17 /dev/sg1 | grep -E "Total used|record data counter"'
        + ' && mt -f /dev/nst0 rewind && dd if=/dev/nst0 of=/tmp/z bs=65536 2>/dev/null && dd if=/dev/zero of=/tmp/z0 bs=65536 count=64 2>/dev/null && cmp /tmp/z /tmp/z0 && echo "zeros read back"',
      // A fresh cartridge: early warning is 1/32 of 8 MiB (256 KiB) before the end, so the 124th
      // 64 KiB block reaches it; st returns that write whole and the next one ENOSPC; the filemark
      // st writes at close still fits (filemarks take no room until the physical end).
      'echo "== to the end"; mtx -f /dev/sg0 unload 1 0 >/dev/null && mtx -f /dev/sg0 load 2 0 >/dev/null && dd if=/dev/urandom of=/tmp/big bs=65536 count=130 2>/dev/null'
        + ` && dd if=/tmp/big of=/dev/nst0 bs=65536; ${WHERE}`,
      `echo "== read back"; mt -f /dev/nst0 rewind && dd if=/dev/nst0 of=/tmp/back bs=65536 && dd if=/tmp/big bs=65536 count=124 2>/dev/null | cmp - /tmp/back && echo "124 blocks same"; dd if=/dev/nst0 of=/tmp/back bs=65536; ${WHERE}`,
      'echo "== capacity"; sg_logs -p 0x31 /dev/sg1 | grep "Main partition"',
      // One open of the drive (fd 3) and 140 one-block writes into it on a fresh cartridge: w = written,
      // - = ENOSPC. Past early warning st refuses every other write to let a trailer through; the
      // physical end (128 blocks = 8 MiB) is VOLUME OVERFLOW, ENOSPC from then on; close still writes the filemark.
      'echo "== past early warning"; mtx -f /dev/sg0 unload 2 0 >/dev/null && mtx -f /dev/sg0 load 3 0 >/dev/null && dd if=/dev/urandom of=/tmp/blk bs=65536 count=1 2>/dev/null'
        + ' && exec 3>/dev/nst0; i=0; s=""; while [ $i -lt 140 ]; do if dd if=/tmp/blk bs=65536 2>/dev/null >&3; then s="${s}w"; else s="${s}-"; fi; i=$((i+1)); done; exec 3>&-; echo "$s";'
        + ' mt -f /dev/nst0 tell; mt -f /dev/nst0 rewind && dd if=/dev/nst0 of=/dev/null bs=65536',
    ];
    const run = await runGuest(library.url, [drive.url], commands, { timeoutSeconds: 200 });
    // The only command that ends non-zero is the read at end of data (dd's EIO): no timeout (124), no boot failure (125).
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr.slice(-3000)}`);
    const at = (file: number, block: number, bits: string, position: number): string => `File number=${file}, block number=${block}, partition=0.\n ${bits === '' ? '' : `${bits} `}ONLINE IM_REP_EN\nAt block ${position}.\n`;
    const eio = '/dev/nst0: Input/output error\n';
    assert.deepEqual(steps(run.stdout), {
      load: 'Loading media from Storage Element 1 into drive 0...done\n',
      write: at(3, 0, 'EOF', 13),
      'fsf 2': at(2, 0, 'EOF', 10),
      // Backward over filemark 9: the head rests on its beginning-of-tape side, st no longer knows the block.
      'bsf 1': at(1, -1, '', 9),
      'bsr 2': at(1, -1, '', 7),
      'fsr 1': at(1, -1, '', 8),
      // st's MTEOM spaces 0x7FFFFF filemarks; BLANK CHECK's INFORMATION (those not spaced) gives file 3.
      eod: at(3, -1, 'EOD', 13),
      'seek 4': `${at(-1, -1, '', 4)}block 4 = file 1's first\n`,
      // ILI with a negative residue: st returns ENOMEM and the head is past the long block (ssc.md §1.4); a
      // shorter block than asked is a short read.
      'smaller and larger buffers': 'dd: /dev/nst0: Cannot allocate memory\nAt block 6.\n0+1 records in\n0+1 records out\nAt block 7.\n',
      // SPACE backward at the beginning of the partition ends in CHECK CONDITION (EOM, 00/04): EIO.
      'bsf at BOT': eio + at(0, 0, 'BOT', 0),
      'bsr at BOT': eio + at(0, 0, 'BOT', 0),
      // Four filemarks asked, three on tape: BLANK CHECK at end of data, EIO, file 0 + 4 − 1.
      'fsf past EOD': eio + at(3, -1, 'EOD', 13),
      // LOCATE past end of data stops there with BLANK CHECK.
      'seek past EOD': eio + at(-1, -1, '', 13),
      // BLANK CHECK not right after a filemark st has read: EIO (ssc.md §1.4).
      'read at EOD': 'dd: /dev/nst0: Input/output error\n',
      'offline, load': ` DR_OPEN IM_REP_EN\n${at(0, 0, 'BOT', 0)}`,
      // ERASE after file 0's filemark: end of data is block 4.
      erase: at(1, 0, 'EOF', 4) + at(1, -1, 'EOD', 4),
      // File 0 is intact; the next read meets end of data right after its filemark: 0 bytes, not an error.
      'after erase': '3+0 records in\n3+0 records out\nfile 0 same\n0+0 records in\n0+0 records out\n',
      // Blocks 4-5 and the filemark st writes at close (6): file 2 begins at block 7.
      'append at EOD': `${at(2, 0, 'EOF', 7)}file 1 = f2\n`,
      // Page 17h in MB: 8 native, 4 used, 4 remaining without compression; with it the zeros take no MB.
      'compression 0': '  Total used native capacity [MB]: 4\n'
        + '    partition number: 0, partition record data counter: 8\n    partition number: 0, partition record data counter: 4\n    partition number: 0, partition record data counter: 4\n',
      'compression 1': '  Total used native capacity [MB]: 0\n'
        + '    partition number: 0, partition record data counter: 8\n    partition number: 0, partition record data counter: 0\n    partition number: 0, partition record data counter: 8\n'
        + 'zeros read back\n',
      // 124 blocks written (8 MiB − 256 KiB), the 125th refused with ENOSPC, the filemark at close is block 124.
      'to the end': "dd: error writing '/dev/nst0': No space left on device\n125+0 records in\n124+0 records out\n" + at(1, 0, 'EOF', 125),
      // Read back: the 124 blocks, then end of file; then end of data (another 0-byte read).
      'read back': '124+0 records in\n124+0 records out\n124 blocks same\n0+0 records in\n0+0 records out\n' + at(2, 0, 'EOF EOD', 125),
      capacity: '  Main partition remaining capacity (in MiB): 0\n  Main partition maximum capacity (in MiB): 8\n',
      'past early warning': `${'w'.repeat(124)}${'-w'.repeat(4)}${'-'.repeat(8)}\nAt block 129.\n128+0 records in\n128+0 records out\n`,
    });
  });
});
