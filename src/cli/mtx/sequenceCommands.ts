import { MISSING } from './mtxArguments.ts';
import { fatal } from './mtxFatal.ts';
import { storageSlotCount, type MtxInventory } from './mtxInventory.ts';
import type { MtxSession } from './mtxSession.ts';
import { load, unload } from './motionCommands.ts';

/**
 * first, last, next and previous: stacker-style stepping through the storage slots (never the
 * import/export ports) for one drive, unloading what the drive holds to where it came from
 * first. A drive number that does not exist means drive 0, as in mtx.
 */

function driveFrom(inv: MtxInventory, argument: number): number {
  return argument >= 0 && argument < inv.drives.length ? argument : 0;
}

/** The drive's source slot when it holds a cartridge; undefined when it is empty. */
function loadedFrom(inv: MtxInventory, drive: number): number | undefined {
  const d = inv.drives[drive]!;
  return d.full ? d.sourceSlot : undefined;
}

/** Unload to the source slot; an unknown source takes unload's "No Source for tape" path. */
async function unloadHome(session: MtxSession, source: number, drive: number): Promise<void> {
  await unload(session, source >= 0 ? source + 1 : MISSING, drive);
}

/** mtx's reply when the wanted cartridge is already in the drive. */
function alreadyLoaded(session: MtxSession): void {
  session.streams.out.write('loading...done.\n');
}

export async function first(session: MtxSession, driveArgument: number): Promise<void> {
  const inv = await session.status();
  const drive = driveFrom(inv, driveArgument);
  const source = loadedFrom(inv, drive);
  if (source !== undefined) {
    if (source === 0) return alreadyLoaded(session);
    await unloadHome(session, source, drive);
  }
  await load(session, 1, drive);
}

export async function last(session: MtxSession, driveArgument: number): Promise<void> {
  const inv = await session.status();
  const drive = driveFrom(inv, driveArgument);
  const lastSlot = storageSlotCount(inv);
  const source = loadedFrom(inv, drive);
  if (source !== undefined) {
    if (source + 1 >= lastSlot) return alreadyLoaded(session);
    await unloadHome(session, source, drive);
  }
  await load(session, lastSlot, drive);
}

/** Load the first full storage slot in `indexes` (already in search order), or say there is none. */
async function loadFirstFull(session: MtxSession, indexes: number[], drive: number): Promise<void> {
  const inv = await session.status();
  const found = indexes.find((i) => inv.slots[i]?.full === true);
  if (found === undefined) throw fatal('No More Media');
  await load(session, found + 1, drive);
}

function range(from: number, to: number): number[] {
  const step = from <= to ? 1 : -1;
  const out: number[] = [];
  for (let i = from; step > 0 ? i <= to : i >= to; i += step) out.push(i);
  return out;
}

/** The next full storage slot after the one the drive's cartridge came from (or from slot 1). */
export async function next(session: MtxSession, driveArgument: number): Promise<void> {
  const inv = await session.status();
  const drive = driveFrom(inv, driveArgument);
  const source = loadedFrom(inv, drive);
  if (source !== undefined) await unloadHome(session, source, drive);
  const start = source === undefined ? 0 : source + 1;
  const end = storageSlotCount(inv) - 1;
  await loadFirstFull(session, start <= end ? range(start, end) : [], drive);
}

/**
 * The previous full storage slot. mtx 1.3.12 starts an empty drive's search one slot too high,
 * at the first import/export port; this starts at the last storage slot, as its manual says.
 */
export async function previous(session: MtxSession, driveArgument: number): Promise<void> {
  const inv = await session.status();
  const drive = driveFrom(inv, driveArgument);
  const source = loadedFrom(inv, drive);
  if (source === 0) throw fatal('No More Media');
  if (source !== undefined) await unloadHome(session, source, drive);
  const start = Math.min(source === undefined ? Infinity : source - 1, storageSlotCount(inv) - 1);
  await loadFirstFull(session, start >= 0 ? range(start, 0) : [], drive);
}
