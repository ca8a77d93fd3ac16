import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMtxOn } from './mtxRun.ts';
import { sample, TgtMiniclass } from './tgtLibrary.ts';

/**
 * The harness transcripts: `>>> command`, its merged stdout/stderr, `<<< rc=N`. Each mtx
 * command of a transcript is replayed, in order, against one in-memory copy of the library it
 * ran on, and must print the same bytes and exit the same way.
 */
interface Block {
  readonly command: string;
  readonly output: string;
  readonly rc: number;
}

function blocks(transcript: string): Block[] {
  const out: Block[] = [];
  const re = /^>>> (.*)\n([\s\S]*?)^<<< rc=(\d+)/gm;
  for (const m of transcript.matchAll(re)) out.push({ command: m[1]!, output: m[2]!, rc: Number(m[3]) });
  return out;
}

/** `mtx ARGS [| head -N]`, several joined with `; `; undefined when other tools take part. */
function mtxRuns(command: string): { argv: string[]; head?: number }[] | undefined {
  const parts = command.split('; ');
  const runs = parts.map((p) => {
    const m = /^mtx (.*?)(?: \| head -(\d+))?$/.exec(p);
    if (!m || /[|&<>]/.test(m[1]!)) return undefined;
    return { argv: m[1]!.split(' '), ...(m[2] === undefined ? {} : { head: Number(m[2]) }) };
  });
  return runs.every((r) => r !== undefined) ? (runs as { argv: string[]; head?: number }[]) : undefined;
}

async function replay(mini: TgtMiniclass, b: Block): Promise<void> {
  const runs = mtxRuns(b.command);
  if (runs === undefined) return;
  let output = '';
  let rc = 0;
  for (const r of runs) {
    const run = await runMtxOn(mini, r.argv);
    output += r.head === undefined ? run.both : run.both.split('\n').slice(0, r.head).map((l) => `${l}\n`).join('');
    rc = run.code;
  }
  assert.equal(output, b.output, `output of: ${b.command}`);
  assert.equal(rc, b.rc, `exit code of: ${b.command}`);
}

test('the tgt session transcript (inquiry, status, load, status, unload, transfer, status) replays byte for byte', async () => {
  const mini = new TgtMiniclass();
  const session = blocks(sample('tgt-mtx-session.txt'));
  assert.equal(session.length, 7);
  for (const b of session) await replay(mini, b);
});

test('the tgt error transcript (empty source, full destination, full drive, /dev/sch0 status, mailslot transfer, inventory) replays byte for byte', async () => {
  const mini = new TgtMiniclass();
  for (const b of blocks(sample('tgt-mtx-session.txt'))) await replay(mini, b); // the state it started from
  const extra = blocks(sample('tgt-mtx-extra.txt')).filter((b) => mtxRuns(b.command) !== undefined);
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
