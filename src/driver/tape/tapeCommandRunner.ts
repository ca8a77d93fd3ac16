import { ChangerError } from '../../shared/changerError.ts';
import type { ScsiResult } from '../../scsi/device.ts';
import { ScsiStatus, scsiStatusName } from '../../scsi/status.ts';
import type { ScsiTransport } from '../../transport/scsiTransport.ts';
import { parseTapeSense, type TapeSense } from './tapeSense.ts';
import { tapeSenseToError } from './tapeSenseToError.ts';

export interface TapeCommand {
  readonly name: string;
  readonly cdb: Uint8Array;
  readonly timeoutMs: number;
  readonly dataInLength?: number;
  readonly dataOut?: Uint8Array;
}

const UNIT_ATTENTION = 0x6;
/** Power on, then medium changed, then mode parameters changed: each answers one command. */
const MAX_ATTENTION_RETRIES = 3;

/**
 * Sends CDBs to one drive. `send` gives the device's answer as is (CHECK CONDITION included), for
 * commands whose sense is an answer (READ meeting a filemark); `run` insists on GOOD and turns
 * anything else into a ChangerError through the tape sense table.
 */
export class TapeCommandRunner {
  constructor(readonly transport: ScsiTransport) {}

  async send(command: TapeCommand): Promise<ScsiResult> {
    return this.transport.execute({
      cdb: command.cdb,
      timeoutMs: command.timeoutMs,
      ...(command.dataInLength !== undefined ? { dataInLength: command.dataInLength } : {}),
      ...(command.dataOut !== undefined ? { dataOut: command.dataOut } : {}),
    });
  }

  /**
   * Sends until the answer is not a unit attention (at most three are consumed). Only for
   * commands that do not depend on the tape position: after an attention the position is lost,
   * and a READ or WRITE retried blindly would act on another cartridge or at the wrong place.
   */
  async sendPastAttentions(command: TapeCommand): Promise<ScsiResult> {
    let result = await this.send(command);
    for (let attempt = 0; attempt < MAX_ATTENTION_RETRIES && isUnitAttention(result); attempt++) result = await this.send(command);
    return result;
  }

  /** GOOD, or a ChangerError; `consumeAttentions` for position-independent commands. */
  async run(command: TapeCommand, options: { consumeAttentions: boolean }): Promise<ScsiResult> {
    const result = options.consumeAttentions ? await this.sendPastAttentions(command) : await this.send(command);
    if (result.status === ScsiStatus.GOOD || result.status === ScsiStatus.CONDITION_MET) return result;
    throw failure(result, command.name, this.transport.description);
  }
}

export function isUnitAttention(result: ScsiResult): boolean {
  return result.status === ScsiStatus.CHECK_CONDITION && parseTapeSense(result.sense)?.key === UNIT_ATTENTION;
}

/** The ChangerError for an answer that is not GOOD. */
export function failure(result: ScsiResult, command: string, device: string, sense: TapeSense | undefined = parseTapeSense(result.sense)): ChangerError {
  if (result.status === ScsiStatus.CHECK_CONDITION) {
    if (sense === undefined) return new ChangerError('IO_DEVICE_ERROR', `${command}: CHECK CONDITION without readable sense data from ${device}`);
    return tapeSenseToError(sense, command);
  }
  if (result.status === ScsiStatus.RESERVATION_CONFLICT) return new ChangerError('RESERVATION_CONFLICT', `${command}: ${device} is reserved by another initiator`);
  if (result.status === ScsiStatus.BUSY || result.status === ScsiStatus.TASK_SET_FULL) {
    return new ChangerError('DEVICE_BUSY', `${command}: ${device} is busy (${scsiStatusName(result.status)}); try again`);
  }
  return new ChangerError('IO_DEVICE_ERROR', `${command}: ${scsiStatusName(result.status)} from ${device}`);
}
