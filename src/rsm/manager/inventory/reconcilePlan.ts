// Reconciliation as a pure function: the catalog's media of one library and what READ ELEMENT
// STATUS reports → the changes that make the catalog tell the truth again. Applying the plan is
// reconcile.ts's business. The rules (DESIGN §1: the catalog is memory, the library is truth,
// and a cartridge is never lost):
//   - a barcode seen where the catalog has it: nothing to do;
//   - a barcode seen elsewhere: the medium moved (an operator, a power-on picker recovery);
//   - a barcode the catalog does not know: a new medium;
//   - a barcode seen twice: the first keeps it, the second cartridge is catalogued without a
//     barcode and the operator is asked to take one out;
//   - a full element without a readable label: the medium the catalog has there keeps it
//     (its label went bad), else a new medium without barcode;
//   - a medium the library no longer shows anywhere: it left the library. From a mailslot, or
//     when an eject through the door expected it, that is normal; otherwise the operator is asked
//     where it went (a cartridge without a barcode was asked out for labelling: expected too).
//     Either way the catalog places it outside, the one true place left for it;
//   - elements the library cannot see (a pulled magazine) keep whatever the catalog had there.
import type { Location, Medium, MediumState } from '../../catalog/index.ts';
import { placeKey, type Place } from '../../../shared/place.ts';
import type { ElementObservation } from './observation.ts';

export interface PlannedMove {
  readonly medium: Medium;
  readonly to: Place;
  readonly state: MediumState;
}

export interface PlannedDeparture {
  readonly medium: Medium;
  readonly from: Place;
  /** It left the way media are meant to leave (mailslot, expected door eject): no operator request. */
  readonly expected: boolean;
}

export interface PlannedAddition {
  readonly place: Place;
  readonly barcode: string | null;
  /** `duplicate`: the label is read but already belongs to another cartridge. */
  readonly why: 'new' | 'duplicate' | 'unlabelled';
  /** For a duplicate: the label, and where the cartridge that keeps it is. */
  readonly duplicate: { readonly barcode: string; readonly keptAt: Location } | null;
}

export interface ReconcilePlan {
  readonly moves: readonly PlannedMove[];
  readonly departures: readonly PlannedDeparture[];
  readonly additions: readonly PlannedAddition[];
  /** Media that stayed put whose state no longer fits where they are (e.g. `mounted` in a slot). */
  readonly stateFixes: readonly { readonly medium: Medium; readonly state: MediumState }[];
  /** Barcoded media whose label the reader can no longer read, in place. */
  readonly unreadableLabels: readonly { readonly medium: Medium; readonly place: Place }[];
  /** Media seen again after they had been reported missing or outside. */
  readonly returned: readonly Medium[];
}

export interface PlanOptions {
  /** Media an eject through the door is taking out: their absence is expected. */
  readonly expectedLeaving?: ReadonlySet<string>;
}

/** The state a medium should have where it was found. */
export function stateAt(place: Place, current: MediumState): MediumState {
  if (place.type === 'drive') return current === 'loaded' || current === 'unloaded' ? current : 'mounted';
  if (current === 'in-use') return current;
  return 'idle';
}

function placeOf(medium: Medium): Place | undefined {
  return medium.location.type === 'outside' ? undefined : { type: medium.location.type, index: medium.location.index };
}

export function planReconciliation(media: readonly Medium[], observations: readonly ElementObservation[], options: PlanOptions = {}): ReconcilePlan {
  const hidden = new Set(observations.filter((o) => o.state === 'not-present').map((o) => placeKey(o.place)));
  const full = observations.filter((o) => o.state === 'full');
  const byBarcode = new Map(media.filter((m) => m.barcode !== null).map((m) => [m.barcode as string, m]));
  const atPlace = new Map<string, Medium>();
  for (const m of media) {
    const place = placeOf(m);
    if (place !== undefined) atPlace.set(placeKey(place), m);
  }
  const claimed = new Map<string, Place>();
  const resolved = new Set<string>();
  const additions: PlannedAddition[] = [];
  const unreadableLabels: { medium: Medium; place: Place }[] = [];
  const claim = (medium: Medium, obs: ElementObservation): void => {
    claimed.set(medium.id, obs.place);
    resolved.add(placeKey(obs.place));
  };

  // Labels where the catalog already has them first, so a duplicate never displaces the original.
  for (const obs of full) {
    const here = obs.barcode !== null ? byBarcode.get(obs.barcode) : undefined;
    const at = here !== undefined ? placeOf(here) : undefined;
    if (here !== undefined && at !== undefined && placeKey(at) === placeKey(obs.place)) claim(here, obs);
  }
  // Then moved and new labels, in element order; a label met a second time is a duplicate.
  const added = new Map<string, Place>();
  for (const obs of full) {
    if (resolved.has(placeKey(obs.place)) || obs.barcode === null) continue;
    const known = byBarcode.get(obs.barcode);
    const keptAt = known !== undefined && claimed.has(known.id) ? claimed.get(known.id) : added.get(obs.barcode);
    if (keptAt !== undefined) additions.push({ place: obs.place, barcode: null, why: 'duplicate', duplicate: { barcode: obs.barcode, keptAt } });
    else if (known !== undefined) claim(known, obs);
    else {
      additions.push({ place: obs.place, barcode: obs.barcode, why: 'new', duplicate: null });
      added.set(obs.barcode, obs.place);
    }
    resolved.add(placeKey(obs.place));
  }
  // Full elements without a readable label: whatever the catalog had there, if it is not seen elsewhere.
  for (const obs of full) {
    if (resolved.has(placeKey(obs.place))) continue;
    const there = atPlace.get(placeKey(obs.place));
    if (there !== undefined && !claimed.has(there.id)) {
      claim(there, obs);
      if (there.barcode !== null) unreadableLabels.push({ medium: there, place: obs.place });
    } else {
      additions.push({ place: obs.place, barcode: null, why: 'unlabelled', duplicate: null });
      resolved.add(placeKey(obs.place));
    }
  }

  const moves: PlannedMove[] = [];
  const stateFixes: { medium: Medium; state: MediumState }[] = [];
  const returned: Medium[] = [];
  const departures: PlannedDeparture[] = [];
  for (const medium of media) {
    const to = claimed.get(medium.id);
    const from = placeOf(medium);
    if (to !== undefined) {
      const state = stateAt(to, medium.state);
      if (from === undefined || medium.state === 'opreq') returned.push(medium);
      if (from === undefined || placeKey(from) !== placeKey(to)) moves.push({ medium, to, state });
      else if (state !== medium.state) stateFixes.push({ medium, state });
      continue;
    }
    if (from === undefined || hidden.has(placeKey(from))) continue;
    // Out of the mailslot, out by an eject through the door, or a cartridge without a usable label
    // the operator was asked to take out and label: all expected, nothing to ask about.
    const expected = from.type === 'ieport' || medium.barcode === null || options.expectedLeaving?.has(medium.id) === true;
    departures.push({ medium, from, expected });
  }
  return { moves, departures, additions, stateFixes, unreadableLabels, returned };
}
