// The issue's crash test: SIGKILL the manager at random points during a mount/dismount storm,
// restart at once (no pause: the restarted manager must own the library straight away, its
// predecessor's 60 s lease notwithstanding), reconcile — no cartridge lost or duplicated in the catalog, and every request the
// manager acknowledged ends in a final state. Seeded: a failure replays with its seed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Manager } from '../../../../src/rsm/index.ts';
import { embeddedLibraryClock } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from '../manager/conservation.ts';
import { seededRandom } from './seededRandom.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20240611);
const ITERATIONS = 6;
const child = fileURLToPath(new URL('./stormChild.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'changer-crash-'));
after(() => {
  if (process.env.CRASH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  else console.log(`crash test files kept in ${dir}`);
});

interface Run {
  readonly acknowledged: number[];
  readonly killedAfterMs: number;
}

/** Start the storm, let it run for a random while after it is ready, then SIGKILL it. */
function stormAndKill(catalog: string, library: string, seed: number, runMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, catalog, library, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: number[] = [];
    let stderr = '';
    let readyAt = 0;
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean; owned?: boolean; ack?: number };
      if (message.ready === true) {
        if (message.owned !== true) reject(new Error('the restarted manager did not own the library'));
        readyAt = Date.now();
        setTimeout(() => proc.kill('SIGKILL'), runMs);
      }
      if (message.ack !== undefined) acknowledged.push(message.ack);
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acknowledged, killedAfterMs: Date.now() - readyAt });
      else reject(new Error(`the storm exited by itself (code ${String(code)}): ${stderr}`));
    });
  });
}

test('SIGKILL during a mount/dismount storm: after restart every cartridge is in the catalog once, where the library has it, and every request ends', { timeout: 120_000 }, async () => {
  const random = seededRandom(SEED);
  const catalog = join(dir, 'catalog.sqlite');
  const library = join(dir, 'library');
  const acknowledged: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const run = await stormAndKill(catalog, library, SEED + i, 200 + Math.floor(random() * 1300));
    acknowledged.push(...run.acknowledged);
  }
  assert.ok(acknowledged.length >= ITERATIONS, `the storm got requests acknowledged (${acknowledged.length})`);

  // The last restart: reconcile, resume, and play the applications' part — dismount what is mounted —
  // until nothing is left unfinished.
  const log: string[] = [];
  const record = (level: string) => (o: object, message?: string): void => {
    log.push(`${level} ${message ?? ''} ${JSON.stringify(o)}`);
  };
  const libraryUrl = `virtual:${library}?profile=library-24&clock=virtual`;
  const manager = await Manager.start({
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    catalogUrl: catalog,
    libraries: [{ name: 'lib0', deviceUrl: libraryUrl, clock: embeddedLibraryClock(libraryUrl) }],
    leaseTtlMs: 60_000,
    leaseWaitMs: 0,
    pollIntervalMs: 50,
  });
  try {
    const deviceUrl = `virtual:${library}?profile=library-24&clock=virtual`;
    const deadline = Date.now() + 40_000;
    for (;;) {
      const open = await manager.requests({ library: 'lib0', states: ['queued', 'waiting', 'in-progress'] });
      if (open.length === 0) break;
      if (Date.now() >= deadline) {
        const drives = (await manager.library('lib0')).drives.map((d) => `drive ${d.index}: ${d.barcode ?? d.mediumId ?? 'empty'} ${d.state}`);
        console.log(log.join('\n'));
        assert.fail(`requests still unfinished: ${open.map((r) => `${r.id} ${r.kind} ${r.state} ${JSON.stringify(r.history)} ${r.barcode ?? ''} drive ${String(r.driveIndex)}`).join(', ')}; ${drives.join(', ')}`);
      }
      const pendingDismounts = new Set(open.filter((r) => r.kind === 'dismount').map((r) => r.driveIndex));
      for (const drive of (await manager.library('lib0')).drives) {
        if (drive.barcode !== null && !pendingDismounts.has(drive.index)) await manager.dismount({ library: 'lib0', drive: drive.index }, { application: 'verifier' }).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await manager.idle();
    for (const id of acknowledged) {
      const request = await manager.request(id);
      assert.ok(['completed', 'failed', 'cancelled', 'timed-out'].includes(request.state), `request ${id} ended ${request.state}`);
    }
    const barcodes = (await manager.media({ library: 'lib0' })).map((m) => m.barcode).filter((b): b is string => b !== null).sort();
    const expected = [...Array.from({ length: 16 }, (_, i) => `A${String(i + 1).padStart(5, '0')}L8`), 'B00001L7', 'CLN001L1'].sort();
    assert.deepEqual(barcodes, expected, 'no cartridge lost, none duplicated');
    await assertConservation(manager, 'lib0', deviceUrl);
    const summary = await manager.requests({ library: 'lib0' });
    const byState = summary.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
    const failures = summary.filter((r) => r.state === 'failed').map((r) => `${r.kind} ${r.errorCode ?? ''}`);
    console.log(`crash test seed ${SEED}: ${acknowledged.length} acknowledged, ${summary.length} requests in the catalog: ${JSON.stringify(byState)}; failed: ${failures.join(', ')}`);
  } finally {
    await manager.close();
  }
});
