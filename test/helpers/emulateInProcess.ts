// `changer emulate --json` run in the test's own process on a port of its choosing: resolves with
// the listening event (libraries, their iSCSI URLs and drive LUNs); abort the signal to stop it.
import { PassThrough } from 'node:stream';
import { emulateCommand } from '../../src/cli/commands/emulate.ts';

export interface ListeningEvent {
  readonly port: number;
  readonly libraries: readonly { url: string; drives: readonly { lun: number; url: string; serial: string }[] }[];
}

export interface InProcessEmulator {
  readonly listening: Promise<ListeningEvent>;
  /** Ends when the emulator has shut down (after the signal aborts). */
  readonly served: Promise<void>;
}

/** `library` is a `<dir>?profile=…&clock=…` argument of --library. */
export function emulateInProcess(library: string, signal: AbortSignal): InProcessEmulator {
  const out = new PassThrough();
  const err = new PassThrough();
  err.resume();
  let text = '';
  const listening = new Promise<ListeningEvent>((resolve, reject) => {
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line !== undefined) resolve(JSON.parse(line) as ListeningEvent);
    });
    setTimeout(() => reject(new Error(`no listening event: ${text}`)), 20_000).unref();
  });
  const served = emulateCommand({ json: true, out, err }, { listen: '127.0.0.1:0', library: [library] }, signal);
  served.catch(() => undefined);
  return { listening, served };
}
