import type { Location } from '../../../rsm/catalog/index.ts';
import type { LibraryDetail } from '../../../rsm/service.ts';

/**
 * Catalog locations (zero-based index per type) in the numbering people see: the library's own
 * display numbers, as `changer status` writes elements (slot:1, drive:0, ieport:25).
 */
export class ElementNames {
  private readonly display = new Map<string, number>();

  constructor(libraries: readonly LibraryDetail[]) {
    for (const library of libraries) for (const e of library.elements) this.display.set(key(library.name, e.type, e.index), e.displayNumber);
  }

  location(library: string, location: Location): string {
    if (location.type === 'outside') return 'outside';
    return this.element(library, location.type, location.index);
  }

  element(library: string, type: string, index: number): string {
    return `${type}:${this.display.get(key(library, type, index)) ?? (type === 'slot' ? index + 1 : index)}`;
  }
}

function key(library: string, type: string, index: number): string {
  return `${library}\u0000${type}\u0000${index}`;
}
