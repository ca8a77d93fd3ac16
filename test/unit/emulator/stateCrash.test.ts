/**
 * A library process killed with SIGKILL in the middle of a stream of moves, reopened at once:
 * every acknowledged move is there (or the one in flight, its cartridge at most in the picker),
 * and no cartridge is lost or doubled.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { it } from 'node:test';
import { VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';
import { tempDir } from './helpers.ts';

it('keeps every acknowledged move across a SIGKILL mid-stream and an immediate restart', async () => {
  const { dir, remove } = await tempDir();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'stateCrashChild.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const acks: Record<string, string | null>[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      acks.push(JSON.parse(line.slice(4)) as Record<string, string | null>);
      if (acks.length === 40) child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL');
    const lib = await VirtualLibrary.open({ dir, clock: new VirtualClock({ autoAdvance: true }), instant: true });
    try {
      const found = Object.fromEntries(lib.contents().map((c) => [c.address, c.cartridge.label]));
      const last = acks.at(-1) as Record<string, string | null>;
      const differing = new Set([...Object.keys(found), ...Object.keys(last)].filter((a) => found[a] !== last[a]));
      assert.ok(isDeepStrictEqual(found, last) || differing.size <= 2, `more than the move in flight differs: ${JSON.stringify({ found, last })}`);
      assert.deepEqual(Object.values(found).sort(), Object.values(last).sort(), 'no cartridge lost or doubled');
    } finally {
      await lib.close();
    }
  } finally {
    await remove();
  }
});
