import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualLibrary, driveLun, type Profile, type VirtualClock } from '../../../src/emulator/index.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { buildMoveMediumCdb } from '../../../src/scsi/cdb/moveMedium.ts';
import type { ScsiDevice } from '../../../src/scsi/device.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR } from './helpers.ts';

/** A virtual library with its tapes in files, served over iSCSI on 127.0.0.1: the changer on LUN 0, drive k on driveLun(k). */
export interface ServedLibrary {
  readonly library: VirtualLibrary;
  readonly port: number;
  readonly iqn: string;
  url(lun: number): string;
  close(): Promise<void>;
}

/** Instant mechanics unless a clock is given. */
export async function serveLibrary(iqn: string, profile: string | Profile, clock?: VirtualClock): Promise<ServedLibrary> {
  const dir = await mkdtemp(join(tmpdir(), 'changer-served-library-'));
  const library = await VirtualLibrary.open({ dir, profile, ...(clock === undefined ? { instant: true } : { clock }) });
  const luns = new Map<number, ScsiDevice>([[0, library.device], ...library.drives.map((d): [number, ScsiDevice] => [driveLun(d.driveIndex), d])]);
  const target = new IscsiTarget({ targets: [{ name: iqn, luns }] });
  const { port } = await target.listen(0, '127.0.0.1');
  return {
    library, port, iqn,
    url: (lun) => `iscsi://127.0.0.1:${port}/${iqn}/${lun}`,
    close: async () => {
      await target.close({ graceMs: 100 });
      await library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Moves the first data cartridge in a slot into the first drive, through the changer LUN. */
export async function loadFirstDrive(served: ServedLibrary): Promise<void> {
  const { library } = served;
  const changer = await IscsiTransport.open(served.url(0));
  const cartridge = library.contents().find((c) => c.kind === 'slot' && c.cartridge.tagA?.startsWith('CLN') === false);
  assert.ok(cartridge !== undefined);
  try {
    for (let i = 0; i < 20 && (await changer.execute({ cdb: TUR })).status !== 0; i++);
    const move = buildMoveMediumCdb({ transportElementAddress: library.addresses('transport')[0] as number, sourceAddress: cartridge.address, destinationAddress: library.addresses('drive')[0] as number });
    assert.equal((await changer.execute({ cdb: move })).status, 0);
  } finally {
    await changer.close();
  }
}
