// Full inventory's second half (NTMS's on-media identification): a cartridge the library cannot
// name by barcode is carried to an empty drive, its first record is read, and it goes back to the
// slot it came from. The label decides its pool (catalog Media.identify). Runs inside the
// inventory's exclusive job, so no mount competes for the robot or the drive meanwhile.
import type { CatalogScope, LabelType, Medium } from '../../catalog/index.ts';
import type { MediumLabel } from '../../../storage/index.ts';
import type { Place } from '../../../shared/place.ts';
import { type OwnedLibrary, mediumEvent } from '../library/index.ts';
import type { ManagerContext } from '../context.ts';
import { errorMessage } from '../errors.ts';

export type RobotMove = (mediumId: string, from: Place, to: Place) => Promise<void>;

export interface IdentifyOutcome {
  /** One line per cartridge, for the request's note: "slot 5: ANSI VOL001". */
  readonly results: readonly string[];
  /** Cartridges left unidentified, and why (no reachable drive, read failed). */
  readonly skipped: number;
  readonly skipReason: string | null;
}

function catalogLabel(label: MediumLabel): { type: LabelType; id: string | null } {
  switch (label.type) {
    case 'ansi':
      return { type: 'ansi', id: label.volumeId };
    case 'amanda':
      return { type: 'amanda', id: label.label };
    case 'blank':
    case 'foreign':
      return { type: label.type, id: null };
  }
}

function describeLabel(label: { type: LabelType; id: string | null }): string {
  return label.id === null ? label.type : `${label.type} ${label.id}`;
}

/** Unlabelled cartridges in slots, in slot order: what a full inventory has to read. */
async function unidentified(catalog: CatalogScope, libraryId: string): Promise<Medium[]> {
  const inSlots = await catalog.media.list({ libraryId, locationType: 'slot' });
  return inSlots
    .filter((m) => m.barcode === null && m.cleanerUsesRemaining === null && m.enabled)
    .sort((a, b) => (a.location.type === 'slot' && b.location.type === 'slot' ? a.location.index - b.location.index : 0));
}

/** Empty, enabled drives this manager reaches as devices of their own. */
async function readingDrives(catalog: CatalogScope, runtime: OwnedLibrary, libraryId: string): Promise<number[]> {
  const occupied = new Set((await catalog.media.list({ libraryId, locationType: 'drive' })).map((m) => (m.location.type === 'drive' ? m.location.index : -1)));
  const enabled = new Set((await catalog.libraries.elements(libraryId, 'drive')).filter((e) => e.enabled && e.state !== 'not-present').map((e) => e.index));
  return runtime.drives.drives.filter((d) => enabled.has(d) && !occupied.has(d));
}

export async function identifyUnlabelledMedia(ctx: ManagerContext, runtime: OwnedLibrary, libraryId: string, robotMove: RobotMove): Promise<IdentifyOutcome> {
  const media = await unidentified(ctx.catalog, libraryId);
  if (media.length === 0) return { results: [], skipped: 0, skipReason: null };
  const [drive] = await readingDrives(ctx.catalog, runtime, libraryId);
  if (drive === undefined) {
    const why = runtime.drives.drives.length === 0 ? 'no drive of this library is reachable as a device' : 'every reachable drive holds a cartridge';
    return { results: [], skipped: media.length, skipReason: why };
  }
  const results: string[] = [];
  let skipped = 0;
  for (const medium of media) {
    const home = medium.location as Place;
    const inDrive: Place = { type: 'drive', index: drive };
    await robotMove(medium.id, home, inDrive);
    let label: { type: LabelType; id: string | null } | undefined;
    try {
      label = catalogLabel(await runtime.drives.readLabel(drive));
    } catch (error) {
      skipped++;
      results.push(`${runtime.placeName(home)}: not read (${errorMessage(error)})`);
    }
    // Back where it came from whatever the read gave: the robot pulls only an unloaded tape.
    await runtime.drives.unload(drive);
    await robotMove(medium.id, inDrive, home);
    if (label === undefined) continue;
    const identified = await ctx.catalog.media.identify(medium.id, label);
    ctx.bus.publish(mediumEvent(runtime.name, identified, (place) => runtime.placeName(place)));
    results.push(`${runtime.placeName(home)}: ${describeLabel(label)}`);
  }
  return { results, skipped, skipReason: skipped > 0 ? 'the drive could not read them' : null };
}
