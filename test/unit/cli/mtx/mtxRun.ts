// Runs changer-mtx in-process against a miniclass, capturing stdout, stderr and both in the
// order they were written (mtx writes "Loading media..." to stdout and the failure to stderr on
// the same line, as the samples show).
import { Writable } from 'node:stream';
import { runMtxWith } from '../../../../src/cli/mtx/mtxProgram.ts';
import type { Miniclass } from '../../../../src/driver/miniclass.ts';
import { openerFor } from './tgtLibrary.ts';

export interface MtxRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** stdout and stderr interleaved, as a terminal or `2>&1` shows them. */
  readonly both: string;
}

export async function runMtxOn(mini: Miniclass, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<MtxRun> {
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
  const code = await runMtxWith(argv, { out: sink((s) => (out += s)), err: sink((s) => (err += s)), env }, openerFor(mini));
  return { code, out, err, both };
}
