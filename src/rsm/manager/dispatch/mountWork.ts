// Mounts, dismounts and raw moves: scheduler jobs whose outcome becomes the request's end. Each
// also runs as the restart path: work found already done is completed, not done twice.
import type { LibraryRequest } from '../../catalog/index.ts';
import type { Place } from '../../../shared/place.ts';
import { errorMessage } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';
import { candidateDrives, type FinalState } from '../requests/index.ts';
import { label, option, type DispatchMode, type WorkKit } from './workKit.ts';

/** Into one of the drives that can take the medium; a cancelled or timed-out mount whose cartridge reached a drive gets it taken out again. */
export async function mountWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const mediumId = request.mediumId as string;
  let medium = await kit.ctx.catalog.media.get(mediumId);
  if (mode.resumed === true && medium.location.type === 'drive' && (request.driveIndex === null || request.driveIndex === medium.location.index)) {
    await kit.tracker.finish(request.id, { state: 'completed', driveIndex: medium.location.index, note: `found in ${runtime.placeName(medium.location)} after the manager restarted` });
    return;
  }
  if (medium.location.type === 'outside') {
    await undoAllocation(kit, request);
    await kit.tracker.finish(request.id, { state: 'failed', errorCode: 'MEDIA_UNAVAILABLE', note: `${label(medium)} is no longer in the library` });
    return;
  }
  const access = option<'read' | 'write'>(request, 'access', 'write');
  const drives = await candidateDrives(kit.ctx.catalog, runtime, medium, access, request.driveIndex);
  // A two-sided cartridge whose other side faces the head is turned over on its way in.
  const flip = medium.sideCount > 1 && (request.side ?? 0) !== medium.facingSide;
  const outcome = await kit.submit(runtime, request, { kind: 'mount', mediumId, drives, ...(flip ? { flip } : {}) });
  if (outcome === undefined) return;
  medium = await kit.ctx.catalog.media.get(mediumId);
  if (outcome.state === 'completed') {
    await kit.finish(request, outcome, `${label(medium)} mounted in ${runtime.placeName({ type: 'drive', index: outcome.drive ?? (medium.location.type === 'drive' ? medium.location.index : -1) })}`);
    return;
  }
  await undoAllocation(kit, request);
  await kit.finish(request, outcome, null);
  // Cancelled or timed out after the cartridge reached a drive: nobody will use it, take it out.
  if (medium.location.type === 'drive' && outcome.state !== 'failed') await kit.dismountForManager(runtime, medium.location.index);
}

/** A mount that allocated its side from a pool gives it back when it does not happen. */
export async function undoAllocation(kit: WorkKit, request: LibraryRequest): Promise<void> {
  if (request.kind !== 'mount' || option<boolean>(request, 'allocated', false) !== true || request.mediumId === null) return;
  await kit.ctx.catalog.media.deallocate(request.mediumId, request.side ?? 0).catch(() => undefined);
}

/** Out of the drive to the home slot or the nearest free one; deallocated afterwards when asked. */
export async function dismountWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const drive = request.driveIndex as number;
  const libraryId = request.libraryId;
  const inDrive = await kit.ctx.catalog.media.at(libraryId, { type: 'drive', index: drive });
  if (inDrive === undefined) {
    const state: FinalState = mode.resumed === true ? { state: 'completed', note: `${runtime.placeName({ type: 'drive', index: drive })} found empty after the manager restarted` } : { state: 'failed', errorCode: 'SOURCE_EMPTY', note: `${runtime.placeName({ type: 'drive', index: drive })} is empty` };
    await kit.tracker.finish(request.id, state);
    return;
  }
  const outcome = await kit.submit(runtime, request, { kind: 'dismount', drive, placement: option(request, 'placement', 'home') });
  if (outcome === undefined) return;
  let note: string | null = null;
  if (outcome.state === 'completed') {
    const medium = await kit.ctx.catalog.media.get(inDrive.id);
    note = `${label(medium)} dismounted to ${medium.location.type === 'outside' ? 'outside' : runtime.placeName(medium.location)}`;
    if (option<boolean>(request, 'deallocate', false) === true) {
      await kit.ctx.catalog.media.deallocate(inDrive.id, request.side ?? 0).then(
        () => (note = `${note ?? ''}; deallocated`),
        (error: unknown) => (note = `${note ?? ''}; not deallocated: ${errorMessage(error)}`),
      );
    }
  }
  await kit.finish(request, outcome, note);
}

/** A raw move (mtx through rsm://), checked and recorded like any robot work. */
export async function moveWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const from = option<Place>(request, 'from', { type: 'slot', index: 0 });
  const to = request.destination as Place;
  if (mode.resumed === true && request.mediumId !== null) {
    const medium = await kit.ctx.catalog.media.get(request.mediumId);
    if (medium.location.type === to.type && medium.location.index === to.index) {
      await kit.tracker.finish(request.id, { state: 'completed', note: `found in ${runtime.placeName(to)} after the manager restarted` });
      return;
    }
  }
  const outcome = await kit.submit(runtime, request, { kind: 'move', from, to });
  if (outcome !== undefined) await kit.finish(request, outcome, outcome.state === 'completed' ? `moved ${runtime.placeName(from)} → ${runtime.placeName(to)}` : null);
}
