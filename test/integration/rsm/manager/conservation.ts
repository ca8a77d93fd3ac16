// The conservation law of DESIGN §1, as an assertion: every cartridge is somewhere, exactly once,
// and the catalog says where the library says it is. Read from the embedded library's own state
// (what a person would see opening the box), never through the manager.
import assert from 'node:assert/strict';
import type { ElementKind } from '../../../../src/emulator/index.ts';
import type { Manager } from '../../../../src/rsm/index.ts';
import { embeddedLibrary } from '../../../../src/transport/embeddedLibraries.ts';

export interface ConservationOptions {
  /** Labels whose reader fault makes the catalog keep them without a barcode or under their old one. */
  readonly unreadable?: readonly string[];
}

export async function assertConservation(manager: Manager, library: string, deviceUrl: string, options: ConservationOptions = {}): Promise<void> {
  const virtual = embeddedLibrary(deviceUrl);
  assert.ok(virtual !== undefined, `${deviceUrl} is not running in this process`);
  const indexOf = (kind: ElementKind, address: number): number => virtual.addresses(kind).indexOf(address);
  const inside = new Map<string, string | null>();
  for (const c of virtual.contents()) inside.set(`${c.kind} ${indexOf(c.kind, c.address)}`, c.cartridge.label);
  const media = await manager.media({ library });
  const catalogued = new Map<string, string | null>();
  const barcodes = new Map<string, number>();
  for (const m of media) {
    if (m.barcode !== null) barcodes.set(m.barcode, (barcodes.get(m.barcode) ?? 0) + 1);
    if (m.location.type === 'outside') continue;
    const key = `${m.location.type} ${m.location.index}`;
    assert.ok(!catalogued.has(key), `two media catalogued in ${key}`);
    catalogued.set(key, m.barcode);
  }
  for (const [barcode, count] of barcodes) assert.equal(count, 1, `barcode ${barcode} is catalogued ${count} times`);
  assert.deepEqual([...catalogued.keys()].sort(), [...inside.keys()].sort(), 'the catalog has media exactly where the library has cartridges');
  for (const [place, label] of inside) {
    const barcode = catalogued.get(place) ?? null;
    if (barcode === label) continue;
    // A cartridge the catalog could not name (no label, unreadable, or a second one with a taken label) has no barcode.
    const excused = barcode === null || (label !== null && options.unreadable?.includes(label) === true);
    assert.ok(excused, `${place}: the library holds ${label ?? 'an unlabelled cartridge'}, the catalog says ${barcode ?? 'no barcode'}`);
  }
  // Cartridges the operator holds: the catalog has each labelled one outside.
  const outside = new Set(media.filter((m) => m.location.type === 'outside').map((m) => m.barcode));
  const labelsInside = new Set(inside.values());
  for (const c of virtual.frontPanel.outside) {
    // A second cartridge carrying a catalogued label (taken out as asked) is not the catalogued one.
    if (c.label !== null && barcodes.has(c.label) && !labelsInside.has(c.label)) assert.ok(outside.has(c.label), `${c.label} is in the operator's hands but the catalog has it inside`);
  }
}
