// What clients see: catalog rows joined into the views of service.ts (a library with its counts,
// a medium with its sides and pool name, a request with its history and the reason it failed).
import { KeptMedia, type CatalogScope, type Drive, type Library, type LibraryRequest, type MediaListing, type Medium, type MediumSide, type Pool, type RequestHistoryEntry } from '../../catalog/index.ts';
import { withoutSecret } from '../../../shared/secrets.ts';
import type { DriveView, LibraryDetail, LibrarySummary, MediumView, RequestDrive, RequestView } from '../../service.ts';

const UNFINISHED = ['queued', 'waiting', 'in-progress'] as const;

export async function librarySummary(catalog: CatalogScope, library: Library, ownedHere: boolean): Promise<LibrarySummary> {
  const elements = await catalog.libraries.elements(library.id);
  const count = (type: string): number => elements.filter((e) => e.type === type).length;
  const queued = await catalog.requests.list({ libraryId: library.id, states: UNFINISHED });
  const settings = await catalog.objectSettings.get(library.id, 'library', '');
  return {
    ...library,
    // The configured URL may hold a CHAP secret; readers of the API see the user name only.
    deviceUrl: withoutSecret(library.deviceUrl),
    ownedHere,
    slotCount: count('slot'),
    driveCount: count('drive'),
    ieportCount: count('ieport'),
    // Counted by the catalog: listing 10 000 media to count them cost every GET /v1/libraries 0.3 s.
    mediaCount: await catalog.media.countInside(library.id),
    queuedRequests: queued.length,
    enabled: !settings.disabled,
    disabledReason: settings.disabled ? settings.disabledReason : null,
    description: settings.description,
  };
}

export async function libraryDetail(catalog: CatalogScope, library: Library, ownedHere: boolean): Promise<LibraryDetail> {
  const summary = await librarySummary(catalog, library, ownedHere);
  const elements = await catalog.libraries.elements(library.id);
  const drives: DriveView[] = [];
  const settings = await catalog.objectSettings.ofType(library.id, 'drive');
  for (const drive of await catalog.drives.list(library.id)) {
    const medium = await catalog.media.at(library.id, { type: 'drive', index: drive.index });
    const enabled = elements.find((e) => e.type === 'drive' && e.index === drive.index)?.enabled !== false;
    const said = settings.get(String(drive.index));
    drives.push({ ...drive, barcode: medium?.barcode ?? null, mediumId: medium?.id ?? null, enabled, disabledReason: enabled ? null : (said?.disabledReason ?? null), name: said?.name ?? null, description: said?.description ?? null });
  }
  return { ...summary, elements, drives };
}

export async function mediumView(catalog: CatalogScope, medium: Medium, libraryName: string, pools?: ReadonlyMap<string, Pool>): Promise<MediumView> {
  const sides = await catalog.media.sides(medium.id);
  let poolName: string | null = null;
  if (medium.poolId !== null) poolName = pools?.get(medium.poolId)?.name ?? (await catalog.pools.get(medium.poolId)).name;
  return { ...medium, sides, poolName, libraryName };
}

interface KeptView {
  readonly medium: Medium;
  readonly sides: readonly MediumSide[];
  readonly poolName: string | null;
  readonly libraryName: string;
  readonly view: MediumView;
}

/** Past this many views kept, the next listing starts afresh (deleted media are never told). */
const MAX_KEPT_VIEWS = 100_000;

/**
 * Views of media listings, kept from one listing to the next: a medium whose catalog objects are the same
 * ones (catalog KeptMedia) in a pool and library of the same names gets the same view object, so
 * what the API kept of it (its JSON text) serves again. Views are never changed once made.
 */
export class KeptMediumViews {
  readonly media = new KeptMedia();
  readonly #views = new Map<string, KeptView>();

  of(listing: MediaListing, libraryName: (libraryId: string) => string): MediumView[] {
    return listing.media.map((medium) => this.#view(medium, listing.sides.get(medium.id) ?? [], listing.poolNames.get(medium.id) ?? null, libraryName(medium.libraryId)));
  }

  #view(medium: Medium, sides: readonly MediumSide[], poolName: string | null, libraryName: string): MediumView {
    const kept = this.#views.get(medium.id);
    if (kept !== undefined && kept.medium === medium && kept.sides === sides && kept.poolName === poolName && kept.libraryName === libraryName) return kept.view;
    if (kept === undefined && this.#views.size >= MAX_KEPT_VIEWS) this.#views.clear();
    const view = viewOf(medium, sides, poolName, libraryName);
    this.#views.set(medium.id, { medium, sides, poolName, libraryName, view });
    return view;
  }
}

/**
 * A medium's view, field by field: `{ ...medium, … }` copied through V8's generic object clone,
 * which in a listing of 10 000 media cost more than reading them from the catalog.
 */
function viewOf(m: Medium, sides: readonly MediumSide[], poolName: string | null, libraryName: string): MediumView {
  return {
    id: m.id,
    libraryId: m.libraryId,
    barcode: m.barcode,
    barcodeState: m.barcodeState,
    mediaType: m.mediaType,
    sideCount: m.sideCount,
    alternateBarcode: m.alternateBarcode,
    facingSide: m.facingSide,
    poolId: m.poolId,
    state: m.state,
    location: m.location,
    homeSlot: m.homeSlot,
    mountCount: m.mountCount,
    lastMountedAt: m.lastMountedAt,
    errorCount: m.errorCount,
    cleanerUsesRemaining: m.cleanerUsesRemaining,
    onMediaLabel: m.onMediaLabel,
    enabled: m.enabled,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    sides,
    poolName,
    libraryName,
  };
}

/** What the caller knows of a request it has just written, so it is not read back. */
export interface KnownOfRequest {
  readonly history?: readonly RequestHistoryEntry[];
  /** Its medium's barcode (null: none). */
  readonly barcode?: string | null;
}

/** The note of the final transition is why a request failed, timed out or was cancelled. */
export async function requestView(catalog: CatalogScope, request: LibraryRequest, libraryName: string, drives?: LibraryDrives, known: KnownOfRequest = {}): Promise<RequestView> {
  const history = known.history ?? (await catalog.requests.history(request.id));
  const barcode = known.barcode !== undefined ? known.barcode : await barcodeOf(catalog, request);
  const last = history.at(-1);
  const ended = request.state === 'failed' || request.state === 'timed-out' || request.state === 'cancelled';
  return {
    ...request,
    libraryName,
    barcode,
    drive: await requestDrive(catalog, request, drives),
    errorMessage: ended && last !== undefined && last.state === request.state ? last.note : null,
    history,
  };
}

async function barcodeOf(catalog: CatalogScope, request: LibraryRequest): Promise<string | null> {
  const medium = request.mediumId !== null ? await catalog.media.get(request.mediumId).catch(() => undefined) : undefined;
  return medium?.barcode ?? (typeof request.options.barcode === 'string' ? request.options.barcode : null);
}

/** The drives of the libraries a list of requests names, read once for the whole list: by library id, then drive index. */
export type LibraryDrives = ReadonlyMap<string, ReadonlyMap<number, Drive>>;

export async function drivesOf(catalog: CatalogScope, libraryIds: Iterable<string>): Promise<LibraryDrives> {
  const drives = new Map<string, ReadonlyMap<number, Drive>>();
  for (const id of new Set(libraryIds)) drives.set(id, new Map((await catalog.drives.list(id)).map((d) => [d.index, d])));
  return drives;
}

async function requestDrive(catalog: CatalogScope, request: LibraryRequest, drives: LibraryDrives | undefined): Promise<RequestDrive | null> {
  if (request.driveIndex === null) return null;
  const known = drives?.get(request.libraryId);
  const drive = known !== undefined ? known.get(request.driveIndex) : await catalog.drives.get(request.libraryId, request.driveIndex).catch(() => undefined);
  return { index: request.driveIndex, serialNumber: drive?.serialNumber ?? null, deviceUrl: drive?.devicePath ?? null };
}
