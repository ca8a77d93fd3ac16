// A virtual library opened the way the manager opens it — a Changer on a `virtual:` URL, so the
// library is registered in this process and its drives answer at `virtual:<dir>?lun=n` — with its
// front panel at hand for playing the operator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Changer } from '../../../src/driver/changer.ts';
import { ElementStatusFlags } from '../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import '../../../src/driver/smc/connect.ts';
import type { CartridgeSpec } from '../../../src/emulator/cartridge.ts';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import type { TapeRecord } from '../../../src/driver/tape/index.ts';
import type { FirstRecord } from '../../../src/storage/mediumLabel.ts';
import { embeddedLibrary } from '../../../src/transport/embeddedLibraries.ts';

export interface TapeStack {
  readonly dir: string;
  readonly url: string;
  readonly changer: Changer;
  readonly library: VirtualLibrary;
  /** `virtual:<dir>?lun=<1 + drive>`. */
  driveUrl(drive: number): string;
  move(from: { type: ElementType; index: number }, to: { type: ElementType; index: number }): Promise<void>;
  /** The barcode in a slot, '' for a cartridge without one, undefined when empty. */
  barcodeInSlot(index: number): Promise<string | undefined>;
  close(): Promise<void>;
}

/** What recognizeLabel takes, from what a READ gave. */
export function firstRecord(record: TapeRecord): FirstRecord {
  return record.kind === 'data' ? record.bytes : record.kind;
}

export const slot = (index: number): { type: ElementType; index: number } => ({ type: ElementType.Slot, index });
export const drive = (index: number): { type: ElementType; index: number } => ({ type: ElementType.Drive, index });

/**
 * `stock`: cartridges put into magazine positions before the changer is opened (the operator
 * filled the magazines while the library was off), so the test starts without queued attentions.
 */
export async function openTapeStack(profile: string, stock: { magazine: string; cartridges: ReadonlyMap<number, CartridgeSpec> } | undefined = undefined): Promise<TapeStack> {
  const dir = await mkdtemp(join(tmpdir(), `tape-${profile}-`));
  if (stock !== undefined) {
    const offline = await VirtualLibrary.open({ dir, profile, instant: true });
    offline.frontPanel.pullMagazine(stock.magazine);
    for (const [position, spec] of stock.cartridges) offline.frontPanel.putIntoMagazine(stock.magazine, position, spec);
    await offline.frontPanel.insertMagazine(stock.magazine);
    await offline.close();
  }
  const url = `virtual:${dir}?profile=${profile}&clock=virtual`;
  const changer = await Changer.open(url, { owner: 'tape driver test' });
  const library = embeddedLibrary(url);
  if (library === undefined) throw new Error('the library opened through the URL is not registered');
  return {
    dir, url, changer, library,
    driveUrl: (index) => `virtual:${dir}?lun=${1 + index}`,
    async move(from, to) {
      await changer.moveMedium({ transport: { type: ElementType.Transport, index: 0 }, source: from, destination: to, flip: false });
    },
    async barcodeInSlot(index) {
      const [s] = await changer.getElementStatus({ element: slot(index), count: 1, volumeTagInfo: true });
      return s !== undefined && (s.flags & ElementStatusFlags.FULL) !== 0 ? (s.primaryVolumeId ?? '') : undefined;
    },
    async close() {
      await changer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
