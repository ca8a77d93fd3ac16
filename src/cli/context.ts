import { Changer } from '../driver/changer.ts';
import type { Output } from './output.ts';

/** The default device: the embedded virtual library under ./data (the 24-slot profile). */
export const DEFAULT_DEVICE = 'virtual:./data/library?profile=library-24';

export interface CommandContext {
  readonly output: Output;
  readonly device: string;
}

export function deviceFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.CHANGER_DEVICE ?? DEFAULT_DEVICE;
}

/** Open the changer for one command and always close it, releasing the exclusive hold. */
export async function withChanger<T>(ctx: CommandContext, work: (changer: Changer) => Promise<T>): Promise<T> {
  await import('../driver/smc/connect.ts'); // installs the device-URL resolver
  const changer = await Changer.open(ctx.device, { owner: `changer (pid ${process.pid})` });
  try {
    return await work(changer);
  } finally {
    await changer.close();
  }
}
