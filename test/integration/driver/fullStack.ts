// Opens a Changer on the real stack — class driver → SMC miniclass → loopback → virtual library —
// keeping the library at hand so tests can also act on its front panel and inject faults.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Changer } from '../../../src/driver/changer.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import { LoopbackTransport } from '../../../src/transport/loopback.ts';

export interface Stack {
  readonly changer: Changer;
  readonly library: VirtualLibrary;
  readonly dir: string;
  close(): Promise<void>;
}

export async function openStack(profile: string): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), `changer-${profile}-`));
  const library = await VirtualLibrary.open({ dir, profile, instant: true });
  const changer = await Changer.open(`virtual:${dir}`, {
    owner: 'full-stack test',
    connect: async () => new SmcMiniclass(new LoopbackTransport(library.device, { initiator: 'test-initiator', lun: 0 }, `virtual:${dir}`)),
  });
  return {
    changer, library, dir,
    close: async () => {
      await changer.close();
      await library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
