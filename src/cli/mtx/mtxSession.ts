import { isChangerError } from '../../shared/changerError.ts';
import { commandFailure } from './commandFailure.ts';
import { defaultDeviceName, deviceUrlFor } from './deviceName.ts';
import type { MtxDevice, MtxDeviceOpener } from './mtxDevice.ts';
import { fatal, MtxFatal, ownLine } from './mtxFatal.ts';
import { buildInventory, type MtxInventory } from './mtxInventory.ts';
import { USAGE_TEXT } from './usageText.ts';

const NO_DEVICE = 'no changer named: give -f <device> (a device URL, /dev/sgN, or rsm://host:port/<library> for a library a manager owns) or set CHANGER';

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
  private changer: MtxDevice | undefined;
  private deviceName: string | undefined;
  private inventory: MtxInventory | undefined;

  constructor(readonly streams: MtxStreams, private readonly open: MtxDeviceOpener) {}

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

  /**
   * The changer, opening the default device ($CHANGER, $TAPE, /dev/changer) if none was named.
   * With none at all it fails as mtx does — its usage, exit 1 — never on a library of its choosing.
   */
  async device(): Promise<MtxDevice> {
    if (this.changer === undefined) {
      const name = this.deviceName ?? defaultDeviceName(this.streams.env);
      if (name === undefined) throw new MtxFatal(ownLine(NO_DEVICE) + USAGE_TEXT);
      await this.useDevice(name);
    }
    return this.changer!;
  }

  /** The name the status header shows: as it was given, not the URL it maps to. */
  get name(): string {
    return this.deviceName ?? defaultDeviceName(this.streams.env) ?? '';
  }

  async status(): Promise<MtxInventory> {
    if (this.inventory !== undefined) return this.inventory;
    const changer = await this.device();
    const inventory = buildInventory(await changer.readElementStatus(!this.modifiers.noBarcode).catch((e: unknown) => {
      throw commandFailure(e, 'READ ELEMENT STATUS Command Failed');
    }));
    if (inventory.drives.length === 0) throw fatal('no Data Transfer Element reported');
    if (inventory.slots.length === 0) throw fatal('no Storage Elements reported');
    this.inventory = inventory;
    return inventory;
  }

  /** After a move the command records the new state itself; after an inventory, forget it. */
  remember(inventory: MtxInventory | undefined): void {
    this.inventory = inventory;
  }

  async close(): Promise<void> {
    const changer = this.changer;
    this.changer = undefined;
    this.inventory = undefined;
    await changer?.close();
  }
}
