// Drive cleaning (NTMS CleanNtmsDrive): a cleaner with cleanings left goes into the drive and back
// home. The manager picks the cleaner and counts its uses; a drive that asks for cleaning
// (TapeAlert "clean now" read from the drive itself, a DEVICE_REQUIRES_CLEANING refusal, or an
// application's report) gets a cleaning queued; when no cleaner is left the operator is asked for one.
import type { CatalogScope, LibraryRequest, Medium } from '../../catalog/index.ts';
import type { ManagerContext } from '../context.ts';
import { CLEAN_NOW, EXPIRED_CLEANING_MEDIA, type OwnedLibrary } from '../library/index.ts';
import type { OperatorDesk } from '../requests/index.ts';
import type { DispatchMode, WorkKit } from './workKit.ts';

export const CLEANER_USED_UP_REASON = 'cleaner-used-up';

/** Priority of cleanings the manager queues by itself: before ordinary mounts, after urgent ones. */
export const AUTOMATIC_CLEAN_PRIORITY = 7;

function usable(m: Medium): boolean {
  return m.cleanerUsesRemaining !== null && m.cleanerUsesRemaining !== 0 && m.enabled && (m.location.type === 'slot' || m.location.type === 'ieport');
}

/** The cleaner to use: the one in the cleaner slot first, then the one with most cleanings left (uncounted last). */
export async function pickCleaner(catalog: CatalogScope, libraryId: string, cleanerSlot: number | null): Promise<Medium | undefined> {
  const cleaners = (await catalog.media.list({ libraryId })).filter(usable);
  const score = (m: Medium): number => (m.location.type === 'slot' && m.location.index === cleanerSlot ? 1e9 : 0) + (m.cleanerUsesRemaining === -1 ? 0 : (m.cleanerUsesRemaining ?? 0) + 1);
  return cleaners.sort((a, b) => score(b) - score(a))[0];
}

/** Count the cleaning: the drive is clean, the cleaner has one use fewer; ask for a new one when it is spent. */
export async function recordCleaning(ctx: ManagerContext, desk: OperatorDesk, library: { id: string; name: string }, drive: number, cleanerId: string): Promise<string> {
  const left = await ctx.catalog.transaction(async (tx) => {
    await tx.drives.recordCleaned(library.id, drive);
    return tx.media.useCleaner(cleanerId).catch(() => -1);
  });
  const cleaner = await ctx.catalog.media.get(cleanerId);
  ctx.bus.publish({ type: 'drive', library: library.name, drive, state: 'dismounted', barcode: null });
  if (left === 0) {
    await askForNewCleaner(desk, library, cleaner, 'has no cleanings left');
  }
  return `drive ${drive} cleaned with ${cleaner.barcode ?? cleanerId}${left >= 0 ? ` (${left} cleanings left)` : ''}`;
}

/** A clean request: a cleaner in, cleaning, home again; without a usable cleaner, the operator is asked for one. */
export async function cleanWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const library = runtime.library;
  if (library === undefined) throw new Error(`library ${runtime.name} is not owned here`);
  const drive = request.driveIndex as number;
  if (mode.afterOperator === true) await runtime.reconcile('cleaner supplied');
  const cleaner = await pickCleaner(kit.ctx.catalog, library.id, library.cleanerSlot);
  if (cleaner === undefined) {
    if (mode.afterOperator === true) {
      await kit.tracker.finish(request.id, { state: 'failed', errorCode: 'MEDIA_UNAVAILABLE', note: `library ${runtime.name} still has no cleaner with cleanings left` });
      return;
    }
    await kit.waitForOperator(request, 'cleaner', `Drive ${drive} of library ${runtime.name} needs cleaning and there is no cleaner with cleanings left. Insert a cleaning cartridge, then complete this request.`);
    return;
  }
  const outcome = await kit.submit(runtime, request, { kind: 'clean', drive, cleanerId: cleaner.id });
  if (outcome === undefined) return;
  if (outcome.state === 'completed' && (await stillAsksCleaning(runtime, drive))) {
    await wornOut(kit, library, drive, cleaner);
    await kit.tracker.finish(request.id, { state: 'failed', errorCode: 'MEDIA_UNAVAILABLE', note: `cleaner ${cleaner.barcode ?? cleaner.id} is worn out: drive ${drive} was not cleaned` });
    return;
  }
  const note = outcome.state === 'completed' ? await recordCleaning(kit.ctx, kit.desk, library, drive, cleaner.id) : null;
  await kit.finish(request, outcome, note);
}

/**
 * Did the cleaning fail to clean? A drive reached as a device says so itself: TapeAlert 22
 * "expired cleaning media", or "clean now" still raised after the cleaner went through it.
 */
async function stillAsksCleaning(runtime: OwnedLibrary, drive: number): Promise<boolean> {
  if (!runtime.drives.has(drive)) return false;
  const flags = await runtime.drives.tapeAlerts(drive).catch(() => [] as number[]);
  return flags.includes(EXPIRED_CLEANING_MEDIA) || flags.includes(CLEAN_NOW);
}

/** The cleaner has no cleanings left, whatever was counted: mark it so, and ask for a new one. */
async function wornOut(kit: WorkKit, library: { id: string; name: string }, drive: number, cleaner: Medium): Promise<void> {
  await kit.ctx.catalog.media.setCleanerUsesRemaining(cleaner.id, 0);
  await askForNewCleaner(kit.desk, library, cleaner, `is worn out (drive ${drive} reported expired cleaning media)`);
}

/** The operator request for a spent cleaner; raised once while open (same reason and barcode). */
async function askForNewCleaner(desk: OperatorDesk, library: { id: string; name: string }, cleaner: Medium, why: string): Promise<void> {
  await desk.submit({
    kind: 'cleaner',
    libraryId: library.id,
    reason: CLEANER_USED_UP_REASON,
    barcode: cleaner.barcode,
    mediumId: cleaner.id,
    message: `Cleaner ${cleaner.barcode ?? cleaner.id} in library ${library.name} ${why}; eject it and insert a new one.`,
  });
}
