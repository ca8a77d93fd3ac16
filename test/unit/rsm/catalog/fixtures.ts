// A small library layout and helpers shared by the catalog suites.
import type { Catalog, Library, LibraryLayout, Medium } from '../../../../src/rsm/catalog/index.ts';

/** One picker, ten slots in two magazines, two mailslots, two drives, one door; mtx-style numbering. */
export function smallLayout(name = 'lib0', slots = 10): LibraryLayout {
  return {
    name,
    deviceUrl: `virtual:/tmp/${name}?profile=small`,
    profile: 'small',
    product: { vendorId: 'CHANGER', productId: 'VIRTUAL LIB', revision: '0100', serialNumber: `SN-${name}` },
    transports: { count: 1 },
    slots: { count: slots, firstNumber: 1, magazineSize: 5 },
    ieports: { count: 2, firstNumber: 1 },
    drives: { count: 2 },
    doors: 1,
    cleanerSlot: slots - 1,
  };
}

export async function seedLibrary(catalog: Catalog, name = 'lib0', slots = 10): Promise<Library> {
  return catalog.libraries.upsert(smallLayout(name, slots));
}

/** Add LTO-8 tapes `B00000L8`, `B00001L8`… into slots 0… in the given pool. */
export async function addTapes(catalog: Catalog, library: Library, count: number, pool: 'free' | 'import' = 'free', prefix = 'B'): Promise<Medium[]> {
  const media: Medium[] = [];
  for (let i = 0; i < count; i++) {
    const barcode = `${prefix}${String(i).padStart(5, '0')}L8`;
    media.push(await catalog.media.add({ libraryId: library.id, barcode, location: { type: 'slot', index: i }, pool }));
  }
  return media;
}
