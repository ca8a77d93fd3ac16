// Media that listings read, kept from one listing to the next: a row read again with the same
// values gives back the same Medium object, and a medium's sides read again unchanged the same
// array. A caller that keeps what it built from them (the manager's views, the API's JSON text)
// then tells by identity what it need not build again: the whole list of 10 000 media read right
// after one of them changed builds one medium, where it built and serialized all 10 000 (issue 17).
import type { Medium, MediumSide } from './medium.ts';
import { MEDIUM_COLUMNS, mediumOfValues, SIDE_COLUMNS, sideOfValues } from './mediaRows.ts';

/** Past this many media kept, the next listing starts afresh (deleted media are never told). */
const MAX_KEPT = 100_000;

interface KeptMedium {
  readonly values: readonly unknown[];
  readonly medium: Medium;
}

interface KeptSides {
  readonly values: readonly (readonly unknown[])[];
  readonly sides: readonly MediumSide[];
}

export class KeptMedia {
  readonly #media = new Map<string, KeptMedium>();
  readonly #sides = new Map<string, KeptSides>();

  /** The medium of a row that starts with MEDIUM_COLUMNS: the one kept for its id if every one of those values is the same. */
  medium(values: readonly unknown[]): Medium {
    const id = values[0] as string;
    const kept = this.#media.get(id);
    if (kept !== undefined && sameValues(kept.values, values, 0, MEDIUM_COLUMNS.length)) return kept.medium;
    if (kept === undefined && this.#media.size >= MAX_KEPT) this.#media.clear();
    const medium = mediumOfValues(values);
    this.#media.set(id, { values, medium });
    return medium;
  }

  /**
   * A medium's sides from rows whose SIDE_COLUMNS start at `from`, in side order: the array kept if
   * every one of those values is the same.
   */
  sides(mediumId: string, values: readonly (readonly unknown[])[], from = 0): readonly MediumSide[] {
    const kept = this.#sides.get(mediumId);
    if (kept !== undefined && kept.values.length === values.length && kept.values.every((row, n) => sameValues(row, values[n] ?? [], from, SIDE_COLUMNS.length))) return kept.sides;
    if (kept === undefined && this.#sides.size >= MAX_KEPT) this.#sides.clear();
    const sides = values.map((row) => sideOfValues(row, from));
    this.#sides.set(mediumId, { values, sides });
    return sides;
  }
}

/** Whether `count` values from `from` on are the same in both rows. */
function sameValues(a: readonly unknown[], b: readonly unknown[], from: number, count: number): boolean {
  for (let n = from; n < from + count; n++) if (a[n] !== b[n]) return false;
  return true;
}
