/**
 * Every PDU as a typed object (RFC 7143 §11). Field names follow the RFC tables; reserved fields
 * do not appear. `lun` is the raw 8-byte LUN field (see lun.ts for SAM decoding) so that any value
 * a peer sends survives a round trip. Tags and sequence numbers are unsigned 32-bit numbers.
 */

export interface NopOut {
  readonly kind: 'nop-out';
  readonly immediate: boolean;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
  /** Ping data, echoed in the NOP-In. */
  readonly data: Uint8Array;
}

export interface ScsiCommand {
  readonly kind: 'scsi-command';
  readonly immediate: boolean;
  /** F: no unsolicited Data-Out PDUs follow this command. */
  readonly final: boolean;
  readonly read: boolean;
  readonly write: boolean;
  /** Task attribute (0 untagged, 1 simple, 2 ordered, 3 head of queue, 4 ACA). */
  readonly taskAttribute: number;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly expectedDataTransferLength: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
  /** At least the 16 bytes of the header's CDB field; longer CDBs continue in an extended-CDB AHS. */
  readonly cdb: Uint8Array;
  /** Expected read length of a bidirectional command (AHS type 2). */
  readonly bidirectionalReadLength?: number;
  /** Immediate data. */
  readonly data: Uint8Array;
}

export interface TaskManagementRequest {
  readonly kind: 'task-management-request';
  readonly immediate: boolean;
  /** 1 ABORT TASK … 8 TASK REASSIGN (see taskManagement.ts). */
  readonly function: number;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly referencedTaskTag: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
  readonly refCmdSN: number;
  readonly expDataSN: number;
}

export interface LoginRequest {
  readonly kind: 'login-request';
  readonly transit: boolean;
  readonly continue: boolean;
  readonly currentStage: number;
  readonly nextStage: number;
  readonly versionMax: number;
  readonly versionMin: number;
  /** 48-bit initiator session ID. */
  readonly isid: number;
  readonly tsih: number;
  readonly initiatorTaskTag: number;
  readonly connectionId: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
  readonly data: Uint8Array;
}

export interface TextRequest {
  readonly kind: 'text-request';
  readonly immediate: boolean;
  readonly final: boolean;
  readonly continue: boolean;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
  readonly data: Uint8Array;
}

export interface DataOut {
  readonly kind: 'data-out';
  readonly final: boolean;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly expStatSN: number;
  readonly dataSN: number;
  readonly bufferOffset: number;
  readonly data: Uint8Array;
}

export interface LogoutRequest {
  readonly kind: 'logout-request';
  readonly immediate: boolean;
  /** 0 close the session, 1 close the connection, 2 remove the connection for recovery. */
  readonly reasonCode: number;
  readonly initiatorTaskTag: number;
  readonly connectionId: number;
  readonly cmdSN: number;
  readonly expStatSN: number;
}

export interface SnackRequest {
  readonly kind: 'snack-request';
  /** 0 Data/R2T, 1 status, 2 DataACK, 3 R-Data. */
  readonly type: number;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly expStatSN: number;
  readonly begRun: number;
  readonly runLength: number;
}

export interface NopIn {
  readonly kind: 'nop-in';
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly data: Uint8Array;
}

export interface ScsiResponse {
  readonly kind: 'scsi-response';
  readonly bidirectionalReadOverflow: boolean;
  readonly bidirectionalReadUnderflow: boolean;
  readonly overflow: boolean;
  readonly underflow: boolean;
  /** iSCSI service response: 0 command completed at target, 1 target failure. */
  readonly response: number;
  readonly status: number;
  readonly initiatorTaskTag: number;
  readonly snackTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly expDataSN: number;
  readonly bidirectionalReadResidualCount: number;
  readonly residualCount: number;
  /** Sense data (the data segment's SenseLength-prefixed part); empty when none. */
  readonly sense: Uint8Array;
  /** iSCSI response data after the sense data; normally empty. */
  readonly responseData: Uint8Array;
}

export interface TaskManagementResponse {
  readonly kind: 'task-management-response';
  /** 0 function complete … 255 function rejected (see taskManagement.ts). */
  readonly response: number;
  readonly initiatorTaskTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
}

export interface LoginResponse {
  readonly kind: 'login-response';
  readonly transit: boolean;
  readonly continue: boolean;
  readonly currentStage: number;
  readonly nextStage: number;
  readonly versionMax: number;
  readonly versionActive: number;
  readonly isid: number;
  readonly tsih: number;
  readonly initiatorTaskTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly statusClass: number;
  readonly statusDetail: number;
  readonly data: Uint8Array;
}

export interface TextResponse {
  readonly kind: 'text-response';
  readonly final: boolean;
  readonly continue: boolean;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly data: Uint8Array;
}

export interface DataIn {
  readonly kind: 'data-in';
  readonly final: boolean;
  readonly acknowledge: boolean;
  readonly overflow: boolean;
  readonly underflow: boolean;
  /** S: this PDU carries the command's status (phase collapse). */
  readonly hasStatus: boolean;
  readonly status: number;
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly dataSN: number;
  readonly bufferOffset: number;
  readonly residualCount: number;
  readonly data: Uint8Array;
}

export interface LogoutResponse {
  readonly kind: 'logout-response';
  /** 0 closed, 1 CID not found, 2 recovery not supported, 3 cleanup failed. */
  readonly response: number;
  readonly initiatorTaskTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly time2Wait: number;
  readonly time2Retain: number;
}

export interface ReadyToTransfer {
  readonly kind: 'r2t';
  readonly lun: bigint;
  readonly initiatorTaskTag: number;
  readonly targetTransferTag: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly r2tSN: number;
  readonly bufferOffset: number;
  readonly desiredDataTransferLength: number;
}

export interface AsyncMessage {
  readonly kind: 'async-message';
  readonly lun: bigint;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  /** 0 SCSI event, 1 logout requested, 2 connection drop, 3 session drop, 4 renegotiate, 255 vendor. */
  readonly asyncEvent: number;
  readonly asyncVCode: number;
  readonly parameter1: number;
  readonly parameter2: number;
  readonly parameter3: number;
  /** Sense data and iSCSI event data, when the event has them. */
  readonly data: Uint8Array;
}

export interface Reject {
  readonly kind: 'reject';
  readonly reason: number;
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly dataSNOrR2TSN: number;
  /** The complete header of the rejected PDU. */
  readonly data: Uint8Array;
}

export type InitiatorPdu = NopOut | ScsiCommand | TaskManagementRequest | LoginRequest | TextRequest | DataOut | LogoutRequest | SnackRequest;
export type TargetPdu = NopIn | ScsiResponse | TaskManagementResponse | LoginResponse | TextResponse | DataIn | LogoutResponse | ReadyToTransfer | AsyncMessage | Reject;
export type Pdu = InitiatorPdu | TargetPdu;
export type PduKind = Pdu['kind'];
