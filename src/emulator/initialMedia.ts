/**
 * Places a profile's initial cartridges into a fresh library: single cartridges at their address,
 * and labelled series filling runs of slots (how a 10,000-slot profile stays a short file).
 */
import { createCartridge } from './cartridge.ts';
import type { ElementMap } from './elementMap.ts';
import type { LibraryState } from './libraryState.ts';
import { isMediumSeries, type MediumSeriesSpec, type Profile } from './profile.ts';

function placeSeries(series: MediumSeriesSpec, profile: Profile, map: ElementMap, state: LibraryState): void {
  const slots = map.ofKind('slot').filter((e) => e.address >= series.fill.first).slice(0, series.fill.count);
  let number = series.start;
  slots.forEach((slot, visited) => {
    if (series.skipEvery !== undefined && series.skipEvery > 0 && (visited + 1) % series.skipEvery === 0) return;
    const digits = String(number++).padStart(series.digits, '0');
    const barcode = `${series.prefix}${digits}${series.suffix}`;
    const alternate = series.alternateSuffix === undefined ? null : `${series.prefix}${digits}${series.alternateSuffix}`;
    const spec = { barcode, sides: series.sides ?? 1, alternateTag: alternate } as const;
    state.element(slot.address).cartridge = createCartridge(state.allocateCartridgeId(), spec, profile.cleaningUsesDefault);
  });
}

export function placeInitialMedia(profile: Profile, map: ElementMap, state: LibraryState): void {
  for (const medium of profile.media) {
    if (isMediumSeries(medium)) {
      placeSeries(medium, profile, map, state);
      continue;
    }
    const cartridge = createCartridge(state.allocateCartridgeId(), medium, profile.cleaningUsesDefault);
    const runtime = state.element(medium.address);
    const info = map.get(medium.address);
    if (info?.kind === 'ieport') cartridge.placedByOperator = true;
    if (info?.kind === 'drive') runtime.loaded = cartridge.kind !== 'cleaning';
    runtime.cartridge = cartridge;
  }
}
