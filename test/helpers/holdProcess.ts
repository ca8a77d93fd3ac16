/**
 * Another process holding a changer (holdChanger.ts), and this process opening one, for the tests
 * of the exclusive hold across processes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Changer } from '../../src/driver/changer.ts';
import { MINIMAL } from './parameters.ts';
import { RecordingMiniclass } from './recordingMiniclass.ts';

const child = fileURLToPath(new URL('./holdChanger.ts', import.meta.url));

export interface Holder {
  readonly process: ChildProcessWithoutNullStreams;
  /** The child's next line of output ('' once it has ended). */
  nextLine(): Promise<string>;
}

/** A child process that opens `url` as `owner` and reports on stdout ('held', 'closed', 'error CODE'). */
export function startHolder(url: string, owner: string): Holder {
  const p = spawn(process.execPath, ['--import', 'tsx', child, url, owner], { stdio: 'pipe' });
  const lines = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
  return { process: p, nextLine: async () => ((await lines.next()).value as string | undefined) ?? '' };
}

/** Opens `url` in this process as 'parent', on a recording miniclass with the MINIMAL parameters. */
export const openHere = (url: string, takeFromSilentHolder = false): Promise<Changer> =>
  Changer.open(url, { owner: 'parent', takeFromSilentHolder, connect: async () => new RecordingMiniclass(MINIMAL) });
