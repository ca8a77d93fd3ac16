/**
 * The front panel of an embedded virtual library as the HTTP API sees it: what an operator can do
 * at the machine, what the panel shows, and how it refuses. The emulator's FrontPanel implements
 * it; the API depends on this contract only, and the composition root that opened the library hands
 * the emulator's panel in (DESIGN §1: nothing above the driver imports the emulator).
 *
 * Elements are named by type and zero-based index (shared/place.ts); SCSI addresses stay behind the
 * panel. Cartridges the panel hands back are opaque to the API beyond their label: the API keeps
 * one it took from `outside` only to give the same cartridge back.
 */
import type { PlaceType } from './place.ts';

export type FrontPanelErrorCode =
  | 'NO_DOOR'
  | 'DOOR_LOCKED'
  | 'DOOR_CLOSED'
  | 'NO_SUCH_ELEMENT'
  | 'NO_SUCH_MAILSLOT'
  | 'NO_SUCH_MAGAZINE'
  | 'MAILSLOT_CLOSED'
  | 'MAILSLOT_LOCKED'
  | 'MAGAZINE_LOCKED'
  | 'MAGAZINE_NOT_REMOVABLE'
  | 'MAGAZINE_OUT'
  | 'MAGAZINE_IN'
  | 'ELEMENT_FULL'
  | 'ELEMENT_EMPTY'
  | 'DRIVE_LOADED'
  | 'DRIVES_NOT_EMPTY'
  | 'KEYPAD_LOCKED'
  | 'UNLOAD_FAILED'
  | 'ROBOT_BUSY'
  | 'NOT_OUTSIDE'
  | 'BAD_CARTRIDGE';

/** An operator action the library refuses (door locked, mailslot closed, no such magazine …). */
export class FrontPanelError extends Error {
  override readonly name = 'FrontPanelError';
  readonly code: FrontPanelErrorCode;

  constructor(code: FrontPanelErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface FrontPanelStatus {
  readonly door: 'open' | 'closed' | 'none';
  readonly mailslots: Readonly<Record<string, 'open' | 'closed'>>;
  readonly magazines: Readonly<Record<string, 'in' | 'out'>>;
  readonly ready: 'ready' | 'booting' | 'inventory';
  /** PREVENT MEDIUM REMOVAL keeps the operator out. */
  readonly locked: boolean;
  readonly outside: readonly (string | null)[];
}

/** A cartridge as the panel names it: by its barcode label (null: no label). */
export interface PanelCartridge {
  readonly label: string | null;
}

/** A new cartridge the operator brings, described by its label. */
export interface NewCartridge {
  readonly barcode: string | null;
  readonly kind?: 'data' | 'cleaning' | 'diagnostic' | 'worm';
  readonly cleaningUses?: number;
  /** Written at the start of the tape: an ANSI VOL1 volume identifier. */
  readonly volumeLabel?: string;
}

/**
 * What an operator does at the library. `Held` is the panel's own cartridge: the API gives back
 * only cartridges it found in `outside`, so the panel gets its own objects back.
 */
export interface OperatorPanel<Held extends PanelCartridge = PanelCartridge> {
  /** Cartridges the operator took out, in the order they came out. */
  readonly outside: readonly Held[];
  status(): FrontPanelStatus;
  openDoor(): Promise<void>;
  /** Resolves when the inventory that follows is over. */
  closeDoor(): Promise<void>;
  insertThroughDoorAt(type: 'slot', index: number, cartridge: Held | NewCartridge): Held;
  removeThroughDoorAt(type: PlaceType, index: number): Held;
  openMailslot(name?: string): Promise<void>;
  closeMailslot(name?: string): Promise<void>;
  insertIntoMailslot(cartridge: Held | NewCartridge, where?: { mailslot?: string; index?: number }): Held;
  takeFromMailslot(where?: { mailslot?: string; index?: number }): Held;
  pullMagazine(name: string): void;
  /** Resolves once the magazine's slots are scanned. */
  insertMagazine(name: string): Promise<void>;
  putIntoMagazine(name: string, position: number, cartridge: Held | NewCartridge): Held;
  takeFromMagazine(name: string, position: number): Held;
  /** What `mt offline` does. */
  ejectDrive(driveIndex: number): Promise<void>;
  /** TapeAlert 20 ("clean now") or 21 ("periodic"), as a dirty head raises. */
  soilDrive(driveIndex: number, urgency?: 'now' | 'periodic'): void;
  /** Resolves once the library is ready again. */
  powerCycle(): Promise<void>;
}
