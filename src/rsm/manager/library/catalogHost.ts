// The scheduler's view of the catalog (SchedulerHost) for one library: where media are, where a
// cartridge leaving a drive goes, and — after every robot command — the catalog rewritten to
// match, with one event per change. A command that failed leaves the cartridge anywhere along its
// way, so the library is read again before the scheduler goes on.
import type { CatalogScope, DriveState, Medium, MediumState } from '../../catalog/index.ts';
import type { ManagerEventInput } from '../../events.ts';
import type { Place } from '../../../shared/place.ts';
import type { Placement, SchedulerHost } from '../../scheduler/index.ts';
import type { ManagerContext } from '../context.ts';
import { errorMessage } from '../errors.ts';
import { chooseSlot, freeSlots } from './slotChoice.ts';
import { SchedulerError } from '../../scheduler/index.ts';

export interface HostedLibrary {
  readonly id: string;
  readonly name: string;
  readonly cleanerSlot: number | null;
  /** A place as people name it (`slot:10`). */
  placeName(place: Place): string;
  /** Read the library and correct the catalog; never throws. */
  reconcileAfterFailure(error: unknown, from: Place, to: Place): Promise<void>;
  jobState(id: number, state: 'waiting' | 'in-progress'): void;
}

function isCleaner(medium: Medium): boolean {
  return medium.cleanerUsesRemaining !== null;
}

function stateAfterMove(medium: Medium, to: Place): MediumState {
  if (to.type === 'drive') return isCleaner(medium) ? 'in-use' : 'mounted';
  return 'idle';
}

export function mediumEvent(library: string, m: Medium, placeName: (place: Place) => string): ManagerEventInput {
  return { type: 'medium', library, barcode: m.barcode, mediumId: m.id, location: m.location.type === 'outside' ? 'outside' : placeName(m.location), state: m.state };
}

export class CatalogHost implements SchedulerHost {
  constructor(
    private readonly ctx: ManagerContext,
    private readonly library: HostedLibrary,
  ) {}

  async whereIs(mediumId: string): Promise<Place | null> {
    const medium = await this.ctx.catalog.media.get(mediumId);
    if (medium.libraryId !== this.library.id || medium.location.type === 'outside') return null;
    return { type: medium.location.type, index: medium.location.index };
  }

  async occupantOf(where: Place): Promise<string | null> {
    const medium = await this.ctx.catalog.media.at(this.library.id, where);
    return medium?.id ?? null;
  }

  async destinationFor(mediumId: string, policy: Placement, from: Place, reserved: readonly Place[]): Promise<Place> {
    const catalog = this.ctx.catalog;
    const medium = await catalog.media.get(mediumId);
    const free = await freeSlots(catalog, this.library.id);
    const taken = new Set(reserved.filter((p) => p.type === 'slot').map((p) => p.index));
    const slot = chooseSlot(free, { medium, policy, reserved: taken, cleanerSlot: this.library.cleanerSlot });
    if (slot === undefined) throw new SchedulerError('DESTINATION_FULL', `library ${this.library.name} has no free slot for ${medium.barcode ?? mediumId} leaving ${this.library.placeName(from)}`);
    return { type: 'slot', index: slot };
  }

  async moved(mediumId: string, from: Place, to: Place, flipped = false): Promise<void> {
    let events: ManagerEventInput[];
    try {
      events = await this.ctx.catalog.transaction((tx) => recordMove(tx, this.library, mediumId, from, to, flipped));
    } catch (error) {
      // The robot did move it; a catalog that disagrees is the one to correct.
      this.ctx.logger.warn({ library: this.library.name, mediumId, from, to, err: errorMessage(error) }, 'catalog disagreed with a completed move; reconciling');
      await this.library.reconcileAfterFailure(error, from, to);
      return;
    }
    for (const event of events) this.ctx.bus.publish(event);
  }

  async moveFailed(error: unknown, from: Place, to: Place): Promise<void> {
    this.ctx.logger.warn({ library: this.library.name, from, to, err: errorMessage(error) }, 'robot command failed; reconciling');
    await this.library.reconcileAfterFailure(error, from, to);
  }

  jobState(id: number, state: 'waiting' | 'in-progress'): void {
    this.library.jobState(id, state);
  }
}

async function recordMove(tx: CatalogScope, library: HostedLibrary, mediumId: string, from: Place, to: Place, flipped: boolean): Promise<ManagerEventInput[]> {
  const before = await tx.media.get(mediumId);
  // A two-sided cartridge turned over on the way: the other side faces the head now.
  const facing: 0 | 1 = (flipped && before.sideCount > 1 ? 1 - before.facingSide : before.facingSide) === 1 ? 1 : 0;
  if (facing !== before.facingSide) await tx.media.setFacingSide(mediumId, facing);
  // A cartridge entering through the mailslot, one moved on purpose from slot to slot (mtx transfer),
  // or one that never had a home, lives where it lands; a dismount to the nearest slot keeps its home.
  const setHome = to.type === 'slot' && (from.type === 'ieport' || from.type === 'slot' || before.homeSlot === null);
  const placed = await tx.media.place(mediumId, to, { state: stateAfterMove(before, to), setHome });
  const events: ManagerEventInput[] = [mediumEvent(library.name, placed, library.placeName)];
  await tx.libraries.setElementState(library.id, from.type, from.index, 'empty');
  await tx.libraries.setElementState(library.id, to.type, to.index, 'full');
  events.push({ type: 'element', library: library.name, element: library.placeName(from), state: 'empty' });
  events.push({ type: 'element', library: library.name, element: library.placeName(to), state: 'full' });
  if (from.type === 'drive') {
    await tx.drives.update(library.id, from.index, { state: 'dismounted' });
    events.push({ type: 'drive', library: library.name, drive: from.index, state: 'dismounted', barcode: null });
  }
  if (to.type === 'drive') {
    const state: DriveState = isCleaner(placed) ? 'being-cleaned' : 'mounted';
    await tx.drives.update(library.id, to.index, { state });
    if (!isCleaner(placed)) {
      await tx.drives.recordMount(library.id, to.index);
      await tx.media.recordMount(mediumId, facing);
    }
    events.push({ type: 'drive', library: library.name, drive: to.index, state, barcode: placed.barcode });
  }
  return events;
}
