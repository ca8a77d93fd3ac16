import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

// `npm start` on a data directory whose catalog.sqlite exists but is empty: as an operator (or
// systemd) sees it, one line on stderr and a non-zero exit, never a silently new catalog. Moving
// the file away, as the line says, starts over.

const START = join(import.meta.dirname, '../../../src/cli/start.ts');
const root = mkdtempSync(join(tmpdir(), 'changer-start-catalog-'));
after(() => rmSync(root, { recursive: true, force: true }));

function start(dataDir: string): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', START, '--data', dataDir, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--log-level', 'warn'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return { child, stdout: () => out, stderr: () => err };
}

describe('npm start with a catalog file that holds no catalog', () => {
  it('a 0-byte catalog.sqlite: one line naming the file and how to start over, exit code 1, the file untouched', async () => {
    const dataDir = join(root, 'empty');
    const catalog = join(dataDir, 'catalog.sqlite');
    mkdirSync(dataDir);
    writeFileSync(catalog, '');
    const run = start(dataDir);
    const [code] = (await once(run.child, 'exit')) as [number | null];
    assert.equal(run.stderr(), `npm start: ${catalog} is not a usable Changer catalog: it is empty (0 bytes). It was left untouched: restore it from a backup, or move it away to start over with a new, empty catalog.\n`);
    assert.equal(run.stdout(), '');
    assert.equal(code, 1);
    assert.equal(readFileSync(catalog).length, 0);

    renameSync(catalog, join(dataDir, 'catalog.sqlite.empty'));
    const again = start(dataDir);
    while (!again.stdout().includes('admin token')) {
      const exited = once(again.child, 'exit');
      const printed = once(again.child.stdout, 'data');
      const [first] = await Promise.race([printed.then(() => ['data']), exited.then(() => ['exit'])]);
      assert.equal(first, 'data', `npm start exited: ${again.stderr()}`);
    }
    assert.match(again.stdout(), new RegExp(`catalog {5}${catalog.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\n`));
    again.child.kill('SIGTERM');
    const [stopped, signal] = (await once(again.child, 'exit')) as [number | null, string | null];
    assert.equal(stopped, 0, `${String(signal)} ${again.stdout()} ${again.stderr()}`);
  });
});
