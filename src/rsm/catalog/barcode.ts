// What a barcode label says about its cartridge (reference library-managers §4.2–4.3): LTO labels
// are a 6-character volume serial plus a 2-character media ID (`ABC123L8` is LTO-8 data, `LY`
// LTO-8 WORM, `M8` an LTO-7 cartridge initialised for LTO-8 drives); cleaners start with `CLN`.
// The catalog needs the media type when a cartridge is first seen, to put it in the right pool.

export interface LabelReading {
  /** Catalog media type name, e.g. `LTO-8`, `LTO-8-WORM`, `LTO-M8`, `LTO-CLEANER`; undefined when the label does not say. */
  readonly mediaType: string | undefined;
  readonly cleaner: boolean;
  readonly worm: boolean;
  /** The volume serial without the media ID (the whole label when there is no media ID). */
  readonly volser: string;
}

export const CLEANER_MEDIA_TYPE = 'LTO-CLEANER';
/** Media whose label says nothing the catalog understands; they go to the unrecognized pool. */
export const UNKNOWN_MEDIA_TYPE = 'unknown';

const DATA_IDS: Record<string, string> = {
  L1: 'LTO-1',
  L2: 'LTO-2',
  L3: 'LTO-3',
  L4: 'LTO-4',
  L5: 'LTO-5',
  L6: 'LTO-6',
  L7: 'LTO-7',
  M8: 'LTO-M8',
  L8: 'LTO-8',
  L9: 'LTO-9',
  LA: 'LTO-10',
  // LTO-10 "premium" 40 TB media; its ID is reported by one source only (see the reference).
  PA: 'LTO-10-PA',
};

const WORM_IDS: Record<string, string> = {
  LT: 'LTO-3-WORM',
  LU: 'LTO-4-WORM',
  LV: 'LTO-5-WORM',
  LW: 'LTO-6-WORM',
  LX: 'LTO-7-WORM',
  LY: 'LTO-8-WORM',
  LZ: 'LTO-9-WORM',
  LH: 'LTO-10-WORM',
};

export function readLabel(barcode: string): LabelReading {
  const label = barcode.trim().toUpperCase();
  if (label.startsWith('CLN') || label.startsWith('CLEAN')) {
    return { mediaType: CLEANER_MEDIA_TYPE, cleaner: true, worm: false, volser: label.length === 8 ? label.slice(0, 6) : label };
  }
  // The media ID is the suffix of the standard 8-character label; other lengths carry none.
  if (label.length !== 8) return { mediaType: undefined, cleaner: false, worm: false, volser: label };
  const id = label.slice(6);
  const volser = label.slice(0, 6);
  if (id === 'CU' || /^C\d$/.test(id)) return { mediaType: CLEANER_MEDIA_TYPE, cleaner: true, worm: false, volser };
  const data = DATA_IDS[id];
  if (data !== undefined) return { mediaType: data, cleaner: false, worm: false, volser };
  const worm = WORM_IDS[id];
  if (worm !== undefined) return { mediaType: worm, cleaner: false, worm: true, volser };
  return { mediaType: undefined, cleaner: false, worm: false, volser: label };
}
