// Work that needs the robot to itself, run inside an exclusive scheduler job: inventories, and
// moving cartridges between the mailslot and the slots. Each move is recorded through the same
// catalog host the scheduler uses; a failed move reconciles before the error is reported.
import type { Changer } from '../../../driver/changer.ts';
import { restated } from '../../../shared/changerError.ts';
import { elementCount } from '../../../driver/changerParameters.ts';
import { elementOf } from '../../../driver/elementPlace.ts';
import { ElementType } from '../../../driver/elementType.ts';
import { AccessControl } from '../../../driver/requests.ts';
import type { CatalogScope, Medium } from '../../catalog/index.ts';
import type { Place } from '../../../shared/place.ts';
import type { ManagerContext } from '../context.ts';
import { chooseSlot, freeSlots, type OwnedLibrary } from '../library/index.ts';
import { identifyUnlabelledMedia } from './identifyMedia.ts';
import { hasBarcodeReader } from '../inventory/index.ts';

function parts(runtime: OwnedLibrary): { changer: Changer; libraryId: string } {
  if (runtime.changer === undefined || runtime.library === undefined || runtime.host === undefined) throw new Error(`library ${runtime.name} is not owned here`);
  return { changer: runtime.changer, libraryId: runtime.library.id };
}

/**
 * fast: what the library already knows (READ ELEMENT STATUS); full: it scans every element again
 * first, then reads the label on each cartridge it could not name by barcode (NTMS on-media
 * identification), one at a time in a drive.
 */
export async function runInventory(ctx: ManagerContext, runtime: OwnedLibrary, mode: 'fast' | 'full'): Promise<string> {
  const { changer, libraryId } = parts(runtime);
  if (mode === 'full') {
    const count = elementCount(changer.cachedParameters, ElementType.AllElements);
    await changer.initializeElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count, barCodeScan: hasBarcodeReader(changer) });
  }
  const outcome = await runtime.reconcile(`${mode} inventory`);
  const p = outcome.plan;
  const summary = `${mode} inventory: ${p.moves.length} moved, ${outcome.added.length} new, ${p.departures.length} gone`;
  if (mode === 'fast') return summary;
  const read = await identifyUnlabelledMedia(ctx, runtime, libraryId, (id, from, to) => robotMove(runtime, id, from, to));
  const identified = read.results.length === 0 ? '; no unlabelled cartridge to identify' : `; identified ${read.results.join(', ')}`;
  return `${summary}${read.skipped > 0 && read.results.length === 0 ? `; ${read.skipped} unlabelled cartridge(s) not identified: ${read.skipReason ?? ''}` : identified}`;
}

async function robotMove(runtime: OwnedLibrary, mediumId: string, from: Place, to: Place): Promise<void> {
  const { changer } = parts(runtime);
  try {
    await changer.moveMedium({ transport: { type: ElementType.Transport, index: 0 }, source: elementOf(from), destination: elementOf(to), flip: false });
  } catch (error) {
    const move = `move ${runtime.placeName(from)} → ${runtime.placeName(to)}`;
    await runtime.reconcile(`failed ${move}`).catch(() => undefined);
    throw restated(error, move);
  }
  await runtime.host?.moved(mediumId, from, to);
}

/** Media in the mailslot a robot can reach now (a mailslot open to the operator is not reachable). */
async function mediaInMailslot(catalog: CatalogScope, libraryId: string): Promise<Medium[]> {
  const ports = new Map((await catalog.libraries.elements(libraryId, 'ieport')).map((e) => [e.index, e]));
  const media = await catalog.media.list({ libraryId, locationType: 'ieport' });
  return media.filter((m) => m.location.type === 'ieport' && ports.get(m.location.index)?.state !== 'not-present');
}

/** Put a newly imported medium into the pool the inject asked for (import → free → application). */
async function intoPool(catalog: CatalogScope, medium: Medium, poolId: string): Promise<void> {
  if (medium.poolId === poolId) return;
  const target = await catalog.pools.get(poolId);
  if (target.mediaType !== medium.mediaType) return;
  const current = medium.poolId !== null ? await catalog.pools.get(medium.poolId) : undefined;
  if (current !== undefined && current.type !== 'import' && current.type !== 'unrecognized' && current.type !== 'free') return;
  if (current?.type !== 'free' && target.type !== 'free') await catalog.media.moveToPool(medium.id, (await catalog.pools.systemPool('free', medium.mediaType)).id);
  await catalog.media.moveToPool(medium.id, poolId);
}

export interface ImportResult {
  readonly imported: readonly Medium[];
}

/** Catalogue what the mailslot holds and move each cartridge to a free slot, where it then lives. */
export async function importFromMailslot(ctx: ManagerContext, runtime: OwnedLibrary, poolId: string | null, cleanerUses: number | undefined): Promise<ImportResult> {
  const { libraryId } = parts(runtime);
  await runtime.reconcile('inject', { ...(poolId !== null ? { newMediaPoolId: poolId } : {}), ...(cleanerUses !== undefined ? { cleanerUses } : {}) });
  const imported: Medium[] = [];
  for (const medium of await mediaInMailslot(ctx.catalog, libraryId)) {
    const from = medium.location as Place;
    const slot = chooseSlot(await freeSlots(ctx.catalog, libraryId), { medium, policy: 'nearest', reserved: new Set(), cleanerSlot: runtime.library?.cleanerSlot ?? null });
    if (slot === undefined) throw new Error(`library ${runtime.name} has no free slot for ${medium.barcode ?? 'the cartridge'} in ${from.type} ${from.index}`);
    await robotMove(runtime, medium.id, from, { type: 'slot', index: slot });
    if (poolId !== null) await intoPool(ctx.catalog, medium, poolId);
    if (cleanerUses !== undefined && medium.cleanerUsesRemaining !== null && medium.cleanerUsesRemaining < 0) await ctx.catalog.media.setCleanerUsesRemaining(medium.id, cleanerUses);
    imported.push(await ctx.catalog.media.get(medium.id));
  }
  return { imported };
}

/** Move each medium into a free mailslot position (those already there stay), then open the mailslot to the operator. */
export async function ejectToMailslot(ctx: ManagerContext, runtime: OwnedLibrary, mediumIds: readonly string[]): Promise<Medium[]> {
  const { libraryId, changer } = parts(runtime);
  const ports = (await ctx.catalog.libraries.elements(libraryId, 'ieport')).filter((e) => e.enabled && e.state !== 'not-present');
  for (const id of mediumIds) {
    const medium = await ctx.catalog.media.get(id);
    if (medium.location.type === 'ieport' || medium.location.type === 'outside') continue;
    const occupied = new Set((await ctx.catalog.media.list({ libraryId, locationType: 'ieport' })).map((m) => (m.location.type === 'ieport' ? m.location.index : -1)));
    const port = ports.find((p) => !occupied.has(p.index));
    if (port === undefined) throw new Error(`the mailslot of library ${runtime.name} is full; empty it first`);
    await robotMove(runtime, id, medium.location, { type: 'ieport', index: port.index });
  }
  // Present the cartridges where the library lets a host do so; others are opened by the operator.
  await changer.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.ExtendIEPort).catch(() => undefined);
  return Promise.all(mediumIds.map((id) => ctx.catalog.media.get(id)));
}
