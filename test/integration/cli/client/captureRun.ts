// Runs `changer` in-process with captured stdout and stderr.
import { Writable } from 'node:stream';
import { runChanger } from '../../../../src/cli/changerProgram.ts';

export interface ChangerRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

export async function changer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChangerRun> {
  const out = new Capture();
  const err = new Capture();
  const code = await runChanger(args, { out, err, env });
  return { code, out: out.text, err: err.text };
}
