/**
 * What travels between a SCSI initiator and a logical unit, shared by every layer below the
 * driver: transports send ScsiRequests, devices (the emulator) answer them for a nexus.
 */

/** I_T_L nexus: which initiator port asks which logical unit. Reservations and unit attentions are kept per initiator. */
export interface Nexus {
  /** Initiator port name, e.g. an iSCSI initiator name + ISID, or "loopback:<pid>". */
  readonly initiator: string;
  readonly lun: number;
}

export interface ScsiRequest {
  readonly cdb: Uint8Array;
  /**
   * Parameter data sent to the device (MODE SELECT, SEND VOLUME TAG, PR OUT, WRITE …). Valid until
   * the device answers: a transport may use the buffer again after that, so a device that keeps
   * bytes of it (a tape kept in memory) keeps a copy.
   */
  readonly dataOut?: Uint8Array;
  /** Bytes the initiator can receive; the device never returns more. */
  readonly dataInLength?: number;
  /**
   * A buffer the transport lends for the answer's data (`length` bytes, contents undefined), valid
   * until the answer has been sent. A device that copies its data anyway (a tape record read from
   * a file) fills it instead of allocating one per command; absent, the device allocates.
   */
  dataInBuffer?(length: number): Uint8Array;
  /**
   * Takes data the device lends for its answer instead of copying it into a buffer (a tape record
   * in the drive's read-ahead): `data` stays unchanged until the transport calls `release`, once
   * the answer has been sent or dropped. Returns `data`, to be the answer's dataIn. Absent, the
   * transport cannot say when it is done with the bytes, so the device copies them.
   */
  borrowDataIn?(data: Uint8Array, release: () => void): Uint8Array;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ScsiResult {
  /** SCSI status byte: GOOD 0x00, CHECK CONDITION 0x02, BUSY 0x08, RESERVATION CONFLICT 0x18 … */
  readonly status: number;
  readonly dataIn: Uint8Array;
  /** Raw sense data, present with CHECK CONDITION. */
  readonly sense?: Uint8Array;
  /** dataInLength minus the bytes transferred. */
  readonly residual?: number;
}

export type TaskManagementFunction = 'abort-task-set' | 'clear-task-set' | 'lun-reset' | 'target-warm-reset' | 'target-cold-reset';

/** A logical unit that answers CDBs (the emulator's SmcDevice; served by iscsi/target). */
export interface ScsiDevice {
  execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult>;
  /** Task management from a transport (iSCSI TMF); devices establish the unit attentions SAM requires. */
  taskManagement?(nexus: Nexus, fn: TaskManagementFunction): Promise<void>;
  /** The initiator's nexus is gone (iSCSI session logout/drop): forget its per-initiator state where SPC says so. */
  nexusLost?(nexus: Nexus): void;
}

/**
 * A device that can also answer at once: `answer` is execute with an answer the device has
 * immediately returned as is instead of in a promise, so a transport can send it in the same turn
 * of the event loop (an iSCSI target then answers TEST UNIT READY without a promise hop). A
 * command that waits still gives a promise.
 */
export interface AnsweringScsiDevice extends ScsiDevice {
  answer(nexus: Nexus, request: ScsiRequest): ScsiResult | Promise<ScsiResult>;
}

export function canAnswerAtOnce(device: ScsiDevice): device is AnsweringScsiDevice {
  return typeof (device as Partial<AnsweringScsiDevice>).answer === 'function';
}
