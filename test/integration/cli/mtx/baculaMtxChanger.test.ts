import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sample } from '../../../unit/cli/mtx/tgtLibrary.ts';
import { transcriptBlocks } from '../../../unit/cli/mtx/transcript.ts';
import { baculaUnavailableReason, prepareBaculaScript } from './baculaScript.ts';
import { libraryDir, libraryUrl, TGT_PROFILE } from './mtxStack.ts';

const unavailable = await baculaUnavailableReason();
if (unavailable !== undefined) console.log(`skipping the real mtx-changer test: ${unavailable}`);

test('Bacula\'s real mtx-changer with MTX=changer-mtx on the tgt-shaped virtual library gives the outputs it gave over real mtx, byte for byte', { skip: unavailable, timeout: 600_000 }, async () => {
  const dir = await libraryDir('bacula');
  try {
    // The Changer Device of bacula-sd.conf: the URL goes through the script unquoted, as /dev/sg0 would.
    const ctl = libraryUrl(dir, TGT_PROFILE);
    const script = await prepareBaculaScript(join(dir, 'bacula'));
    const session = transcriptBlocks(sample('bacula-mtx-changer-session.txt'));
    assert.equal(session.length, 12);
    for (const b of session) {
      const args = b.command.split(' ').slice(1);
      assert.equal(args[0], '/dev/sg0');
      const { output, code } = await script.run([ctl, ...args.slice(1)]);
      assert.equal(output, b.output, `output of: mtx-changer ${args.slice(1).join(' ')}`);
      assert.equal(code, b.rc, `exit code of: mtx-changer ${args.slice(1).join(' ')}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('mtx-changer on a failing load passes changer-mtx\'s message and exit code through', { skip: unavailable, timeout: 300_000 }, async () => {
  const dir = await libraryDir('bacula-fail');
  try {
    const script = await prepareBaculaScript(join(dir, 'bacula'));
    const { output, code } = await script.run([libraryUrl(dir, TGT_PROFILE), 'load', '7', '/dev/nst0', '0']);
    assert.equal(code, 1);
    assert.equal(output, 'Loading media from Storage Element 7 into drive 0...Source Element Address 1006 is Empty\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
