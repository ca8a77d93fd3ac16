// Deferred dismount (NTMS dwDeferDismountDelay, NTMS_DISMOUNT_DEFERRED): a dismounted medium stays
// in its drive for a while in case it is wanted again, the drive "dismountable" meanwhile. A mount
// of the same medium within the delay is done at once, without the robot; a mount that needs the
// drive, a cleaning of it or the end of the delay takes the medium out for real (a dismount of the
// manager's own, which is never deferred). Off (0) unless the manager is started with a delay or
// a drive has one of its own (SetNtmsObjectInformation: PATCH …/drives/{drive} deferDismountSeconds).
// A manager that restarts finds such drives still full and marked dismountable in the catalog and
// waits the delay again from its start (or takes the medium out at once when the delay is 0 now).
import type { LibraryRequest, Medium, NewRequest } from '../../catalog/index.ts';
import type { Caller, MountOrder } from '../../service.ts';
import type { ManagerContext } from '../context.ts';
import { errorMessage } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';
import type { RequestTracker } from '../requests/index.ts';

interface Deferral {
  readonly library: string;
  readonly drive: number;
  readonly mediumId: string;
  readonly since: number;
  readonly timer: NodeJS.Timeout;
}

/** Takes what is in `drive` out now, as the manager's own dismount; with `wait`, resolves once it is out. */
export type DismountNow = (library: string, drive: number, wait: boolean) => Promise<void>;

const key = (library: string, drive: number): string => `${library}\u0000${String(drive)}`;

export class DeferredDismounts {
  readonly #waiting = new Map<string, Deferral>();
  #delayMs = 0;

  constructor(
    private readonly ctx: ManagerContext,
    private readonly tracker: RequestTracker,
    private readonly dismountNow: DismountNow,
  ) {}

  /** The manager's default delay in real milliseconds (a drive's own, set through describeObject, wins); 0 turns deferral off. */
  configure(delayMs: number | undefined): void {
    this.#delayMs = delayMs !== undefined && Number.isFinite(delayMs) && delayMs > 0 ? Math.round(delayMs) : 0;
  }

  /**
   * A client's dismount: done by leaving the medium in the drive, the request completed at once,
   * or undefined when it must run now (deferral off, `immediate`, deallocation asked, or the drive
   * was already waiting: a second dismount is an immediate one).
   */
  async defer(runtime: OwnedLibrary, request: NewRequest, caller: Caller, immediate: boolean): Promise<LibraryRequest | undefined> {
    const drive = request.driveIndex;
    const library = runtime.library;
    if (drive === null || drive === undefined || library === undefined) return undefined;
    const already = this.#take(runtime.name, drive);
    const delayMs = (await this.ctx.catalog.objectSettings.get(library.id, 'drive', String(drive))).deferDismountMs ?? this.#delayMs;
    if (delayMs === 0 || immediate || already !== undefined || request.options?.deallocate === true) return undefined;
    const medium = await this.ctx.catalog.media.at(library.id, { type: 'drive', index: drive });
    if (medium === undefined) return undefined;
    const written = await this.#write({ ...request, options: { ...request.options, deferredMs: delayMs } }, caller, medium.barcode, { deferredMs: delayMs });
    await this.ctx.catalog.drives.update(library.id, drive, { state: 'dismountable' });
    this.ctx.bus.publish({ type: 'drive', library: runtime.name, drive, state: 'dismountable', barcode: medium.barcode });
    this.#arm(runtime.name, drive, medium.id, delayMs);
    const seconds = Math.round(delayMs / 1000);
    await this.tracker.finish(written.id, { state: 'completed', driveIndex: drive, note: `${label(medium)} left in drive ${drive} (deferred dismount): taken out in ${seconds} s unless it is mounted again` });
    return this.ctx.catalog.requests.get(written.id);
  }

  /** A mount of a medium still waiting in its drive: completed at once, without the robot; undefined otherwise. */
  async remount(runtime: OwnedLibrary, order: MountOrder, caller: Caller, request: (medium: Medium, drive: number) => NewRequest): Promise<LibraryRequest | undefined> {
    const library = runtime.library;
    if (order.barcode === undefined || library === undefined || this.#waiting.size === 0) return undefined;
    const medium = await this.ctx.catalog.media.findByBarcode(library.id, order.barcode);
    if (medium?.location.type !== 'drive') return undefined;
    const drive = medium.location.index;
    const waiting = this.#waiting.get(key(runtime.name, drive));
    if (waiting === undefined || waiting.mediumId !== medium.id || (order.drive !== undefined && order.drive !== drive)) return undefined;
    this.#take(runtime.name, drive);
    const written = await this.#write(request(medium, drive), caller, medium.barcode, { drive });
    await this.ctx.catalog.transaction(async (tx) => {
      await tx.drives.update(library.id, drive, { state: 'mounted' });
      await tx.drives.recordMount(library.id, drive);
      await tx.media.recordMount(medium.id);
    });
    this.ctx.bus.publish({ type: 'drive', library: runtime.name, drive, state: 'mounted', barcode: medium.barcode });
    await this.tracker.finish(written.id, { state: 'completed', driveIndex: drive, note: `${label(medium)} was still in drive ${drive} (deferred dismount): mounted at once` });
    return this.ctx.catalog.requests.get(written.id);
  }

  /**
   * Before a mount of another medium: when the drive it names, or every drive when it names none,
   * is taken, the medium that has waited longest in a dismountable drive is taken out now, so the
   * mount gets that drive. True when a medium was taken out.
   */
  async makeRoom(runtime: OwnedLibrary, order: MountOrder): Promise<boolean> {
    const library = runtime.library;
    const mine = [...this.#waiting.values()].filter((d) => d.library === runtime.name).sort((a, b) => a.since - b.since);
    if (library === undefined || mine.length === 0) return false;
    if (order.drive !== undefined) {
      if (!mine.some((d) => d.drive === order.drive)) return false;
      await this.flush(runtime.name, order.drive);
      return true;
    }
    const drives = (await this.ctx.catalog.libraries.elements(library.id, 'drive')).filter((e) => e.enabled && e.state !== 'not-present');
    const full = new Set((await this.ctx.catalog.media.list({ libraryId: library.id, locationType: 'drive' })).map((m) => (m.location.type === 'drive' ? m.location.index : -1)));
    const oldest = mine[0];
    if (drives.some((d) => !full.has(d.index)) || oldest === undefined) return false;
    await this.flush(runtime.name, oldest.drive);
    return true;
  }

  /** After a start or a takeover: every drive the catalog shows dismountable waits its delay again. */
  async recover(runtime: OwnedLibrary): Promise<void> {
    const library = runtime.library;
    if (library === undefined) return;
    for (const drive of await this.ctx.catalog.drives.list(library.id)) {
      if (drive.state !== 'dismountable' || this.#waiting.has(key(runtime.name, drive.index))) continue;
      const medium = await this.ctx.catalog.media.at(library.id, { type: 'drive', index: drive.index });
      if (medium === undefined) {
        await this.ctx.catalog.drives.update(library.id, drive.index, { state: 'dismounted' });
        continue;
      }
      const delayMs = (await this.ctx.catalog.objectSettings.get(library.id, 'drive', String(drive.index))).deferDismountMs ?? this.#delayMs;
      this.#arm(runtime.name, drive.index, medium.id, delayMs);
      if (delayMs === 0) await this.flush(runtime.name, drive.index);
    }
  }

  #arm(library: string, drive: number, mediumId: string, delayMs: number): void {
    const timer = setTimeout(() => void this.#expire(library, drive, mediumId), delayMs);
    timer.unref();
    this.#waiting.set(key(library, drive), { library, drive, mediumId, since: Date.now(), timer });
  }

  /** Takes the medium waiting in `drive` out now (a cleaning, a mount that needs the drive). */
  async flush(library: string, drive: number): Promise<void> {
    if (this.#take(library, drive) !== undefined) await this.dismountNow(library, drive, false);
  }

  /** Before an eject: a medium waiting in a drive is taken out, and the eject goes on once it is home. */
  async flushMedium(runtime: OwnedLibrary, barcode: string): Promise<void> {
    const library = runtime.library;
    if (library === undefined || this.#waiting.size === 0) return;
    const medium = await this.ctx.catalog.media.findByBarcode(library.id, barcode);
    if (medium?.location.type !== 'drive') return;
    const waiting = this.#waiting.get(key(runtime.name, medium.location.index));
    if (waiting?.mediumId !== medium.id) return;
    this.#take(runtime.name, waiting.drive);
    await this.dismountNow(runtime.name, waiting.drive, true);
  }

  close(): void {
    for (const d of this.#waiting.values()) clearTimeout(d.timer);
    this.#waiting.clear();
  }

  #take(library: string, drive: number): Deferral | undefined {
    const waiting = this.#waiting.get(key(library, drive));
    if (waiting === undefined) return undefined;
    clearTimeout(waiting.timer);
    this.#waiting.delete(key(library, drive));
    return waiting;
  }

  async #expire(library: string, drive: number, mediumId: string): Promise<void> {
    const waiting = this.#waiting.get(key(library, drive));
    if (waiting?.mediumId !== mediumId) return;
    await this.flush(library, drive).catch((error: unknown) => this.ctx.logger.warn({ library, drive, err: errorMessage(error) }, 'could not take out a medium after its deferred dismount'));
  }

  async #write(request: NewRequest, caller: Caller, barcode: string | null, detail: Record<string, unknown>): Promise<LibraryRequest> {
    const written = await this.ctx.catalog.transaction(async (tx) => {
      const r = await tx.requests.enqueue({ ...request, application: caller.application ?? null, user: caller.token ?? null });
      await tx.audit.record({ who: caller, action: `request.${r.kind}`, libraryId: r.libraryId, target: barcode, detail: { request: r.id, priority: r.priority, ...detail } });
      return r;
    });
    this.tracker.announce(written);
    return written;
  }
}

function label(medium: Medium): string {
  return medium.barcode ?? 'the cartridge';
}
