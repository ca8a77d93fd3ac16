import type { Nexus, ScsiDevice } from '../../scsi/device.ts';
import { serialAdd, serialLess, serialLessOrEqual } from '../serial.ts';
import type { SessionParameters } from '../sessionParameters.ts';
import type { SessionType } from '../text/keys.ts';
import type { ScsiTask } from './scsiTask.ts';

/** A target served here: an IQN and its LUN → device map. */
export interface ServedTarget {
  readonly name: string;
  readonly alias: string | undefined;
  readonly luns: ReadonlyMap<number, ScsiDevice>;
}

/**
 * One iSCSI session as the target keeps it: who logged in, the negotiated parameters, the command
 * window and the tasks in progress. Commands are handed over in CmdSN order (RFC 7143 §4.2.2.1):
 * one out of order waits for the gap to fill, one outside the window or a duplicate is ignored.
 */
export class Session {
  readonly tsih: number;
  readonly sessionType: SessionType;
  readonly initiatorName: string;
  readonly isid: number;
  readonly target: ServedTarget | undefined;
  readonly parameters: SessionParameters;
  readonly tasks = new Map<number, ScsiTask>();
  private readonly window: number;
  private expected: number;
  private readonly waiting = new Map<number, () => void>();
  private readonly nexuses = new Map<number, Nexus>();

  constructor(fields: { tsih: number; sessionType: SessionType; initiatorName: string; isid: number; target: ServedTarget | undefined; parameters: SessionParameters; expCmdSN: number; window: number }) {
    this.tsih = fields.tsih;
    this.sessionType = fields.sessionType;
    this.initiatorName = fields.initiatorName;
    this.isid = fields.isid;
    this.target = fields.target;
    this.parameters = fields.parameters;
    this.expected = fields.expCmdSN >>> 0;
    this.window = Math.max(1, fields.window);
  }

  /** The initiator port name SPC keys reservations and unit attentions by: name + ",i,0x" + ISID. */
  get initiatorPort(): string {
    return `${this.initiatorName},i,0x${this.isid.toString(16).padStart(12, '0')}`;
  }

  /** The same object for every command to a LUN: built once, not per command. */
  nexus(lun: number): Nexus {
    let nexus = this.nexuses.get(lun);
    if (nexus === undefined) {
      nexus = { initiator: this.initiatorPort, lun };
      this.nexuses.set(lun, nexus);
    }
    return nexus;
  }

  get expCmdSN(): number {
    return this.expected;
  }

  get maxCmdSN(): number {
    return serialAdd(this.expected, this.window - 1);
  }

  /**
   * Runs `deliver` when the command's turn comes. Immediate commands go at once and do not move
   * the window. Returns false when the command was ignored.
   */
  order(command: { readonly immediate: boolean; readonly cmdSN: number }, deliver: () => void): boolean {
    if (command.immediate) {
      deliver();
      return true;
    }
    const cmdSN = command.cmdSN >>> 0;
    if (cmdSN === this.expected) {
      this.expected = serialAdd(this.expected, 1);
      deliver();
      this.releaseWaiting();
      return true;
    }
    if (serialLess(this.expected, cmdSN) && serialLessOrEqual(cmdSN, this.maxCmdSN) && !this.waiting.has(cmdSN)) {
      this.waiting.set(cmdSN, deliver);
      return true;
    }
    return false;
  }

  private releaseWaiting(): void {
    for (let next = this.waiting.get(this.expected); next !== undefined; next = this.waiting.get(this.expected)) {
      this.waiting.delete(this.expected);
      this.expected = serialAdd(this.expected, 1);
      next();
    }
  }

  /** Whether `cmdSN` is below ExpCmdSN: a command already received. */
  received(cmdSN: number): boolean {
    return serialLess(cmdSN >>> 0, this.expected);
  }
}
