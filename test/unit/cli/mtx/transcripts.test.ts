import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMtxOn } from './mtxRun.ts';
import { sample, TgtMiniclass } from './tgtLibrary.ts';
import { head, mtxInvocations, transcriptBlocks, type TranscriptBlock } from './transcript.ts';

/**
 * Each mtx command of a harness transcript is replayed, in order, against one in-memory copy
 * of the library it ran on, and must print the same bytes and exit the same way.
 */
async function replay(mini: TgtMiniclass, b: TranscriptBlock): Promise<void> {
  const runs = mtxInvocations(b.command);
  if (runs === undefined) return;
  let output = '';
  let rc = 0;
  for (const r of runs) {
    const run = await runMtxOn(mini, r.argv);
    output += head(run.both, r.head);
    rc = run.code;
  }
  assert.equal(output, b.output, `output of: ${b.command}`);
  assert.equal(rc, b.rc, `exit code of: ${b.command}`);
}

test('the tgt session transcript (inquiry, status, load, status, unload, transfer, status) replays byte for byte', async () => {
  const mini = new TgtMiniclass();
  const session = transcriptBlocks(sample('tgt-mtx-session.txt'));
  assert.equal(session.length, 7);
  for (const b of session) await replay(mini, b);
});

test('the tgt error transcript (empty source, full destination, full drive, /dev/sch0 status, mailslot transfer, inventory) replays byte for byte', async () => {
  const mini = new TgtMiniclass();
  for (const b of transcriptBlocks(sample('tgt-mtx-session.txt'))) await replay(mini, b); // the state it started from
  const extra = transcriptBlocks(sample('tgt-mtx-extra.txt')).filter((b) => mtxInvocations(b.command) !== undefined);
  assert.deepEqual(extra.map((b) => b.command), [
    'mtx -f /dev/sg0 load 7 0',
    'mtx -f /dev/sg0 transfer 2 3',
    'mtx -f /dev/sg0 load 2 1; mtx -f /dev/sg0 load 4 1',
    'mtx -f /dev/sg0 unload 2 1',
    'mtx -f /dev/sch0 status | head -4',
    'mtx -f /dev/sg0 transfer 21 7',
    'mtx -f /dev/sg0 inventory',
  ]);
  for (const b of extra) await replay(mini, b);
  assert.equal(mini.contents.slots[6], 'IMP001L6', 'transfer 21 7 moved the mailslot cartridge to slot 7');
});
