// Cartridges in and out: through the mailslot as exclusive robot work, or through the door by
// way of an operator request (open → the operator acts → close → inventory). An inject that
// finds the mailslot empty opens it and asks the operator to fill it; an eject that finds it full,
// or open where only the operator can close it, asks the operator and goes on once they have.
import type { LibraryRequest, OperatorRequestKind } from '../../catalog/index.ts';
import { placeOnPanel } from '../../../driver/elementPlace.ts';
import { ejectToMailslot, importFromMailslot } from './exclusiveWork.ts';
import type { OwnedLibrary } from '../library/index.ts';
import { closeMailslot, closeMailslotMessage, mediaBoundForMailslot, readMailslot } from './mailslotAccess.ts';
import { COLLECT_EJECTED_REASON } from '../inventory/index.ts';
import { label, option, type DispatchMode, type WorkKit } from './workKit.ts';

/** Import what the mailslot holds (or, through the door, what the operator put in the slots). */
export async function injectWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const via = option<'mailslot' | 'door'>(request, 'via', 'mailslot');
  const cleanerUses = option<number | undefined>(request, 'cleanerUses', undefined);
  if (via === 'door') {
    if (mode.afterOperator !== true) {
      await kit.waitForOperator(request, 'new-media', `Open the door of library ${runtime.name}, put the new cartridges into empty slots, close the door, then complete this request.`);
      return;
    }
    await kit.exclusiveRequest(runtime, request, async () => {
      const outcome = await runtime.reconcile('inject through the door', { ...(request.poolId !== null ? { newMediaPoolId: request.poolId } : {}), ...(cleanerUses !== undefined ? { cleanerUses } : {}) });
      return `${outcome.added.length} new cartridge(s) found: ${outcome.added.map((m) => m.barcode ?? 'unlabelled').join(', ') || 'none'}`;
    });
    return;
  }
  let imported = 0;
  const { outcome, note } = await kit.exclusive(runtime, request, async () => {
    const result = await importFromMailslot(kit.ctx, runtime, request.poolId, cleanerUses);
    imported = result.imported.length;
    return imported > 0 ? `imported ${result.imported.map((m) => `${m.barcode ?? 'unlabelled'} → ${runtime.placeName(m.location as { type: 'slot'; index: number })}`).join(', ')}` : 'the mailslot was empty';
  });
  if (outcome === undefined) return;
  if (outcome.state === 'completed' && imported === 0 && mode.afterOperator !== true) {
    await runtime.openMailslot();
    await kit.waitForOperator(request, 'new-media', `Put the cartridges to import into the mailslot of library ${runtime.name} and close it; then complete this request.`);
    return;
  }
  await kit.finish(request, outcome, note);
}

/** Present the media in the mailslot (or have the operator take them out through the door). */
export async function ejectWork(kit: WorkKit, runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
  const library = runtime.library;
  if (library === undefined) throw new Error(`library ${runtime.name} is not owned here`);
  const ids = option<string[]>(request, 'mediumIds', []);
  const via = option<'mailslot' | 'door'>(request, 'via', 'mailslot');
  if (via === 'door') {
    if (mode.afterOperator !== true) {
      const where = await Promise.all(ids.map(async (id) => kit.ctx.catalog.media.get(id)));
      const elements = await kit.ctx.catalog.libraries.elements(library.id);
      const list = where.map((m) => `${label(m)} (${m.location.type === 'outside' ? 'outside' : placeOnPanel(m.location, elements)})`).join(', ');
      await kit.waitForOperator(request, 'move-media', `Open the door of library ${runtime.name}, take out ${list}, close the door, then complete this request.`);
      return;
    }
    await kit.exclusiveRequest(runtime, request, async () => {
      await runtime.reconcile('eject through the door');
      const left = (await Promise.all(ids.map((id) => kit.ctx.catalog.media.get(id)))).filter((m) => m.location.type !== 'outside');
      if (left.length > 0) throw Object.assign(new Error(`still in the library: ${left.map(label).join(', ')}`), { code: 'NOT_REMOVED' });
      return `ejected ${ids.length} cartridge(s) through the door`;
    });
    return;
  }
  let blocked: MailslotBlock | undefined;
  const { outcome, note } = await kit.exclusive(runtime, request, async () => {
    // The operator answered: read the library again before looking at the mailslot.
    if (mode.afterOperator === true) await runtime.reconcile('the operator emptied or closed the mailslot');
    blocked = await mailslotBlock(kit, runtime, ids);
    if (blocked !== undefined) return null;
    const ejected = await ejectToMailslot(kit.ctx, runtime, ids);
    const elements = await kit.ctx.catalog.libraries.elements(library.id);
    for (const m of ejected) {
      if (m.location.type !== 'ieport') continue;
      await kit.desk.submit({
        kind: 'move-media',
        libraryId: library.id,
        reason: COLLECT_EJECTED_REASON,
        barcode: m.barcode,
        mediumId: m.id,
        message: `Take ${label(m)} out of the mailslot of library ${runtime.name} (${placeOnPanel(m.location, elements)}).`,
      });
    }
    return `in the mailslot: ${ejected.map(label).join(', ')}`;
  });
  if (outcome === undefined) return;
  if (outcome.state === 'completed' && blocked !== undefined) {
    await kit.waitForOperator(request, blocked.kind, blocked.message);
    return;
  }
  await kit.finish(request, outcome, note);
}

interface MailslotBlock {
  readonly kind: OperatorRequestKind;
  readonly message: string;
}

/**
 * Why the media cannot go into the mailslot now, if they cannot: it has fewer free positions than
 * the eject needs (the operator empties it; the manager opens it for them where it can), or it is
 * open and only the operator can close it. A mailslot the library lets a host close is closed here.
 */
async function mailslotBlock(kit: WorkKit, runtime: OwnedLibrary, ids: readonly string[]): Promise<MailslotBlock | undefined> {
  const libraryId = runtime.library?.id ?? '';
  const media = await Promise.all(ids.map((id) => kit.ctx.catalog.media.get(id)));
  const needed = mediaBoundForMailslot(media);
  if (needed === 0) return undefined;
  const state = await readMailslot(runtime);
  if (state.free < needed) {
    const held = await kit.ctx.catalog.media.list({ libraryId, locationType: 'ieport' });
    if (!state.open) await runtime.openMailslot();
    const list = held.map(label).join(', ') || 'what it holds';
    return { kind: 'move-media', message: `The mailslot of library ${runtime.name} is full: take out ${list}, close it, then complete this request.` };
  }
  if (state.open && !(await closeMailslot(runtime))) return { kind: 'device-service', message: closeMailslotMessage(runtime.name) };
  return undefined;
}
