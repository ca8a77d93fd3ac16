import { RealClock, type Clock } from '../../shared/clock.ts';
import { buildLogSenseCdb } from '../../scsi/cdb/logSense.ts';
import { buildTestUnitReadyCdb } from '../../scsi/cdb/testUnitReady.ts';
import { LogPageCode } from '../../scsi/data/logPage.ts';
import { TAPE_ALERT_FLAG_COUNT, parseTapeAlertLogPage } from '../../scsi/data/tapeAlertLogPage.ts';
import { PeripheralDeviceType } from '../../scsi/inquiry/standardInquiryData.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import { buildLoadUnloadCdb } from '../../scsi/ssc/loadUnload.ts';
import { buildRead6Cdb } from '../../scsi/ssc/read6.ts';
import { buildReadPositionCdb } from '../../scsi/ssc/readPosition.ts';
import { READ_POSITION_SHORT_DATA_LENGTH, parseReadPositionShortData } from '../../scsi/ssc/readPositionShortData.ts';
import { buildRewindCdb } from '../../scsi/ssc/rewind.ts';
import { buildWrite6Cdb } from '../../scsi/ssc/write6.ts';
import { buildWriteFilemarks6Cdb } from '../../scsi/ssc/writeFilemarks6.ts';
import { openTransport } from '../../transport/openTransport.ts';
import type { ScsiTransport } from '../../transport/scsiTransport.ts';
import { ChangerError, isChangerError } from '../../shared/changerError.ts';
import { TapeCommandRunner, failure, type TapeCommand } from './tapeCommandRunner.ts';
import { readTapeDriveIdentity, type TapeDriveIdentity } from './tapeDriveIdentity.ts';
import { readinessFrom, type TapeReadiness } from './tapeReadiness.ts';
import { parseTapeSense } from './tapeSense.ts';
import { readAnswer, type TapeRecord } from './tapeRecord.ts';
import type { IoctlResult } from '../deviceIoControl.ts';
import type { GetMediaTypes } from '../winioctl/getMediaTypes.ts';
import { StorageBusType } from '../winioctl/storageBusType.ts';
import { parseDeviceUrl } from '../../transport/deviceUrl.ts';
import { tapeDeviceIoControl } from './tapeDeviceIoControl.ts';
import { readTapeMediaTypes } from './tapeMediaTypes.ts';

export interface TapeTimeouts {
  /** Commands that do not move tape (TEST UNIT READY, INQUIRY, LOG SENSE). */
  readonly shortMs: number;
  /** Commands that move tape: a full rewind or unload of an LTO cartridge takes minutes. */
  readonly motionMs: number;
}

export const DEFAULT_TAPE_TIMEOUTS: TapeTimeouts = { shortMs: 60_000, motionMs: 900_000 };

export interface TapeDriveOptions {
  /** Time for waitReady's polling; the emulator's VirtualClock in tests. */
  readonly clock?: Clock;
  readonly timeouts?: Partial<TapeTimeouts>;
}

export interface WaitReadyOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Between two TEST UNIT READYs; default 1 s. */
  readonly pollMs?: number;
  /**
   * How long "no cartridge" may last before it is an answer rather than a drive still sensing a
   * cartridge the robot has just pushed in; default 10 s (capped by timeoutMs).
   */
  readonly noMediumGraceMs?: number;
}

export interface TapePosition {
  /** The block (record or filemark) the next read or write reaches, counted from 0 at the beginning. */
  readonly blockNumber: number;
  readonly beginningOfPartition: boolean;
}

/** The largest variable-mode transfer READ(6)/WRITE(6) can name (24-bit length). */
export const MAX_TAPE_TRANSFER = 0xff_ffff;
const TAPE_ALERT_PAGE_LENGTH = 4 + 5 * TAPE_ALERT_FLAG_COUNT;
const NO_SENSE = 0x0;

/**
 * A tape drive reached as its own SCSI device (SSC-3, sequential access), as backup software
 * reaches it: readiness, records and filemarks in variable-block mode, load/unload, and the
 * drive's TapeAlert flags. Nothing above the driver builds a CDB; this is where the manager's
 * "wait until the drive is ready", "eject before the robot pulls" and "does the drive ask for
 * cleaning" go.
 */
export class TapeDrive {
  private readonly runner: TapeCommandRunner;
  private readonly timeouts: TapeTimeouts;
  private readonly clock: Clock;
  private closed = false;

  private constructor(transport: ScsiTransport, readonly url: string, options: TapeDriveOptions) {
    this.runner = new TapeCommandRunner(transport);
    this.timeouts = { ...DEFAULT_TAPE_TIMEOUTS, ...options.timeouts };
    this.clock = options.clock ?? new RealClock();
  }

  /** Opens the device a URL names and checks it is a tape drive (NO_SUCH_DEVICE otherwise). */
  static async open(url: string, options: TapeDriveOptions = {}): Promise<TapeDrive> {
    const transport = await openTransport(url);
    const drive = new TapeDrive(transport, url, options);
    try {
      const identity = await drive.identity();
      if (identity.deviceType !== PeripheralDeviceType.SEQUENTIAL_ACCESS) {
        throw new ChangerError('NO_SUCH_DEVICE', `${url} is not a tape drive (peripheral device type ${identity.deviceType.toString(16).padStart(2, '0')}h)`);
      }
      return drive;
    } catch (e) {
      await transport.close().catch(() => undefined);
      throw e;
    }
  }

  identity(): Promise<TapeDriveIdentity> {
    return this.guard('INQUIRY', () => readTapeDriveIdentity(this.runner, this.timeouts.shortMs));
  }

  /** One TEST UNIT READY (past any unit attentions, which it consumes). */
  readiness(): Promise<TapeReadiness> {
    return this.guard('TEST UNIT READY', async () => {
      const command = this.command('TEST UNIT READY', buildTestUnitReadyCdb(), this.timeouts.shortMs);
      const result = await this.runner.sendPastAttentions(command);
      const readiness = readinessFrom(result);
      if (readiness === undefined) throw failure(result, command.name, this.runner.transport.description);
      return readiness;
    });
  }

  /**
   * Polls readiness until the drive is ready. A cleaning cartridge ends the wait at once
   * (CLEANER_CARTRIDGE_INSTALLED); no cartridge after the grace period is NO_MEDIA_IN_DEVICE;
   * still loading at the timeout is TIMEOUT.
   */
  async waitReady(options: WaitReadyOptions): Promise<void> {
    this.requireOpen();
    const started = this.clock.now();
    const pollMs = options.pollMs ?? 1000;
    const noMediumGraceMs = Math.min(options.noMediumGraceMs ?? 10_000, options.timeoutMs);
    for (;;) {
      const state = await this.readiness();
      const waited = this.clock.now() - started;
      if (state === 'ready') return;
      if (state === 'cleaning') throw new ChangerError('CLEANER_CARTRIDGE_INSTALLED', `${this.url}: a cleaning cartridge is in the drive`);
      if (state === 'no-medium' && waited >= noMediumGraceMs) throw new ChangerError('NO_MEDIA_IN_DEVICE', `${this.url}: no cartridge is in the drive`);
      if (waited >= options.timeoutMs) {
        throw new ChangerError('TIMEOUT', `${this.url}: the drive was still ${state} after ${options.timeoutMs} ms`);
      }
      await this.clock.sleep(Math.min(pollMs, options.timeoutMs - waited), options.signal);
    }
  }

  rewind(): Promise<void> {
    return this.motion('REWIND', buildRewindCdb());
  }

  /** Threads the cartridge again after an unload that left it in the drive. */
  load(): Promise<void> {
    return this.motion('LOAD', buildLoadUnloadCdb({ load: true }));
  }

  /** Rewinds and unthreads, so a robot may take the cartridge (predismount eject). */
  unload(): Promise<void> {
    return this.motion('UNLOAD', buildLoadUnloadCdb({ load: false }));
  }

  /**
   * Reads the next record in variable-block mode. A record longer than `maxBytes` gives its first
   * `maxBytes` bytes with `recordLength` saying how long it was; the tape is then past it.
   */
  readRecord(maxBytes = 65_536): Promise<TapeRecord> {
    return this.guard('READ(6)', async () => {
      requireTransferLength(maxBytes, 'maxBytes');
      const command = this.command('READ(6)', buildRead6Cdb({ transferLength: maxBytes }), this.timeouts.motionMs, { dataInLength: maxBytes });
      const result = await this.runner.send(command);
      return readAnswer(result, maxBytes, (sense) => failure(result, command.name, this.runner.transport.description, sense));
    });
  }

  /** Writes one record at the current position; everything after it on the tape is gone (tape semantics). */
  writeRecord(bytes: Uint8Array): Promise<void> {
    return this.guard('WRITE(6)', async () => {
      requireTransferLength(bytes.length, 'record length');
      await this.positional(this.command('WRITE(6)', buildWrite6Cdb({ transferLength: bytes.length }), this.timeouts.motionMs, { dataOut: bytes }));
    });
  }

  writeFilemarks(count: number): Promise<void> {
    return this.guard('WRITE FILEMARKS(6)', async () => {
      if (!Number.isInteger(count) || count < 0 || count > MAX_TAPE_TRANSFER) {
        throw new ChangerError('INVALID_PARAMETER', `filemark count must be an integer in 0..${MAX_TAPE_TRANSFER}, got ${count}`);
      }
      await this.positional(this.command('WRITE FILEMARKS(6)', buildWriteFilemarks6Cdb({ count }), this.timeouts.motionMs));
    });
  }

  /** READ POSITION (short form): where the next read or write happens. */
  position(): Promise<TapePosition> {
    return this.guard('READ POSITION', async () => {
      const command = this.command('READ POSITION', buildReadPositionCdb(), this.timeouts.shortMs, { dataInLength: READ_POSITION_SHORT_DATA_LENGTH });
      const data = parseReadPositionShortData((await this.runner.run(command, { consumeAttentions: false })).dataIn);
      if (data.locationUnknown) throw new ChangerError('IO_DEVICE_ERROR', `${this.url}: the drive does not know its position`);
      return { blockNumber: data.firstBlockLocation, beginningOfPartition: data.beginningOfPartition };
    });
  }

  /** The drive's TapeAlert flags that are set (LOG SENSE page 2Eh), ascending: 20 = clean now, 22 = expired cleaning media … */
  tapeAlerts(): Promise<number[]> {
    return this.guard('LOG SENSE', async () => {
      const cdb = buildLogSenseCdb({ pageCode: LogPageCode.TAPE_ALERT, allocationLength: TAPE_ALERT_PAGE_LENGTH });
      const result = await this.runner.run(this.command('LOG SENSE 2Eh', cdb, this.timeouts.shortMs, { dataInLength: TAPE_ALERT_PAGE_LENGTH }), { consumeAttentions: true });
      return parseTapeAlertLogPage(result.dataIn).filter((f) => f.active).map((f) => f.code).sort((a, b) => a - b);
    });
  }

  /** IOCTL_STORAGE_GET_MEDIA_TYPES_EX: the densities the drive reads and writes, the loaded one marked (tapeMediaTypes.ts). */
  mediaTypes(): Promise<GetMediaTypes> {
    return this.guard('GET_MEDIA_TYPES_EX', () => readTapeMediaTypes(this.runner, this.timeouts.shortMs, busTypeOf(this.url)));
  }

  /** DeviceIoControl on the drive's own device: IOCTL_STORAGE_GET_MEDIA_TYPES_EX over bytes (tapeDeviceIoControl.ts). */
  deviceIoControl(code: number, _input: Uint8Array, outputLength: number): Promise<IoctlResult> {
    return tapeDeviceIoControl(() => this.mediaTypes(), code, outputLength);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner.transport.close();
  }

  /** Commands that set the position themselves, so an attention before them loses nothing. */
  private motion(name: string, cdb: Uint8Array): Promise<void> {
    return this.guard(name, async () => {
      await this.runner.run(this.command(name, cdb, this.timeouts.motionMs), { consumeAttentions: true });
    });
  }

  /** Commands at the current position: a unit attention (cartridge changed, reset) is an error. */
  private async positional(command: TapeCommand): Promise<void> {
    const result = await this.runner.send(command);
    if (result.status === ScsiStatus.GOOD) return;
    // Early warning (NO SENSE with EOM) still wrote the data: the tape is nearly full, not failed.
    const sense = parseTapeSense(result.sense);
    if (result.status === ScsiStatus.CHECK_CONDITION && sense?.key === NO_SENSE && sense.endOfMedium) return;
    throw failure(result, command.name, this.runner.transport.description, sense);
  }

  private command(name: string, cdb: Uint8Array, timeoutMs: number, extra: Pick<TapeCommand, 'dataInLength' | 'dataOut'> = {}): TapeCommand {
    return { name, cdb, timeoutMs, ...extra };
  }

  /** Anything that is not a ChangerError (a malformed answer, a bug) becomes IO_DEVICE_ERROR. */
  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.requireOpen();
    try {
      return await work();
    } catch (e) {
      if (isChangerError(e)) throw e;
      throw new ChangerError('IO_DEVICE_ERROR', `${what} on ${this.url}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  private requireOpen(): void {
    if (this.closed) throw new ChangerError('INVALID_HANDLE', `${this.url}: the tape drive is closed`);
  }
}

function requireTransferLength(length: number, what: string): void {
  if (!Number.isInteger(length) || length < 1 || length > MAX_TAPE_TRANSFER) {
    throw new ChangerError('INVALID_PARAMETER', `${what} must be an integer in 1..${MAX_TAPE_TRANSFER}, got ${length}`);
  }
}

/** STORAGE_BUS_TYPE of the path to the drive, as the URL names it. */
function busTypeOf(url: string): number {
  switch (parseDeviceUrl(url).scheme) {
    case 'iscsi':
      return StorageBusType.iScsi;
    case 'sg':
      return StorageBusType.Scsi;
    case 'virtual':
      return StorageBusType.Virtual;
    default:
      return StorageBusType.Unknown;
  }
}
