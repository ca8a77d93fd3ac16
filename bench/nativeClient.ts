// The bench's C programs, built on first use into the temporary directory, keyed by their source
// (and clientClock.h) so an edit rebuilds them: the clients (tapeClient.c, cdbClient.c: libiscsi,
// one command outstanding) and the floor target (floorTarget.c, which needs no libiscsi but is only
// of use beside the clients).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The path of the built client, or why there is none (no compiler or no libiscsi-dev). */
export async function buildNativeClient(source: 'tapeClient.c' | 'cdbClient.c' | 'floorTarget.c'): Promise<{ path: string } | { unavailable: string }> {
  const file = join(import.meta.dirname, source);
  const dir = join(tmpdir(), 'changer-bench');
  mkdirSync(dir, { recursive: true });
  // The header the clients share is part of what they are built from.
  const hash = createHash('sha256').update(readFileSync(file)).update(readFileSync(join(import.meta.dirname, 'clientClock.h'))).digest('hex');
  const path = join(dir, `${source.replace(/\.c$/, '')}-${hash.slice(0, 12)}`);
  if (existsSync(path)) return { path };
  if (!existsSync('/usr/include/iscsi/iscsi.h')) return { unavailable: 'libiscsi-dev is not installed (apt-get install libiscsi-dev)' };
  return new Promise((resolve) => {
    execFile('cc', ['-O2', '-o', path, file, source === 'floorTarget.c' ? '-lpthread' : '-liscsi'], (error, _stdout, stderr) => {
      resolve(error === null ? { path } : { unavailable: `cc could not build ${file}: ${stderr.trim() || error.message}` });
    });
  });
}
