import type { Output } from './output.ts';

/**
 * A progress bar on stderr for long work (inventory of a big library). Silent when stderr is not
 * a terminal or with --json, so scripts and logs stay clean.
 */
export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export async function startProgress(o: Output, total: number, title: string): Promise<Progress> {
  const stream = o.err as NodeJS.WriteStream;
  if (o.json || stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: `${title} [{bar}] {value}/{total} {label}`, stream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  bar.start(total, 0, { label: '' });
  return {
    update: (done, label = '') => bar.update(done, { label }),
    stop: () => bar.stop(),
  };
}
