import { commandExtensions, parseAdditionalHeaders } from './ahs.ts';
import { BufferReader } from './bufferReader.ts';
import type { PduFrame } from './frame.ts';
import { Opcode, RESERVED_TAG, opcodeSender, type PduSender } from './opcodes.ts';
import { IscsiPduError, RejectReason } from './pduError.ts';
import type {
  AsyncMessage, DataIn, DataOut, LoginRequest, LoginResponse, LogoutRequest, LogoutResponse, NopIn, NopOut, Pdu,
  ReadyToTransfer, Reject, ScsiCommand, ScsiResponse, SnackRequest, TaskManagementRequest, TaskManagementResponse,
  TextRequest, TextResponse,
} from './pdus.ts';

/**
 * Frame → typed PDU. Each function reads the header in the order of its RFC 7143 §11 table, from
 * byte 8 on (bytes 0–7 are read once in `parsePdu`). Reserved fields are skipped, not checked:
 * RFC 7143 §11.2 has receivers ignore them. Anything unusable throws IscsiPduError with the
 * header attached, so the caller can answer with a Reject.
 */

interface Common {
  readonly immediate: boolean;
  readonly flags: number;
  readonly byte2: number;
  readonly byte3: number;
  readonly data: Uint8Array;
  readonly additionalHeaders: Uint8Array;
}

type Parser = (r: BufferReader, c: Common) => Pdu;

const bit = (flags: number, mask: number): boolean => (flags & mask) !== 0;

/** What a SCSI Command without additional header segments extends its CDB with: nothing. */
const NO_EXTENSIONS = { cdbTail: new Uint8Array(0), bidirectionalReadLength: undefined };

function noData(c: Common, what: string): void {
  if (c.data.length !== 0) throw new IscsiPduError(RejectReason.ProtocolError, `${what} must not carry a data segment`);
}

function stage(value: number, what: string): number {
  if (value === 2) throw new IscsiPduError(RejectReason.InvalidPduField, `${what} 2 is reserved`);
  return value;
}

const parseNopOut: Parser = (r, c): NopOut => {
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  if (initiatorTaskTag === RESERVED_TAG && !c.immediate) throw new IscsiPduError(RejectReason.ProtocolError, 'NOP-Out without a reply (ITT 0xffffffff) must be immediate');
  return { kind: 'nop-out', immediate: c.immediate, lun, initiatorTaskTag, targetTransferTag, cmdSN, expStatSN, data: c.data };
};

const parseScsiCommand: Parser = (r, c): ScsiCommand => {
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const expectedDataTransferLength = r.uint32();
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  const cdb16 = r.bytes(16);
  const { cdbTail, bidirectionalReadLength } = c.additionalHeaders.length === 0 ? NO_EXTENSIONS : commandExtensions(parseAdditionalHeaders(c.additionalHeaders));
  const cdb = cdbTail.length === 0 ? cdb16 : Buffer.concat([cdb16, cdbTail]);
  const read = bit(c.flags, 0x40);
  const write = bit(c.flags, 0x20);
  if (!write && c.data.length > 0) throw new IscsiPduError(RejectReason.ProtocolError, 'immediate data on a command without the W bit');
  if (bidirectionalReadLength !== undefined && !(read && write)) throw new IscsiPduError(RejectReason.InvalidPduField, 'bidirectional read length AHS on a command that is not bidirectional');
  const command: ScsiCommand = {
    kind: 'scsi-command', immediate: c.immediate, final: bit(c.flags, 0x80), read, write, taskAttribute: c.flags & 0x07,
    lun, initiatorTaskTag, expectedDataTransferLength, cmdSN, expStatSN, cdb, data: c.data,
  };
  return bidirectionalReadLength === undefined ? command : { ...command, bidirectionalReadLength };
};

const parseTaskManagementRequest: Parser = (r, c): TaskManagementRequest => {
  noData(c, 'Task Management Request');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const referencedTaskTag = r.uint32();
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  const refCmdSN = r.uint32();
  const expDataSN = r.uint32();
  return { kind: 'task-management-request', immediate: c.immediate, function: c.flags & 0x7f, lun, initiatorTaskTag, referencedTaskTag, cmdSN, expStatSN, refCmdSN, expDataSN };
};

const parseLoginRequest: Parser = (r, c): LoginRequest => {
  const transit = bit(c.flags, 0x80);
  const cont = bit(c.flags, 0x40);
  if (transit && cont) throw new IscsiPduError(RejectReason.ProtocolError, 'Login Request with both T and C set');
  const isid = r.uint48();
  const tsih = r.uint16();
  const initiatorTaskTag = r.uint32();
  const connectionId = r.uint16();
  r.skip(2);
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  return {
    kind: 'login-request', transit, continue: cont, currentStage: stage((c.flags >> 2) & 3, 'CSG'), nextStage: transit ? stage(c.flags & 3, 'NSG') : c.flags & 3,
    versionMax: c.byte2, versionMin: c.byte3, isid, tsih, initiatorTaskTag, connectionId, cmdSN, expStatSN, data: c.data,
  };
};

const parseTextRequest: Parser = (r, c): TextRequest => {
  const final = bit(c.flags, 0x80);
  const cont = bit(c.flags, 0x40);
  if (final && cont) throw new IscsiPduError(RejectReason.ProtocolError, 'Text Request with both F and C set');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  return { kind: 'text-request', immediate: c.immediate, final, continue: cont, lun, initiatorTaskTag, targetTransferTag, cmdSN, expStatSN, data: c.data };
};

const parseDataOut: Parser = (r, c): DataOut => {
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  r.skip(4);
  const expStatSN = r.uint32();
  r.skip(4);
  const dataSN = r.uint32();
  const bufferOffset = r.uint32();
  return { kind: 'data-out', final: bit(c.flags, 0x80), lun, initiatorTaskTag, targetTransferTag, expStatSN, dataSN, bufferOffset, data: c.data };
};

const parseLogoutRequest: Parser = (r, c): LogoutRequest => {
  noData(c, 'Logout Request');
  r.skip(8);
  const initiatorTaskTag = r.uint32();
  const connectionId = r.uint16();
  r.skip(2);
  const cmdSN = r.uint32();
  const expStatSN = r.uint32();
  return { kind: 'logout-request', immediate: c.immediate, reasonCode: c.flags & 0x7f, initiatorTaskTag, connectionId, cmdSN, expStatSN };
};

const parseSnackRequest: Parser = (r, c): SnackRequest => {
  noData(c, 'SNACK Request');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  r.skip(4);
  const expStatSN = r.uint32();
  r.skip(8);
  const begRun = r.uint32();
  const runLength = r.uint32();
  return { kind: 'snack-request', type: c.flags & 0x0f, lun, initiatorTaskTag, targetTransferTag, expStatSN, begRun, runLength };
};

const parseNopIn: Parser = (r, c): NopIn => {
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  return { kind: 'nop-in', lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, data: c.data };
};

const parseScsiResponse: Parser = (r, c): ScsiResponse => {
  r.skip(8);
  const initiatorTaskTag = r.uint32();
  const snackTag = r.uint32();
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const expDataSN = r.uint32();
  const bidirectionalReadResidualCount = r.uint32();
  const residualCount = r.uint32();
  let sense: Uint8Array = new Uint8Array(0);
  let responseData: Uint8Array = new Uint8Array(0);
  if (c.data.length > 0) {
    const segment = new BufferReader(c.data);
    const senseLength = segment.uint16();
    if (senseLength > segment.remaining) throw new IscsiPduError(RejectReason.InvalidPduField, `SenseLength ${senseLength} exceeds the data segment`);
    sense = segment.bytes(senseLength);
    responseData = segment.bytes(segment.remaining);
  }
  return {
    kind: 'scsi-response', bidirectionalReadOverflow: bit(c.flags, 0x10), bidirectionalReadUnderflow: bit(c.flags, 0x08), overflow: bit(c.flags, 0x04),
    underflow: bit(c.flags, 0x02), response: c.byte2, status: c.byte3, initiatorTaskTag, snackTag, statSN, expCmdSN, maxCmdSN, expDataSN,
    bidirectionalReadResidualCount, residualCount, sense, responseData,
  };
};

const parseTaskManagementResponse: Parser = (r, c): TaskManagementResponse => {
  noData(c, 'Task Management Response');
  r.skip(8);
  const initiatorTaskTag = r.uint32();
  r.skip(4);
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  return { kind: 'task-management-response', response: c.byte2, initiatorTaskTag, statSN, expCmdSN, maxCmdSN };
};

const parseLoginResponse: Parser = (r, c): LoginResponse => {
  const transit = bit(c.flags, 0x80);
  const cont = bit(c.flags, 0x40);
  if (transit && cont) throw new IscsiPduError(RejectReason.ProtocolError, 'Login Response with both T and C set');
  const isid = r.uint48();
  const tsih = r.uint16();
  const initiatorTaskTag = r.uint32();
  r.skip(4);
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const statusClass = r.uint8();
  const statusDetail = r.uint8();
  return {
    kind: 'login-response', transit, continue: cont, currentStage: (c.flags >> 2) & 3, nextStage: c.flags & 3, versionMax: c.byte2, versionActive: c.byte3,
    isid, tsih, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, statusClass, statusDetail, data: c.data,
  };
};

const parseTextResponse: Parser = (r, c): TextResponse => {
  const final = bit(c.flags, 0x80);
  const cont = bit(c.flags, 0x40);
  if (final && cont) throw new IscsiPduError(RejectReason.ProtocolError, 'Text Response with both F and C set');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  return { kind: 'text-response', final, continue: cont, lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, data: c.data };
};

const parseDataIn: Parser = (r, c): DataIn => {
  const final = bit(c.flags, 0x80);
  const hasStatus = bit(c.flags, 0x01);
  if (hasStatus && !final) throw new IscsiPduError(RejectReason.ProtocolError, 'Data-In with S set but not F');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const dataSN = r.uint32();
  const bufferOffset = r.uint32();
  const residualCount = r.uint32();
  return {
    kind: 'data-in', final, acknowledge: bit(c.flags, 0x40), overflow: bit(c.flags, 0x04), underflow: bit(c.flags, 0x02), hasStatus, status: c.byte3,
    lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, dataSN, bufferOffset, residualCount, data: c.data,
  };
};

const parseLogoutResponse: Parser = (r, c): LogoutResponse => {
  noData(c, 'Logout Response');
  r.skip(8);
  const initiatorTaskTag = r.uint32();
  r.skip(4);
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  r.skip(4);
  const time2Wait = r.uint16();
  const time2Retain = r.uint16();
  return { kind: 'logout-response', response: c.byte2, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, time2Wait, time2Retain };
};

const parseReadyToTransfer: Parser = (r, c): ReadyToTransfer => {
  noData(c, 'R2T');
  const lun = r.uint64();
  const initiatorTaskTag = r.uint32();
  const targetTransferTag = r.uint32();
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const r2tSN = r.uint32();
  const bufferOffset = r.uint32();
  const desiredDataTransferLength = r.uint32();
  return { kind: 'r2t', lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, r2tSN, bufferOffset, desiredDataTransferLength };
};

const parseAsyncMessage: Parser = (r, c): AsyncMessage => {
  const lun = r.uint64();
  r.skip(8);
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const asyncEvent = r.uint8();
  const asyncVCode = r.uint8();
  const parameter1 = r.uint16();
  const parameter2 = r.uint16();
  const parameter3 = r.uint16();
  return { kind: 'async-message', lun, statSN, expCmdSN, maxCmdSN, asyncEvent, asyncVCode, parameter1, parameter2, parameter3, data: c.data };
};

const parseReject: Parser = (r, c): Reject => {
  r.skip(16);
  const statSN = r.uint32();
  const expCmdSN = r.uint32();
  const maxCmdSN = r.uint32();
  const dataSNOrR2TSN = r.uint32();
  return { kind: 'reject', reason: c.byte2, statSN, expCmdSN, maxCmdSN, dataSNOrR2TSN, data: c.data };
};

const PARSERS: ReadonlyMap<number, Parser> = new Map<number, Parser>([
  [Opcode.NopOut, parseNopOut],
  [Opcode.ScsiCommand, parseScsiCommand],
  [Opcode.TaskManagementRequest, parseTaskManagementRequest],
  [Opcode.LoginRequest, parseLoginRequest],
  [Opcode.TextRequest, parseTextRequest],
  [Opcode.DataOut, parseDataOut],
  [Opcode.LogoutRequest, parseLogoutRequest],
  [Opcode.SnackRequest, parseSnackRequest],
  [Opcode.NopIn, parseNopIn],
  [Opcode.ScsiResponse, parseScsiResponse],
  [Opcode.TaskManagementResponse, parseTaskManagementResponse],
  [Opcode.LoginResponse, parseLoginResponse],
  [Opcode.TextResponse, parseTextResponse],
  [Opcode.DataIn, parseDataIn],
  [Opcode.LogoutResponse, parseLogoutResponse],
  [Opcode.ReadyToTransfer, parseReadyToTransfer],
  [Opcode.AsyncMessage, parseAsyncMessage],
  [Opcode.Reject, parseReject],
]);

/** Opcodes that only the AHS of a SCSI Command may accompany. */
const MAY_HAVE_AHS: ReadonlySet<number> = new Set([Opcode.ScsiCommand]);

/**
 * Interprets one frame. `from` names the peer that sent it: an opcode of the wrong side is a
 * protocol error (a target never accepts a Data-In, nor an initiator a SCSI Command).
 */
export function parsePdu(frame: PduFrame, from?: PduSender): Pdu {
  const header = frame.header;
  try {
    if (header.length !== 48) throw new IscsiPduError(RejectReason.InvalidPduField, `basic header segment is ${header.length} bytes, not 48`);
    const reader = new BufferReader(header);
    const byte0 = reader.uint8();
    const opcode = byte0 & 0x3f;
    const parse = PARSERS.get(opcode);
    if (parse === undefined) throw new IscsiPduError(RejectReason.CommandNotSupported, `unknown opcode 0x${opcode.toString(16).padStart(2, '0')}`);
    if (from !== undefined && opcodeSender(opcode) !== from) {
      throw new IscsiPduError(RejectReason.ProtocolError, `opcode 0x${opcode.toString(16).padStart(2, '0')} is not sent by an ${from}`);
    }
    const flags = reader.uint8();
    const byte2 = reader.uint8();
    const byte3 = reader.uint8();
    const totalAhsLength = reader.uint8();
    const dataSegmentLength = reader.uint24();
    if (totalAhsLength * 4 !== frame.additionalHeaders.length || dataSegmentLength !== frame.data.length) {
      throw new IscsiPduError(RejectReason.InvalidPduField, 'segment lengths disagree with the header');
    }
    if (totalAhsLength !== 0 && !MAY_HAVE_AHS.has(opcode)) throw new IscsiPduError(RejectReason.InvalidPduField, 'additional header segment on a PDU that takes none');
    return parse(reader, { immediate: (byte0 & 0x40) !== 0, flags, byte2, byte3, data: frame.data, additionalHeaders: frame.additionalHeaders });
  } catch (e) {
    if (e instanceof IscsiPduError && e.header === undefined && header.length === 48) throw new IscsiPduError(e.reason, e.message, Buffer.from(header));
    throw e;
  }
}
