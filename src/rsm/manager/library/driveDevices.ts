// The library's drives as SCSI devices of their own (sequential-access LUNs beside the changer,
// or sg devices on the same bus), paired with drive elements by serial number only. Through them
// the manager does what a drive's host does: waits until a loaded tape is ready, unloads before
// the robot pulls, reads the label at the start of a tape, and hears the drive ask for cleaning
// (TapeAlert). A drive whose device was not found falls back to what the library alone offers.
import type { DriveElementSerial } from '../../../storage/index.ts';
import { matchDriveDevices, recognizeLabel, type MediumLabel } from '../../../storage/index.ts';
import { discoverTapeDrives, TapeDrive } from '../../../driver/tape/index.ts';
import { isChangerError } from '../../../shared/changerError.ts';
import type { Clock } from '../../../shared/clock.ts';
import { errorMessage } from '../errors.ts';
import type { ManagerLogger } from '../options.ts';
import { LoadPolling, SLOW_POLL_MS } from './loadPolling.ts';

/** TapeAlert flags that ask the host to clean the drive (SSC TapeAlert 20h "clean now", 21 "clean periodic"). */
export const CLEAN_NOW = 20;
export const CLEAN_PERIODIC = 21;
/** The cleaner just used is worn out: the drive was not cleaned. */
export const EXPIRED_CLEANING_MEDIA = 22;

/** How long a drive may take to thread and position a tape (or run a cleaning cycle). */
const SETTLE_TIMEOUT_MS = 15 * 60_000;
/** "No cartridge" right after the robot pushed one in can be the drive still sensing it. */
const NO_MEDIUM_GRACE_MS = 10_000;
/** The first record of a tape is read whole: labels are 80 bytes, Amanda's header 32 KiB. */
const LABEL_READ_BYTES = 65_536;

export class DriveDevices {
  readonly #urls: ReadonlyMap<number, string>;
  readonly #open = new Map<number, Promise<TapeDrive>>();
  /** Each drive's load time, learned from its loads: when to ask it again (loadPolling.ts). */
  readonly #polling = new LoadPolling();
  #closed = false;

  private constructor(
    urls: ReadonlyMap<number, string>,
    private readonly clock: Clock,
    private readonly logger: ManagerLogger,
  ) {
    this.#urls = urls;
  }

  static none(clock: Clock, logger: ManagerLogger): DriveDevices {
    return new DriveDevices(new Map(), clock, logger);
  }

  /** Finds the drives behind the changer; any that cannot be found are logged and left to the library. */
  static async discover(changerUrl: string, drives: readonly DriveElementSerial[], clock: Clock, logger: ManagerLogger): Promise<DriveDevices> {
    if (drives.length === 0) return DriveDevices.none(clock, logger);
    let urls = new Map<number, string>();
    try {
      urls = matchDriveDevices(drives, await discoverTapeDrives(changerUrl));
    } catch (error) {
      logger.warn({ library: changerUrl, err: errorMessage(error) }, 'could not look for the drives as devices of their own');
    }
    const missing = drives.filter((d) => !urls.has(d.index)).map((d) => d.index);
    if (missing.length > 0) logger.warn({ library: changerUrl, drives: missing }, `no device found for drive(s) ${missing.join(', ')} by serial number; readiness, labels and TapeAlert come from the library alone`);
    return new DriveDevices(urls, clock, logger);
  }

  urlOf(drive: number): string | undefined {
    return this.#urls.get(drive);
  }

  has(drive: number): boolean {
    return this.#urls.has(drive);
  }

  get drives(): number[] {
    return [...this.#urls.keys()].sort((a, b) => a - b);
  }

  /**
   * Resolves when the drive has finished with what the robot put in: a data tape threaded and
   * ready, or a cleaner done cleaning (then the drive holds no loaded tape). Past the timeout it
   * resolves too, logged: the application will hear the drive's own answer.
   */
  async settle(drive: number): Promise<void> {
    const tape = await this.#drive(drive);
    const started = this.clock.now();
    let cleaning = false;
    let loading = false;
    for (;;) {
      const state = await tape.readiness();
      const waited = this.clock.now() - started;
      if (state === 'ready' && loading && !cleaning) this.#polling.loaded(drive, waited);
      if (state === 'ready' || state === 'not-ready') return;
      if (state === 'becoming-ready') loading = true;
      // A drive done cleaning ejects the cleaner (30/03 turns into 3A/00): nothing more to wait for.
      if (state === 'no-medium' && (cleaning || waited >= NO_MEDIUM_GRACE_MS)) return;
      if (state === 'cleaning') cleaning = true;
      if (waited >= SETTLE_TIMEOUT_MS) {
        this.logger.warn({ drive, state }, `drive ${drive} was still ${state} after ${SETTLE_TIMEOUT_MS / 60_000} minutes`);
        return;
      }
      await this.clock.sleep(cleaning ? SLOW_POLL_MS : this.#polling.nextPollMs(drive, waited));
    }
  }

  /** What `mt offline` does: rewind and unthread so the robot can take the cartridge; nothing to do when it is out already. */
  async unload(drive: number): Promise<void> {
    const tape = await this.#drive(drive);
    try {
      await tape.unload();
    } catch (error) {
      if (isChangerError(error) && error.code === 'NO_MEDIA_IN_DEVICE') return;
      throw error;
    }
  }

  /** The TapeAlert flags the drive raises now (reading them clears its one-shot flags). */
  async tapeAlerts(drive: number): Promise<number[]> {
    return (await this.#drive(drive)).tapeAlerts();
  }

  /** Rewind and read the first record of the tape in the drive: what label, if any, it carries. */
  async readLabel(drive: number): Promise<MediumLabel> {
    const tape = await this.#drive(drive);
    await tape.waitReady({ timeoutMs: SETTLE_TIMEOUT_MS, pollMs: SLOW_POLL_MS, noMediumGraceMs: NO_MEDIUM_GRACE_MS });
    await tape.rewind();
    const record = await tape.readRecord(LABEL_READ_BYTES);
    const first = record.kind === 'data' ? record.bytes : record.kind;
    await tape.rewind();
    return recognizeLabel(first);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(open.map(async (p) => (await p.catch(() => undefined))?.close().catch(() => undefined)));
  }

  /** Opened on first use and kept; a device that failed to open is tried again next time. */
  #drive(drive: number): Promise<TapeDrive> {
    if (this.#closed) return Promise.reject(new Error('the drive devices are closed'));
    const url = this.#urls.get(drive);
    if (url === undefined) return Promise.reject(new Error(`drive ${drive} has no device of its own`));
    let opening = this.#open.get(drive);
    if (opening === undefined) {
      opening = TapeDrive.open(url, { clock: this.clock });
      this.#open.set(drive, opening);
      opening.catch(() => {
        if (this.#open.get(drive) === opening) this.#open.delete(drive);
      });
    }
    return opening;
  }
}
