// A range audit of slots (ACSLS `audit`): the library rescans those slots where it can
// (INITIALIZE ELEMENT STATUS WITH RANGE through the class driver), its element status is read
// (READ ELEMENT STATUS) and the catalog reconciled for those slots only — every other element is
// taken as the catalog has it, except where a tape the catalog places in the range turns up — and
// the answer says what the audit found there: how many full and empty, and each slot the catalog
// had wrong. It runs as an inventory request of mode `audit`, with the robot to itself, so a
// restarted manager resumes it like any inventory.
import { ElementType } from '../../../driver/elementType.ts';
import { Features0, hasFeature } from '../../../driver/features.ts';
import type { CatalogScope, Element, Medium, NewRequest } from '../../catalog/index.ts';
import type { ManagerContext } from '../context.ts';
import { invalid } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';
import { applyReconciliation, type ElementObservation, observeLibrary } from '../inventory/index.ts';
import { baseFields } from '../requests/index.ts';

/** Zero-based slot indexes, both included. */
export interface SlotRange {
  readonly from: number;
  readonly to: number;
}

export async function auditRequest(ctx: ManagerContext, runtime: OwnedLibrary, range: SlotRange, now: number): Promise<NewRequest> {
  const libraryId = runtime.library?.id ?? '';
  const slots = (await ctx.catalog.libraries.elements(libraryId, 'slot')).length;
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to >= slots) {
    throw invalid(`an audit names slots from 0 to ${slots - 1}, first ≤ last; not ${String(from)}–${String(to)}`);
  }
  return { ...baseFields(runtime, {}, now), kind: 'inventory', options: { mode: 'audit', slots: { from, to } } };
}

async function slotContents(catalog: CatalogScope, libraryId: string, range: SlotRange): Promise<Map<number, string>> {
  const media = await catalog.media.list({ libraryId, locationType: 'slot' });
  const contents = new Map<number, string>();
  for (const m of media) {
    if (m.location.type === 'slot' && m.location.index >= range.from && m.location.index <= range.to) contents.set(m.location.index, m.barcode ?? 'a cartridge without a label');
  }
  return contents;
}

/** Runs inside the exclusive job: rescan, read, reconcile, and say what changed in the range. */
export async function runSlotAudit(ctx: ManagerContext, runtime: OwnedLibrary, range: SlotRange): Promise<string> {
  const changer = runtime.changer;
  const libraryId = runtime.library?.id;
  if (changer === undefined || libraryId === undefined) throw invalid(`library ${runtime.name} is not owned by this manager`);
  const before = await slotContents(ctx.catalog, libraryId, range);
  const p = changer.cachedParameters;
  const count = range.to - range.from + 1;
  if (hasFeature(p.features0, Features0.INIT_ELEM_STAT_WITH_RANGE)) {
    await changer.initializeElementStatus({ element: { type: ElementType.Slot, index: range.from }, count, barCodeScan: hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED) });
  }
  const name = (index: number): string => runtime.placeName({ type: 'slot', index });
  const library = runtime.library as NonNullable<typeof runtime.library>;
  const observed = focus(await observeLibrary(changer), range, await ctx.catalog.media.list({ libraryId }), await ctx.catalog.libraries.elements(libraryId));
  const outcome = await ctx.catalog.transaction((tx) => applyReconciliation(tx, library, observed, { resolvedBy: ctx.ownerId }));
  for (const event of outcome.events) ctx.bus.publish(event);
  const after = await slotContents(ctx.catalog, libraryId, range);
  const corrected: string[] = [];
  for (let index = range.from; index <= range.to; index++) {
    const was = before.get(index);
    const now = after.get(index);
    if (was !== now) corrected.push(`${name(index)} holds ${now ?? 'nothing'} (the catalog had ${was ?? 'nothing'})`);
  }
  const what = `audit of ${name(range.from)}–${name(range.to)}: ${after.size} full, ${count - after.size} empty`;
  return corrected.length === 0 ? `${what}; the catalog was right` : `${what}; corrected: ${corrected.join('; ')}`;
}

const inRange = (o: { readonly place: { readonly type: string; readonly index: number } }, range: SlotRange): boolean =>
  o.place.type === 'slot' && o.place.index >= range.from && o.place.index <= range.to;

/**
 * What the library reports for the audited slots; for every other element, what the catalog
 * holds there — unless the library shows there a tape the catalog places in the range (it was
 * moved out of the range: it is found, not missing).
 */
export function focus(observations: readonly ElementObservation[], range: SlotRange, media: readonly Medium[], elements: readonly Element[]): ElementObservation[] {
  const placed = new Map<string, Medium>();
  for (const m of media) if (m.location.type !== 'outside') placed.set(`${m.location.type}:${String(m.location.index)}`, m);
  const inAudit = new Set(media.filter((m) => m.barcode !== null && m.location.type === 'slot' && m.location.index >= range.from && m.location.index <= range.to).map((m) => m.barcode));
  const stateOf = new Map(elements.map((e) => [`${e.type}:${String(e.index)}`, e.state]));
  return observations.map((o) => {
    if (inRange(o, range) || (o.barcode !== null && inAudit.has(o.barcode))) return o;
    const key = `${o.place.type}:${String(o.place.index)}`;
    const there = placed.get(key);
    if (there !== undefined) return { ...o, state: 'full', barcode: there.barcode, unlabelled: there.barcode === null };
    return { ...o, state: stateOf.get(key) === 'not-present' ? 'not-present' : 'empty', barcode: null, unlabelled: false };
  });
}
