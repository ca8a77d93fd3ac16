// Two-sided cartridges as a jukebox reports them: each side carries its own volume tag, the side
// facing up as the primary tag and the other as the alternate one (SMC AVolTag), so a flipped
// cartridge shows up under its side-B tag. The catalog knows each cartridge by its side-A tag
// (`barcode`) and keeps side B's (`alternateBarcode`) and which side faces the head. Before
// reconciliation, each observation is restated under the catalog's name for the cartridge, so a
// flipped cartridge is the same medium and never a new one. For a cartridge seen for the first
// time, side A is the tag that sorts first (`UDO0001A` before `UDO0001B`), whichever faces up.
import type { Medium } from '../../catalog/index.ts';
import { placeKey } from '../../../shared/place.ts';
import type { ElementObservation } from './observation.ts';

export interface SidesSeen {
  /** Side B's volume tag. */
  readonly alternate: string;
  /** The side that faces up (and into a drive's head) now. */
  readonly facing: 0 | 1;
}

export interface RestatedObservations {
  readonly observations: readonly ElementObservation[];
  /** Per place (placeKey) holding a two-sided cartridge: its side-B tag and facing side. */
  readonly sides: ReadonlyMap<string, SidesSeen>;
}

export function restateTwoSided(media: readonly Medium[], observations: readonly ElementObservation[]): RestatedObservations {
  const byAlternate = new Map(media.filter((m) => m.alternateBarcode !== null && m.barcode !== null).map((m) => [m.alternateBarcode as string, m]));
  const byBarcode = new Map(media.filter((m) => m.barcode !== null).map((m) => [m.barcode as string, m]));
  const sides = new Map<string, SidesSeen>();
  const restated = observations.map((obs): ElementObservation => {
    const primary = obs.barcode;
    const other = obs.alternateBarcode ?? null;
    if (primary === null || other === null || other === primary) return obs;
    const flippedKnown = byAlternate.get(primary) ?? (byBarcode.has(primary) ? undefined : byBarcode.get(other));
    if (flippedKnown !== undefined) {
      sides.set(placeKey(obs.place), { alternate: primary === flippedKnown.barcode ? other : primary, facing: 1 });
      return { ...obs, barcode: flippedKnown.barcode, alternateBarcode: primary };
    }
    if (byBarcode.has(primary) || primary < other) {
      sides.set(placeKey(obs.place), { alternate: other, facing: 0 });
      return obs;
    }
    sides.set(placeKey(obs.place), { alternate: primary, facing: 1 });
    return { ...obs, barcode: other, alternateBarcode: primary };
  });
  return { observations: restated, sides };
}
