// Applying a reconciliation plan to the catalog in one transaction, and saying what changed:
// the events to publish once it committed and the operator requests it raised. Conditions that
// need a person (a cartridge gone, a label unreadable, two cartridges with one label) are raised
// once while open, and closed here again when the library shows they are over.
import { DUPLICATE_BARCODE_REASON, OUTSIDE, readLabel, type CatalogScope, type ElementState, type Medium, type NewMedium, type OperatorRequest, type Placement } from '../../catalog/index.ts';
import type { ManagerEventInput } from '../../events.ts';
import { placeOnPanel } from '../../../driver/elementPlace.ts';
import { placeKey, type Place } from '../../../shared/place.ts';
import type { ElementObservation } from './observation.ts';
import { planReconciliation, type PlanOptions, type ReconcilePlan } from './reconcilePlan.ts';
import { restateTwoSided, type SidesSeen } from './twoSidedMedia.ts';

export const MISSING_REASON = 'missing-cartridge';
export const UNREADABLE_LABEL_REASON = 'unreadable-label';
export const UNLABELLED_REASON = 'unlabelled-cartridge';
/** An eject left the cartridge in the mailslot for the operator to take. */
export const COLLECT_EJECTED_REASON = 'collect-ejected';
/** Operator requests reconciliation closes by itself once the library shows the condition is over. */
const RECONCILED_REASONS = [MISSING_REASON, UNREADABLE_LABEL_REASON, UNLABELLED_REASON, DUPLICATE_BARCODE_REASON, COLLECT_EJECTED_REASON];

export interface ReconcileOptions extends PlanOptions {
  /** Pool for media with new barcodes (an inject's pool); default: import / unrecognized. */
  readonly newMediaPoolId?: string;
  /** Cleanings left on new cleaner cartridges (an inject's count), default: not counted. */
  readonly cleanerUses?: number;
  /** Who resolves the requests reconciliation closes (audit). */
  readonly resolvedBy?: string;
}

export interface ReconcileOutcome {
  readonly plan: ReconcilePlan;
  readonly added: readonly Medium[];
  readonly raised: readonly OperatorRequest[];
  readonly resolved: readonly OperatorRequest[];
  readonly events: readonly ManagerEventInput[];
}

function mediumEvent(library: string, m: Medium, onPanel: (place: Place) => string): ManagerEventInput {
  const location = m.location.type === 'outside' ? 'outside' : onPanel(m.location);
  return { type: 'medium', library, barcode: m.barcode, mediumId: m.id, location, state: m.state };
}

function label(m: Medium): string {
  return m.barcode ?? `the unlabelled cartridge ${m.id.slice(0, 8)}`;
}

export async function applyReconciliation(
  tx: CatalogScope,
  library: { readonly id: string; readonly name: string },
  reported: readonly ElementObservation[],
  options: ReconcileOptions = {},
): Promise<ReconcileOutcome> {
  const media = await tx.media.list({ libraryId: library.id });
  // Two-sided cartridges under the catalog's name for them, whichever side faces up (twoSidedMedia.ts).
  const { observations, sides } = restateTwoSided(media, reported);
  const plan = planReconciliation(media, observations, options);
  const events: ManagerEventInput[] = [];
  const raised: OperatorRequest[] = [];
  const elements = await tx.libraries.elements(library.id);
  const onPanel = (place: Place): string => placeOnPanel(place, elements);

  const placements: Placement[] = [
    ...plan.moves.map((m) => ({ mediumId: m.medium.id, to: m.to, state: m.state, setHome: m.to.type === 'slot' })),
    ...plan.departures.map((d) => ({ mediumId: d.medium.id, to: OUTSIDE, state: d.expected ? ('idle' as const) : ('opreq' as const) })),
  ];
  if (placements.length > 0) {
    for (const placed of await tx.media.placeMany(placements)) events.push(mediumEvent(library.name, placed, onPanel));
  }
  for (const fix of plan.stateFixes) {
    await tx.media.setState(fix.medium.id, fix.state);
    events.push(mediumEvent(library.name, { ...fix.medium, state: fix.state }, onPanel));
  }
  for (const d of plan.departures.filter((x) => !x.expected)) {
    raised.push(
      await tx.operatorRequests.submit({
        kind: 'move-media',
        libraryId: library.id,
        reason: MISSING_REASON,
        barcode: d.medium.barcode,
        mediumId: d.medium.id,
        message: `${label(d.medium)} was in ${onPanel(d.from)} and is no longer in library ${library.name}. Put it back (it will be found), or complete this request if it was taken out on purpose.`,
      }),
    );
  }
  for (const u of plan.unreadableLabels) {
    raised.push(
      await tx.operatorRequests.submit({
        kind: 'device-service',
        libraryId: library.id,
        reason: UNREADABLE_LABEL_REASON,
        barcode: u.medium.barcode,
        mediumId: u.medium.id,
        message: `The label of ${label(u.medium)} in ${onPanel(u.place)} of library ${library.name} can no longer be read; replace the label.`,
      }),
    );
  }
  const added: Medium[] = [];
  for (const a of plan.additions) {
    const twoSided = a.why === 'new' ? sides.get(placeKey(a.place)) : undefined;
    const spec = await newMedium(tx, library.id, a.place, a.barcode, options);
    const medium = await tx.media.add(twoSided === undefined ? spec : { ...spec, sides: 2, alternateBarcode: twoSided.alternate, facingSide: twoSided.facing });
    added.push(medium);
    events.push(mediumEvent(library.name, medium, onPanel));
    if (a.why === 'duplicate' && a.duplicate !== null) {
      raised.push(await tx.operatorRequests.reportDuplicateBarcode(library.id, a.duplicate.barcode, a.place, a.duplicate.keptAt));
    } else if (a.why === 'unlabelled') {
      raised.push(
        await tx.operatorRequests.submit({
          kind: 'device-service',
          libraryId: library.id,
          reason: UNLABELLED_REASON,
          mediumId: medium.id,
          message: `A cartridge without a readable label is in ${onPanel(a.place)} of library ${library.name}; take it out and label it.`,
        }),
      );
    }
  }
  await recordFacingSides(tx, media, observations, sides);
  const resolved = await resolveFinishedConditions(tx, library.id, observations, options.resolvedBy ?? 'reconciliation');
  for (const r of [...raised, ...resolved]) events.push({ type: 'operator-request', library: library.name, operatorRequest: r });
  events.push(...(await recordElementStates(tx, library, observations)));
  return { plan, added, raised, resolved, events };
}

async function newMedium(tx: CatalogScope, libraryId: string, place: Place, barcode: string | null, options: ReconcileOptions): Promise<NewMedium> {
  const reading = barcode !== null ? readLabel(barcode) : undefined;
  const base = { libraryId, barcode, location: place, barcodeState: barcode !== null ? ('ok' as const) : ('unreadable' as const) };
  if (reading?.cleaner === true) return { ...base, cleanerUsesRemaining: options.cleanerUses ?? -1 };
  if (options.newMediaPoolId !== undefined && reading?.mediaType !== undefined) {
    const pool = await tx.pools.get(options.newMediaPoolId);
    if (pool.mediaType === reading.mediaType) return { ...base, pool: { id: pool.id } };
  }
  return base;
}

/** Which side of each two-sided cartridge faces up, as the library's volume tags say now. */
async function recordFacingSides(tx: CatalogScope, media: readonly Medium[], observations: readonly ElementObservation[], sides: ReadonlyMap<string, SidesSeen>): Promise<void> {
  const byBarcode = new Map(media.filter((m) => m.barcode !== null && m.sideCount > 1).map((m) => [m.barcode as string, m]));
  for (const o of observations) {
    const seen = sides.get(placeKey(o.place));
    const medium = o.barcode !== null ? byBarcode.get(o.barcode) : undefined;
    if (seen !== undefined && medium !== undefined && medium.facingSide !== seen.facing) await tx.media.setFacingSide(medium.id, seen.facing);
  }
}

/** Close the operator requests reconciliation raised whose condition the library no longer shows. */
async function resolveFinishedConditions(tx: CatalogScope, libraryId: string, observations: readonly ElementObservation[], by: string): Promise<OperatorRequest[]> {
  const open = (await tx.operatorRequests.list({ libraryId, openOnly: true })).filter((r) => r.reason !== null && RECONCILED_REASONS.includes(r.reason));
  if (open.length === 0) return [];
  const seen = new Map<string, number>();
  for (const o of observations) if (o.barcode !== null) seen.set(o.barcode, (seen.get(o.barcode) ?? 0) + 1);
  const resolved: OperatorRequest[] = [];
  for (const request of open) {
    if (await conditionOver(tx, request, seen)) resolved.push(await tx.operatorRequests.complete(request.id, by));
  }
  return resolved;
}

async function conditionOver(tx: CatalogScope, request: OperatorRequest, seen: ReadonlyMap<string, number>): Promise<boolean> {
  const medium = request.mediumId !== null ? await tx.media.get(request.mediumId).catch(() => undefined) : undefined;
  switch (request.reason) {
    case DUPLICATE_BARCODE_REASON:
      return (seen.get(request.barcode ?? '') ?? 0) <= 1;
    case UNREADABLE_LABEL_REASON:
      return request.barcode !== null && (seen.get(request.barcode) ?? 0) > 0;
    case MISSING_REASON:
      return medium === undefined || medium.location.type !== 'outside';
    case UNLABELLED_REASON:
      return medium === undefined || medium.location.type === 'outside';
    case COLLECT_EJECTED_REASON:
      return medium === undefined || medium.location.type !== 'ieport';
    default:
      return false;
  }
}

/** Element rows follow what the library reported; each change is an event. */
async function recordElementStates(tx: CatalogScope, library: { readonly id: string; readonly name: string }, observations: readonly ElementObservation[]): Promise<ManagerEventInput[]> {
  const elements = await tx.libraries.elements(library.id);
  const current = new Map(elements.map((e) => [placeKey({ type: e.type as Place['type'], index: e.index }), e.state]));
  const events: ManagerEventInput[] = [];
  for (const o of observations) {
    const state: ElementState = o.state;
    const before = current.get(placeKey(o.place));
    if (before === undefined || before === state) continue;
    await tx.libraries.setElementState(library.id, o.place.type, o.place.index, state);
    events.push({ type: 'element', library: library.name, element: placeOnPanel(o.place, elements), state });
    if (o.place.type === 'drive') {
      const drive = await tx.drives.get(library.id, o.place.index);
      const driveState = state === 'full' ? (drive.state === 'dismounted' ? 'mounted' : drive.state) : 'dismounted';
      if (driveState !== drive.state) await tx.drives.update(library.id, o.place.index, { state: driveState });
      const there = state === 'full' ? await tx.media.at(library.id, o.place) : undefined;
      events.push({ type: 'drive', library: library.name, drive: o.place.index, state: driveState, barcode: there?.barcode ?? null });
    }
  }
  return events;
}
