// Checking what a client asks before anything is queued: every refusal here is an RsmError with
// the code the API maps to a status (INVALID_PARAMETER, NOT_FOUND, INVALID_STATE,
// MEDIA_UNAVAILABLE, MEDIA_INCOMPATIBLE, LIBRARY_UNAVAILABLE). What passes becomes a NewRequest.
import type { CatalogScope, Drive, Element, Medium, NewRequest } from '../../catalog/index.ts';
import { PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../../catalog/index.ts';
import { isPlaceType, type Place } from '../../../shared/place.ts';
import type { CleanOrder, DismountOrder, EjectOrder, InjectOrder, InventoryOrder, MoveOrder } from '../../service.ts';
import { driveAccepts, type OwnedLibrary } from '../library/index.ts';
import { invalid, invalidState, notFound } from '../errors.ts';
import { RsmError } from '../../rsmError.ts';

export function checkPriority(priority: unknown): number {
  if (priority === undefined) return 0;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < PRIORITY_LOWEST || priority > PRIORITY_HIGHEST) {
    throw invalid(`priority must be an integer from ${PRIORITY_LOWEST} to ${PRIORITY_HIGHEST}, not ${String(priority)}`);
  }
  return priority;
}

export function checkTimeout(timeoutMs: unknown): number | null {
  if (timeoutMs === undefined || timeoutMs === null) return null;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0) throw invalid(`timeoutMs must be a positive integer of milliseconds, not ${String(timeoutMs)}`);
  return timeoutMs;
}

export function checkDriveIndex(runtime: OwnedLibrary, drive: unknown): number {
  if (typeof drive !== 'number' || !runtime.hasPlace({ type: 'drive', index: drive })) {
    throw invalid(`library ${runtime.name} has no drive ${String(drive)} (drives are numbered from 0)`);
  }
  return drive;
}

export function checkPlace(runtime: OwnedLibrary, what: string, value: unknown): Place {
  const p = value as { type?: unknown; index?: unknown } | null | undefined;
  if (typeof p !== 'object' || p === null || !isPlaceType(p.type) || typeof p.index !== 'number') {
    throw invalid(`${what} must be { type: slot|drive|ieport|transport, index }`);
  }
  const place: Place = { type: p.type, index: p.index };
  if (!runtime.hasPlace(place)) throw invalid(`library ${runtime.name} has no ${runtime.placeName(place)}`);
  return place;
}

export async function findMedium(catalog: CatalogScope, runtime: OwnedLibrary, barcode: unknown): Promise<Medium> {
  if (typeof barcode !== 'string' || barcode.trim() === '') throw invalid('a barcode must be a non-empty string');
  const libraryId = runtime.library?.id ?? '';
  const medium = await catalog.media.findByBarcode(libraryId, barcode);
  if (medium === undefined) throw notFound(`library ${runtime.name} has no medium ${barcode}`);
  return medium;
}

function isCleaner(medium: Medium): boolean {
  return medium.cleanerUsesRemaining !== null;
}

/** A medium that may go into a drive now: inside the library, enabled, not a cleaner, not mounted. */
export function checkMountable(medium: Medium): void {
  const name = medium.barcode ?? medium.id;
  if (isCleaner(medium)) throw invalid(`${name} is a cleaning cartridge; ask for a cleaning instead`);
  if (!medium.enabled) throw invalidState(`${name} is disabled`);
  if (medium.location.type === 'outside') throw invalidState(`${name} is outside the library; inject it first`);
  if (medium.location.type === 'drive') throw invalidState(`${name} is already in drive ${medium.location.index}; dismount it first`);
}

/** Drives that may take the medium, in index order; MEDIA_INCOMPATIBLE when none can. */
export async function candidateDrives(catalog: CatalogScope, runtime: OwnedLibrary, medium: Medium, access: 'read' | 'write', drive: number | null, driveElements?: readonly Element[], libraryDrives?: readonly Drive[]): Promise<number[]> {
  const libraryId = runtime.library?.id ?? '';
  const elements = new Map((driveElements ?? (await catalog.libraries.elements(libraryId, 'drive'))).map((e) => [e.index, e]));
  const usable = (d: Drive): boolean => elements.get(d.index)?.enabled !== false && elements.get(d.index)?.state !== 'not-present';
  const drives = libraryDrives ?? (await catalog.drives.list(libraryId));
  const name = medium.barcode ?? medium.id;
  if (drive !== null) {
    const d = drives.find((x) => x.index === drive);
    if (d === undefined || !usable(d)) throw invalidState(`drive ${drive} of library ${runtime.name} is not in service`);
    if (!driveAccepts(d, medium.mediaType, access)) throw new RsmError('MEDIA_INCOMPATIBLE', `drive ${drive} cannot ${access} ${medium.mediaType} (${name})`);
    return [drive];
  }
  const fit = drives.filter((d) => usable(d) && driveAccepts(d, medium.mediaType, access)).map((d) => d.index);
  if (fit.length === 0) throw new RsmError('MEDIA_INCOMPATIBLE', `no drive of library ${runtime.name} can ${access} ${medium.mediaType} (${name})`);
  return fit;
}

export interface BaseRequestFields {
  readonly libraryId: string;
  readonly priority: number;
  readonly deadlineAt: number | null;
}

export function baseFields(runtime: OwnedLibrary, order: { priority?: number; timeoutMs?: number }, now: number): BaseRequestFields {
  const timeout = checkTimeout(order.timeoutMs);
  return { libraryId: runtime.library?.id ?? '', priority: checkPriority(order.priority), deadlineAt: timeout === null ? null : now + timeout };
}

export function checkAccess(access: unknown): 'read' | 'write' {
  if (access === undefined) return 'write';
  if (access !== 'read' && access !== 'write') throw invalid(`access must be read or write, not ${String(access)}`);
  return access;
}

export function checkSide(medium: Medium, side: unknown): number {
  if (side === undefined) return 0;
  if (typeof side !== 'number' || !Number.isInteger(side) || side < 0 || side >= medium.sideCount) {
    throw invalid(`${medium.barcode ?? medium.id} has ${medium.sideCount} side(s); side ${String(side)} does not exist`);
  }
  return side;
}

export async function dismountRequest(catalog: CatalogScope, runtime: OwnedLibrary, order: DismountOrder, now: number): Promise<NewRequest> {
  const libraryId = runtime.library?.id ?? '';
  if (order.drive === undefined && order.barcode === undefined) throw invalid('name the drive or the barcode to dismount');
  if (order.placement !== undefined && order.placement !== 'home' && order.placement !== 'nearest') throw invalid(`placement must be home or nearest, not ${String(order.placement)}`);
  let medium: Medium | undefined;
  let drive: number;
  // Read beside the medium (one wait for the catalog's connections, not two); checked after it, as before.
  const dismounts = catalog.requests.list({ libraryId, states: ['queued', 'waiting', 'in-progress'], kinds: ['dismount'] });
  dismounts.catch(() => undefined);
  if (order.barcode !== undefined) {
    medium = await findMedium(catalog, runtime, order.barcode);
    if (medium.location.type !== 'drive') throw invalidState(`${order.barcode} is not in a drive (it is in ${medium.location.type === 'outside' ? 'outside the library' : runtime.placeName(medium.location)})`);
    drive = medium.location.index;
    if (order.drive !== undefined && order.drive !== drive) throw invalidState(`${order.barcode} is in drive ${drive}, not drive ${String(order.drive)}`);
  } else {
    drive = checkDriveIndex(runtime, order.drive);
    medium = await catalog.media.at(libraryId, { type: 'drive', index: drive });
    if (medium === undefined) throw invalidState(`drive ${drive} of library ${runtime.name} is empty`);
  }
  const pending = await dismounts;
  const twin = pending.find((r) => r.driveIndex === drive);
  if (twin !== undefined) throw invalidState(`a dismount of drive ${drive} is already under way (request ${twin.id})`);
  return {
    ...baseFields(runtime, order, now),
    kind: 'dismount',
    driveIndex: drive,
    mediumId: medium.id,
    options: { placement: order.placement ?? 'home', deallocate: order.deallocate === true, barcode: medium.barcode },
  };
}

export async function moveRequest(catalog: CatalogScope, runtime: OwnedLibrary, order: MoveOrder, now: number): Promise<NewRequest> {
  const libraryId = runtime.library?.id ?? '';
  const from = checkPlace(runtime, 'from', order.from);
  const to = checkPlace(runtime, 'to', order.to);
  if (from.type === to.type && from.index === to.index) throw invalid('from and to are the same element');
  const medium = await catalog.media.at(libraryId, from);
  if (medium === undefined) throw invalidState(`${runtime.placeName(from)} of library ${runtime.name} is empty`);
  const occupant = await catalog.media.at(libraryId, to);
  if (occupant !== undefined) throw invalidState(`${runtime.placeName(to)} of library ${runtime.name} holds ${occupant.barcode ?? 'a cartridge'}`);
  return { ...baseFields(runtime, order, now), kind: 'move', mediumId: medium.id, destination: to, options: { from, barcode: medium.barcode } };
}

export function cleanRequest(runtime: OwnedLibrary, order: CleanOrder, now: number): NewRequest {
  const drive = checkDriveIndex(runtime, order.drive);
  return { ...baseFields(runtime, order, now), kind: 'clean', driveIndex: drive, options: {} };
}

export function inventoryRequest(runtime: OwnedLibrary, order: InventoryOrder, now: number): NewRequest {
  const mode = order.mode ?? 'fast';
  if (mode !== 'fast' && mode !== 'full') throw invalid(`inventory mode must be fast or full, not ${String(mode)}`);
  return { ...baseFields(runtime, {}, now), kind: 'inventory', options: { mode } };
}

function checkVia(runtime: OwnedLibrary, via: unknown): 'mailslot' | 'door' {
  const p = runtime.changer?.cachedParameters;
  const chosen = via ?? 'mailslot';
  if (chosen !== 'mailslot' && chosen !== 'door') throw invalid(`via must be mailslot or door, not ${String(via)}`);
  if (chosen === 'mailslot' && (p?.numberIEElements ?? 0) === 0) throw invalid(`library ${runtime.name} has no mailslot; use the door`);
  if (chosen === 'door' && (p?.numberOfDoors ?? 0) === 0) throw invalid(`library ${runtime.name} has no door; use the mailslot`);
  return chosen;
}

export async function injectRequest(catalog: CatalogScope, runtime: OwnedLibrary, order: InjectOrder, now: number): Promise<NewRequest> {
  const via = checkVia(runtime, order.via);
  let poolId: string | null = null;
  if (order.pool !== undefined) {
    const pool = await catalog.pools.findByName(order.pool);
    if (pool === undefined) throw notFound(`no pool ${order.pool}`);
    if (pool.type !== 'application' && pool.type !== 'free') throw invalid(`media are injected into the free pool or an application pool; ${pool.name} is the ${pool.type} pool`);
    if (pool.mediaType === null) throw invalid(`${pool.name} is a pool of pools and holds no media`);
    poolId = pool.id;
  }
  const cleanerUses = order.cleanerUses;
  if (cleanerUses !== undefined && (!Number.isInteger(cleanerUses) || cleanerUses < 0)) throw invalid(`cleanerUses must be a whole number, not ${String(cleanerUses)}`);
  return { ...baseFields(runtime, order, now), kind: 'inject', poolId, options: { via, ...(cleanerUses !== undefined ? { cleanerUses } : {}) } };
}

export async function ejectRequest(catalog: CatalogScope, runtime: OwnedLibrary, order: EjectOrder, now: number): Promise<{ request: NewRequest; media: Medium[] }> {
  const via = checkVia(runtime, order.via);
  if (!Array.isArray(order.barcodes) || order.barcodes.length === 0) throw invalid('name at least one barcode to eject');
  if (new Set(order.barcodes).size !== order.barcodes.length) throw invalid('a barcode appears twice');
  const media: Medium[] = [];
  for (const barcode of order.barcodes) {
    const medium = await findMedium(catalog, runtime, barcode);
    if (medium.location.type === 'outside') throw invalidState(`${barcode} is already outside the library`);
    if (medium.location.type === 'drive') throw invalidState(`${barcode} is in drive ${medium.location.index}; dismount it first`);
    if (medium.location.type === 'transport') throw invalidState(`${barcode} is in the robot's picker; wait for it to be put away`);
    media.push(medium);
  }
  const libraryId = runtime.library?.id ?? '';
  const mounting = await catalog.requests.list({ libraryId, kinds: ['mount', 'move', 'eject'], states: ['queued', 'waiting', 'in-progress'] });
  for (const medium of media) {
    const busy = mounting.find((r) => r.mediumId === medium.id || (Array.isArray(r.options.mediumIds) && r.options.mediumIds.includes(medium.id)));
    if (busy !== undefined) throw invalidState(`${medium.barcode ?? 'the medium'} is wanted by ${busy.kind} request ${busy.id}; wait for it or cancel it first`);
  }
  const ports = runtime.changer?.cachedParameters.numberIEElements ?? 0;
  if (via === 'mailslot' && media.length > ports) throw invalid(`the mailslot of library ${runtime.name} holds ${ports} cartridge(s); eject at most ${ports} at a time`);
  return {
    request: { ...baseFields(runtime, order, now), kind: 'eject', mediumId: media.length === 1 ? (media[0] as Medium).id : null, options: { via, mediumIds: media.map((m) => m.id), barcodes: media.map((m) => m.barcode) } },
    media,
  };
}
