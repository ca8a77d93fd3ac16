import { ChangerError, type ChangerErrorCode, type SenseSummary } from '../../shared/changerError.ts';
import type { ScsiRequest, ScsiResult } from '../../scsi/device.ts';
import { parseSenseData } from '../../scsi/sense/senseData.ts';
import { ScsiStatus, scsiStatusName } from '../../scsi/status.ts';
import type { ScsiTransport } from '../../transport/scsiTransport.ts';
import { changesElementStatus, type UnitAttention } from '../unitAttention.ts';
import { senseToError } from './senseToError.ts';

/** Per-command timeouts sized for big libraries (configurable per changer). */
export interface CommandTimeouts {
  readonly shortMs: number;
  readonly moveMs: number;
  readonly inventoryMs: number;
}

const UNIT_ATTENTION = 0x6;
const MAX_ATTENTION_RETRIES = 3;

export const DEFAULT_TIMEOUTS: CommandTimeouts = { shortMs: 60_000, moveMs: 600_000, inventoryMs: 3_600_000 };

export interface RunOptions {
  readonly name: string;
  readonly timeoutMs: number;
  readonly dataInLength?: number;
  readonly dataOut?: Uint8Array;
  /** The element address a failure is about (for mtx's messages). */
  readonly elementAddressOnError?: (sense: SenseSummary) => number | undefined;
}

/**
 * Runs CDBs for the miniclass: sends them, turns CHECK CONDITION into ChangerErrors through the
 * one sense table, and retries a command that met a unit attention — after letting the miniclass
 * re-read what it caches when the attention says status changed — as Linux ch does, so a door
 * closing or a magazine pulled between two commands does not fail the second.
 */
export class CommandRunner {
  private attentionListener: ((attention: UnitAttention) => void) | undefined;

  constructor(
    private readonly transport: ScsiTransport,
    private readonly onStatusChanged: () => Promise<void>,
  ) {}

  /** Report every unit attention the device answers with, retried past or not (Miniclass.watchUnitAttentions). */
  watchUnitAttentions(listener: (attention: UnitAttention) => void): void {
    this.attentionListener = listener;
  }

  async run(cdb: Uint8Array, options: RunOptions): Promise<ScsiResult> {
    let result = await this.send(cdb, options);
    // Several unit attentions may be queued (power on, then door closed, then magazine inserted):
    // each answers one command, so retry up to three times, as Linux ch does.
    for (let attempt = 0; attempt < MAX_ATTENTION_RETRIES && result.status === ScsiStatus.CHECK_CONDITION; attempt++) {
      const sense = summarize(result);
      if (sense === undefined || sense.key !== UNIT_ATTENTION) break;
      if (changesElementStatus(sense)) await this.onStatusChanged();
      result = await this.send(cdb, options);
    }
    return this.check(result, options);
  }

  /**
   * Retries past queued unit attentions without re-reading (used while re-reading after one): a
   * second attention queued behind the first (magazine out, then in) is about the state the
   * re-read is reading anyway, and re-reading from inside the re-read would recurse.
   */
  async runPastAttentions(cdb: Uint8Array, options: RunOptions): Promise<ScsiResult> {
    let result = await this.send(cdb, options);
    for (let attempt = 0; attempt < MAX_ATTENTION_RETRIES && result.status === ScsiStatus.CHECK_CONDITION && summarize(result)?.key === UNIT_ATTENTION; attempt++) {
      result = await this.send(cdb, options);
    }
    return this.check(result, options);
  }

  private async send(cdb: Uint8Array, options: RunOptions): Promise<ScsiResult> {
    const request: ScsiRequest = {
      cdb,
      timeoutMs: options.timeoutMs,
      ...(options.dataInLength !== undefined ? { dataInLength: options.dataInLength } : {}),
      ...(options.dataOut !== undefined ? { dataOut: options.dataOut } : {}),
    };
    const result = await this.transport.execute(request);
    this.report(result);
    return result;
  }

  /** Every answer passes here once, so each attention the device raises is reported exactly once. */
  private report(result: ScsiResult): void {
    if (this.attentionListener === undefined || result.status !== ScsiStatus.CHECK_CONDITION) return;
    const sense = summarize(result);
    if (sense?.key === UNIT_ATTENTION) this.attentionListener({ asc: sense.asc, ascq: sense.ascq });
  }

  private check(result: ScsiResult, options: RunOptions): ScsiResult {
    if (result.status === ScsiStatus.GOOD || result.status === ScsiStatus.CONDITION_MET) return result;
    if (result.status === ScsiStatus.CHECK_CONDITION) {
      const sense = summarize(result);
      if (sense === undefined) throw failed('IO_DEVICE_ERROR', options.name, 'CHECK CONDITION without sense data');
      throw senseToError(sense, options.name, options.elementAddressOnError?.(sense));
    }
    if (result.status === ScsiStatus.RESERVATION_CONFLICT) {
      throw failed('RESERVATION_CONFLICT', options.name, 'the changer is reserved by another initiator');
    }
    if (result.status === ScsiStatus.BUSY || result.status === ScsiStatus.TASK_SET_FULL) {
      throw failed('DEVICE_BUSY', options.name, `the changer is busy (${scsiStatusName(result.status)}); try again`);
    }
    throw failed('IO_DEVICE_ERROR', options.name, scsiStatusName(result.status));
  }
}

/** A failure the device reported, with its reason apart so the layers above can restate it in their words. */
function failed(code: ChangerErrorCode, command: string, reason: string): ChangerError {
  return new ChangerError(code, `${command}: ${reason}`, { reason });
}

function summarize(result: ScsiResult): SenseSummary | undefined {
  if (result.sense === undefined || result.sense.length === 0) return undefined;
  try {
    const s = parseSenseData(result.sense);
    return { key: s.senseKey, asc: s.asc, ascq: s.ascq, raw: result.sense };
  } catch {
    return undefined;
  }
}
