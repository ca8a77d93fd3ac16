import type { ChangerElement } from '../../driver/changerElement.ts';
import { isChangerError } from '../../shared/changerError.ts';
import { ElementType } from '../../driver/elementType.ts';
import { afterExchange, afterMove, type MtxLocation } from './inventoryUpdates.ts';
import { MISSING } from './mtxArguments.ts';
import { fatal, MtxFatal, ownLine } from './mtxFatal.ts';
import type { MtxInventory } from './mtxInventory.ts';
import type { MtxSession } from './mtxSession.ts';
import { moveFailure } from './moveFailure.ts';

/**
 * load, unload, transfer, exchange and position: mtx's checks and messages, in mtx's order,
 * then the class driver's request. Slot arguments are mtx's 1-based numbers (import/export
 * ports after the storage slots), drive arguments 0-based.
 */

/** mtx moves with the first transport the changer reports. */
const TRANSPORT: ChangerElement = { type: ElementType.Transport, index: 0 };

const slotAt = (index: number): MtxLocation => ({ kind: 'slot', index });
const driveAt = (index: number): MtxLocation => ({ kind: 'drive', index });

function elementAt(inv: MtxInventory, at: MtxLocation): ChangerElement {
  return at.kind === 'slot' ? inv.slots[at.index]!.element : inv.drives[at.index]!.element;
}

/** The number mtx users know an element by: slot index + 1, or the drive index. */
function numberOf(at: MtxLocation): number {
  return at.kind === 'slot' ? at.index + 1 : at.index;
}

/** MOVE MEDIUM, with `invert` as the flip, then the remembered status follows the cartridge. */
export async function moveMedium(session: MtxSession, from: MtxLocation, to: MtxLocation): Promise<void> {
  const inv = await session.status();
  const changer = await session.device();
  try {
    await changer.moveMedium({ transport: TRANSPORT, source: elementAt(inv, from), destination: elementAt(inv, to), flip: session.modifiers.invert });
  } catch (e) {
    throw moveFailure(e, 'MOVE MEDIUM', numberOf(from), numberOf(to));
  }
  session.remember(afterMove(inv, from, to));
}

/** `load <slot> [drive]`; the drive defaults to 0. */
export async function load(session: MtxSession, slotNumber: number, driveArgument: number): Promise<void> {
  const inv = await session.status();
  if (slotNumber < 1) throw fatal('No source specified');
  const drive = driveArgument < 0 ? 0 : driveArgument;
  if (slotNumber > inv.slots.length) throw fatal(`Invalid <storage-element-number> argument '${slotNumber}' to 'load' command`);
  const d = inv.drives[drive];
  if (d === undefined) throw fatal(`illegal <drive-number> argument '${drive}' to 'load' command`);
  if (d.full) throw fatal(`Drive ${drive} Full (Storage Element ${d.sourceSlot + 1} loaded)`);
  session.streams.out.write(`Loading media from Storage Element ${slotNumber} into drive ${drive}...`);
  await moveMedium(session, slotAt(slotNumber - 1), driveAt(drive));
  session.streams.out.write('done\n');
}

/** The slot `unload` returns to when none is named: where mtx thinks the cartridge came from. */
function homeSlot(inv: MtxInventory, drive: number): number {
  const d = inv.drives[drive];
  if (d === undefined) throw fatal(`illegal <drive-number> argument '${drive}' to 'unload' command`);
  if (!d.full) throw fatal(`Data Transfer Element ${drive} is Empty`);
  if (d.sourceSlot < 0) throw fatal(`No Source for tape in drive ${drive}!`);
  return d.sourceSlot;
}

/** `unload [slot] [drive]`; the drive defaults to 0, the slot to the cartridge's source. */
export async function unload(session: MtxSession, slotArgument: number, driveArgument: number): Promise<void> {
  const inv = await session.status();
  const drive = driveArgument < 0 ? 0 : driveArgument;
  const slot = slotArgument === MISSING ? homeSlot(inv, drive) : slotArgument - 1;
  if (slot < 0 || slot >= inv.slots.length) throw fatal(`illegal <storage-element-number> argument '${slot + 1}' to 'unload' command`);
  const d = inv.drives[drive];
  if (d === undefined) throw fatal(`illegal <drive-number> argument '${drive}' to 'unload' command`);
  if (!d.full) throw fatal(`Data Transfer Element ${drive} is Empty`);
  if (inv.slots[slot]!.full) throw fatal(`Storage Element ${slot + 1} is Already Full`);
  session.streams.out.write(`Unloading drive ${drive} into Storage Element ${slot + 1}...`);
  await moveMedium(session, driveAt(drive), slotAt(slot));
  session.streams.out.write('done\n');
}

function requireSlots(inv: MtxInventory, source: number, destination: number): void {
  if (source < 1) throw fatal('No source specified');
  if (destination < 1) throw fatal('No destination specified');
  if (source > inv.slots.length) throw fatal('Invalid source');
  if (destination > inv.slots.length) throw fatal('Invalid destination');
}

/** `transfer <slot> <slot>`: silent on success, as mtx is. */
export async function transfer(session: MtxSession, source: number, destination: number): Promise<void> {
  requireSlots(await session.status(), source, destination);
  await moveMedium(session, slotAt(source - 1), slotAt(destination - 1));
}

/**
 * `exchange <slot> <slot> [slot]`: the third defaults to the first (a true swap). mtx puts
 * `invert` on the second cartridge and `invert2` on the first, and so does this.
 */
export async function exchange(session: MtxSession, source: number, destination1: number, destination2Argument: number): Promise<void> {
  const inv = await session.status();
  requireSlots(inv, source, destination1);
  const destination2 = destination2Argument === MISSING ? source : destination2Argument;
  if (destination2 < 1 || destination2 > inv.slots.length) throw fatal('Invalid destination');
  const [s, d1, d2] = [slotAt(source - 1), slotAt(destination1 - 1), slotAt(destination2 - 1)];
  const changer = await session.device();
  try {
    await changer.exchangeMedium({
      transport: TRANSPORT, source: elementAt(inv, s), destination1: elementAt(inv, d1), destination2: elementAt(inv, d2),
      flip1: session.modifiers.invert2, flip2: session.modifiers.invert,
    });
  } catch (e) {
    throw moveFailure(e, 'EXCHANGE MEDIUM', source, destination1);
  }
  session.remember(afterExchange(inv, s, d1, d2));
}

/** `position <slot>`: a number out of range (or none) means slot 1, as in mtx. */
export async function position(session: MtxSession, slotNumber: number): Promise<void> {
  const inv = await session.status();
  const index = slotNumber >= 1 && slotNumber <= inv.slots.length ? slotNumber - 1 : 0;
  const changer = await session.device();
  try {
    await changer.setPosition({ transport: TRANSPORT, destination: elementAt(inv, slotAt(index)), flip: false });
  } catch (e) {
    if (!isChangerError(e)) throw e;
    throw new MtxFatal((e.sense === undefined ? ownLine(e.message) : '') + 'Could not position transport\n');
  }
}
