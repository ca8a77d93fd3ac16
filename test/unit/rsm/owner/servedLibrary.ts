// A virtual library served over iSCSI on 127.0.0.1, as a library on the network is: each owner
// reaches it through its own session (its own initiator, so its own reservation key), and an
// observer session lets a test read the changer's reservations the way an operator's tool would.
import { Changer } from '../../../../src/driver/changer.ts';
import { ElementStatusFlags } from '../../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { SmcMiniclass } from '../../../../src/driver/smc/smcMiniclass.ts';
import { VirtualLibrary } from '../../../../src/emulator/index.ts';
import { IscsiTarget } from '../../../../src/iscsi/target/index.ts';
import type { ScsiDevice } from '../../../../src/scsi/device.ts';
import { IscsiTransport } from '../../../../src/transport/iscsiTransport.ts';

const IQN = 'iqn.2024-01.org.changer.test:owned-library';

export interface ServedLibrary {
  readonly url: string;
  readonly library: VirtualLibrary;
  /** An initiator of its own that never registers: sees what any other host would see. */
  readonly observer: Changer;
  close(): Promise<void>;
}

/**
 * Each manager opens the changer under its own hold name: the exclusive open is per host, and
 * the managers of these tests stand for managers on different hosts.
 */
export function openAsHost(host: string): (url: string, owner: string) => Promise<Changer> {
  return (url, owner) => Changer.open(url, { owner, deviceKey: `${host}|${url}`, connect: async (u) => new SmcMiniclass(await IscsiTransport.open(u)) });
}

/** `wrap` puts something between the target and the library (e.g. a changer without PR). */
export async function serveLibrary(wrap: (device: ScsiDevice) => ScsiDevice = (d) => d): Promise<ServedLibrary> {
  const library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  const target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: wrap(library.device) } }] });
  const url = `iscsi://127.0.0.1:${(await target.listen(0)).port}/${IQN}/0`;
  const observer = await openAsHost('observer')(url, 'observer');
  return {
    url, library, observer,
    async close() {
      await observer.close();
      await target.close({ graceMs: 200 });
      await library.close();
    },
  };
}

export const PICKER = { type: ElementType.Transport, index: 0 };

export function slot(index: number): { type: ElementType; index: number } {
  return { type: ElementType.Slot, index };
}

/** The first full and the first empty slot. */
export async function fullAndEmptySlots(changer: Changer): Promise<[number, number]> {
  const slots = await changer.getElementStatus({ element: slot(0), count: changer.cachedParameters.numberStorageElements, volumeTagInfo: false });
  const full = slots.find((s) => (s.flags & ElementStatusFlags.FULL) !== 0);
  const empty = slots.find((s) => (s.flags & ElementStatusFlags.FULL) === 0);
  if (full === undefined || empty === undefined) throw new Error('the library needs a full and an empty slot');
  return [full.element.index, empty.element.index];
}

export async function barcodeIn(changer: Changer, index: number): Promise<string | undefined> {
  const [s] = await changer.getElementStatus({ element: slot(index), count: 1, volumeTagInfo: true });
  return s !== undefined && (s.flags & ElementStatusFlags.FULL) !== 0 ? s.primaryVolumeId ?? '(no label)' : undefined;
}
