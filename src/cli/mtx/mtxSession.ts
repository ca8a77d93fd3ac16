import type { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../driver/changerError.ts';
import { elementCount } from '../../driver/changerParameters.ts';
import type { ElementStatus } from '../../driver/elementStatus.ts';
import { ElementType } from '../../driver/elementType.ts';
import { Features0, hasFeature } from '../../driver/features.ts';
import { commandFailure } from './commandFailure.ts';
import { defaultDeviceName, deviceUrlFor } from './deviceName.ts';
import { fatal } from './mtxFatal.ts';
import { buildInventory, type MtxInventory } from './mtxInventory.ts';
import type { ChangerOpener } from './openChanger.ts';

export interface MtxStreams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** The modifiers, which change the commands after them on the line. */
export interface MtxModifiers {
  invert: boolean;
  invert2: boolean;
  noBarcode: boolean;
  /** Import/export tray positioning of a few Breece Hill libraries; kept, but nothing uses it. */
  eepos: number;
}

/**
 * One run of changer-mtx: the device in use and, like mtx, the element status read once for
 * the line and kept current by the commands themselves (inventoryUpdates.ts).
 */
export class MtxSession {
  readonly modifiers: MtxModifiers = { invert: false, invert2: false, noBarcode: false, eepos: 0 };
  private changer: Changer | undefined;
  private deviceName: string | undefined;
  private inventory: MtxInventory | undefined;

  constructor(readonly streams: MtxStreams, private readonly open: ChangerOpener) {}

  /** `-f`: mtx opens the device right away, so a bad device fails before any command. */
  async useDevice(name: string): Promise<void> {
    await this.close();
    this.deviceName = name;
    try {
      this.changer = await this.open(deviceUrlFor(name));
    } catch (e) {
      if (!isChangerError(e)) throw e;
      throw fatal(`cannot open SCSI device '${name}' - ${e.message}`);
    }
  }

  /** The changer, opening the default device ($CHANGER, $TAPE, the embedded library) if none was named. */
  async device(): Promise<Changer> {
    if (this.changer === undefined) await this.useDevice(this.deviceName ?? defaultDeviceName(this.streams.env));
    return this.changer!;
  }

  /** The name the status header shows: as it was given, not the URL it maps to. */
  get name(): string {
    return this.deviceName ?? defaultDeviceName(this.streams.env);
  }

  async status(): Promise<MtxInventory> {
    if (this.inventory !== undefined) return this.inventory;
    const changer = await this.device();
    const inventory = buildInventory(await this.readElementStatus(changer));
    if (inventory.drives.length === 0) throw fatal('no Data Transfer Element reported');
    if (inventory.slots.length === 0) throw fatal('no Storage Elements reported');
    this.inventory = inventory;
    return inventory;
  }

  /** After a move the command records the new state itself; after an inventory, forget it. */
  remember(inventory: MtxInventory | undefined): void {
    this.inventory = inventory;
  }

  /**
   * Volume tags unless `nobarcode` came first, and only from a changer that can read them. As
   * mtx does, a device that refuses the tagged read is asked again without tags.
   */
  private async readElementStatus(changer: Changer): Promise<ElementStatus[]> {
    try {
      const p = await changer.getParameters();
      const canTag = hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED) || hasFeature(p.features0, Features0.VOLUME_IDENTIFICATION);
      const query = (volumeTagInfo: boolean) => changer.getElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: elementCount(p, ElementType.AllElements), volumeTagInfo });
      const tagged = canTag && !this.modifiers.noBarcode;
      try {
        return await query(tagged);
      } catch (e) {
        if (!tagged || !isChangerError(e) || (e.sense?.key ?? 0) <= 1) throw e;
        return await query(false);
      }
    } catch (e) {
      throw commandFailure(e, 'READ ELEMENT STATUS Command Failed');
    }
  }

  async close(): Promise<void> {
    const changer = this.changer;
    this.changer = undefined;
    this.inventory = undefined;
    await changer?.close();
  }
}
