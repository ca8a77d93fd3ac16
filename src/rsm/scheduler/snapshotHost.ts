// A SchedulerHost without a catalog: where every cartridge is, read once from the changer's
// element status and kept current with each move the scheduler reports. For tools that drive a
// library directly (the scheduler bench, tests over the emulator); the manager uses its catalog.
import type { Changer } from '../../driver/changer.ts';
import { ElementStatusFlags } from '../../driver/elementStatus.ts';
import { elementType } from '../../driver/elementPlace.ts';
import { ElementType } from '../../driver/elementType.ts';
import { hasFeature } from '../../driver/features.ts';
import { elementCount } from '../../driver/changerParameters.ts';
import { formatPlace, samePlace, type Place, type PlaceType } from '../../shared/place.ts';
import type { Placement, SchedulerHost } from './host.ts';
import { SchedulerError } from './schedulerError.ts';

/** The order the host reads the element types in (and so the order of contents()). */
const READ_ORDER: readonly PlaceType[] = ['slot', 'drive', 'ieport', 'transport'];

const keyOf = (p: Place): string => formatPlace(p);

export class SnapshotHost implements SchedulerHost {
  readonly #changer: Changer;
  readonly #slotCount: number;
  /** Place key → medium id (the barcode, or "unlabelled@<place>" for a cartridge without one). */
  #contents = new Map<string, string>();
  #places = new Map<string, Place>();
  /** Each medium's home: the slot it was in when first seen (or came from, for one first seen in a drive). */
  readonly #homes = new Map<string, number>();
  /** Every move reported, in order ("medium: from → to"). */
  readonly moves: string[] = [];

  private constructor(changer: Changer) {
    this.#changer = changer;
    this.#slotCount = elementCount(changer.cachedParameters, ElementType.Slot);
  }

  static async read(changer: Changer): Promise<SnapshotHost> {
    const host = new SnapshotHost(changer);
    await host.#read();
    return host;
  }

  /** Medium ids by place, as this host believes. */
  contents(): ReadonlyMap<string, string> {
    return this.#contents;
  }

  async whereIs(mediumId: string): Promise<Place | null> {
    for (const [key, medium] of this.#contents) if (medium === mediumId) return this.#places.get(key) ?? null;
    return null;
  }

  async occupantOf(where: Place): Promise<string | null> {
    return this.#contents.get(keyOf(where)) ?? null;
  }

  /** Home when free; else (and for 'nearest') the free slot closest to home, the lowest-numbered on a tie. */
  async destinationFor(mediumId: string, policy: Placement, from: Place, reserved: readonly Place[]): Promise<Place> {
    const free = (index: number): boolean => {
      const slot: Place = { type: 'slot', index };
      return !this.#contents.has(keyOf(slot)) && !reserved.some((r) => samePlace(r, slot));
    };
    const home = this.#homes.get(mediumId);
    if (policy === 'home' && home !== undefined && free(home)) return { type: 'slot', index: home };
    const anchor = home ?? 0;
    let best: number | undefined;
    for (let i = 0; i < this.#slotCount; i++) {
      if (free(i) && (best === undefined || Math.abs(i - anchor) < Math.abs(best - anchor))) best = i;
    }
    if (best === undefined) throw new SchedulerError('DESTINATION_FULL', `no free slot for ${mediumId} leaving ${formatPlace(from)}`);
    return { type: 'slot', index: best };
  }

  async moved(mediumId: string, from: Place, to: Place): Promise<void> {
    if (this.#contents.get(keyOf(from)) === mediumId) this.#contents.delete(keyOf(from));
    this.#contents.set(keyOf(to), mediumId);
    this.#places.set(keyOf(to), to);
    this.moves.push(`${mediumId}: ${formatPlace(from)} → ${formatPlace(to)}`);
  }

  /** The library is the truth: read it all again. */
  async moveFailed(_error: unknown, from: Place, to: Place): Promise<void> {
    this.moves.push(`failed: ${formatPlace(from)} → ${formatPlace(to)}`);
    await this.#read();
  }

  async #read(): Promise<void> {
    const p = this.#changer.cachedParameters;
    const contents = new Map<string, string>();
    const places = new Map<string, Place>();
    for (const name of READ_ORDER) {
      const type = elementType(name);
      const count = elementCount(p, type);
      if (count === 0) continue;
      const statuses = await this.#changer.getElementStatus({ element: { type, index: 0 }, count, volumeTagInfo: true });
      for (const s of statuses) {
        if (!hasFeature(s.flags, ElementStatusFlags.FULL)) continue;
        const where: Place = { type: name, index: s.element.index };
        const medium = s.primaryVolumeId !== undefined && s.primaryVolumeId !== '' ? s.primaryVolumeId : `unlabelled@${formatPlace(where)}`;
        contents.set(keyOf(where), medium);
        places.set(keyOf(where), where);
        if (this.#homes.has(medium)) continue;
        // Home: the slot it sits in, or for one in a drive the slot the library says it came from.
        if (name === 'slot') this.#homes.set(medium, where.index);
        else if (hasFeature(s.flags, ElementStatusFlags.SVALID) && s.sourceElement?.type === ElementType.Slot) this.#homes.set(medium, s.sourceElement.index);
      }
    }
    this.#contents = contents;
    this.#places = places;
  }
}
