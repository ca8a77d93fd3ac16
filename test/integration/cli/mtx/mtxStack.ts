// changer-mtx through the whole stack: runMtx → class driver → SMC miniclass → loopback →
// the virtual library in a temporary directory (state kept there between runs, as on disk).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runMtx } from '../../../../src/cli/mtx/mtxProgram.ts';

/** The library of the mtx samples (tgt's virtual changer), as an emulator profile. */
export const TGT_PROFILE = fileURLToPath(new URL('./tgt-vtl.json', import.meta.url));

export async function libraryDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `changer-mtx-${name}-`));
}

/** Moves finish at once in discrete-event time; the mechanics are the emulator's all the same. */
export function libraryUrl(dir: string, profile: string): string {
  return `virtual:${dir}?profile=${profile}&clock=virtual`;
}

export interface MtxResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly both: string;
}

export async function mtx(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<MtxResult> {
  let out = '';
  let err = '';
  let both = '';
  const sink = (into: (s: string) => void): Writable => new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const s = chunk.toString();
      into(s);
      both += s;
      done();
    },
  });
  const code = await runMtx(argv, { out: sink((s) => (out += s)), err: sink((s) => (err += s)), env: { CHANGER_MTX_WAIT: '0', ...env } });
  return { code, out, err, both };
}
