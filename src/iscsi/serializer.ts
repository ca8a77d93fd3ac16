import { bidirectionalReadLengthHeader, extendedCdbHeader, serializeAdditionalHeaders, type AdditionalHeader } from './ahs.ts';
import { BufferWriter, padding4 } from './bufferWriter.ts';
import { crc32c, digestBytes } from './crc32c.ts';
import { NO_DIGESTS, type DigestSettings, type PduFrame } from './frame.ts';
import { MAX_DATA_SEGMENT_LENGTH, Opcode } from './opcodes.ts';
import type { Pdu, ScsiCommand, ScsiResponse } from './pdus.ts';

/**
 * Typed PDU → bytes. `frame` builds the header in RFC 7143 §11 table order (reserved fields
 * written as zeros); `serializePdu` adds padding and digests for one connection's settings.
 */

const flag = (on: boolean, mask: number): number => (on ? mask : 0);

/** Bytes 0–7 of every header: opcode with the I bit, the opcode-specific bytes 1–3, then the two lengths. */
function start(w: BufferWriter, opcode: number, immediate: boolean, flags: number, byte2: number, byte3: number, ahs: Uint8Array, data: Uint8Array): void {
  if (data.length > MAX_DATA_SEGMENT_LENGTH) throw new RangeError(`data segment of ${data.length} bytes exceeds 2^24-1`);
  w.uint8(opcode | flag(immediate, 0x40)).uint8(flags).uint8(byte2, 'byte 2').uint8(byte3, 'byte 3');
  w.uint8(ahs.length / 4, 'TotalAHSLength').uint24(data.length, 'DataSegmentLength');
}

function commandAdditionalHeaders(pdu: ScsiCommand): AdditionalHeader[] {
  const headers: AdditionalHeader[] = [];
  if (pdu.cdb.length > 16) headers.push(extendedCdbHeader(pdu.cdb.subarray(16)));
  if (pdu.bidirectionalReadLength !== undefined) headers.push(bidirectionalReadLengthHeader(pdu.bidirectionalReadLength));
  return headers;
}

const NONE = new Uint8Array(0);

function senseSegment(pdu: ScsiResponse): Uint8Array {
  if (pdu.sense.length === 0 && pdu.responseData.length === 0) return NONE;
  const w = new BufferWriter(2 + pdu.sense.length + pdu.responseData.length);
  return w.uint16(pdu.sense.length, 'SenseLength').bytes(pdu.sense).bytes(pdu.responseData).toBuffer();
}

/** The header's 16-byte CDB field: the CDB's first 16 bytes, zero-padded (the rest goes in an AHS). */
function writeCdb16(w: BufferWriter, cdb: Uint8Array): void {
  w.bytes(cdb.length > 16 ? cdb.subarray(0, 16) : cdb);
  if (cdb.length < 16) w.zeros(16 - cdb.length);
}

function frameNopOut(pdu: Extract<Pdu, { kind: 'nop-out' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.NopOut, pdu.immediate, 0x80, 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.cmdSN).uint32(pdu.expStatSN).zeros(16);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameScsiCommand(pdu: Extract<Pdu, { kind: 'scsi-command' }>): PduFrame {
  const w = new BufferWriter(48);
  const ahs = pdu.cdb.length <= 16 && pdu.bidirectionalReadLength === undefined ? NONE : serializeAdditionalHeaders(commandAdditionalHeaders(pdu));
  const flags = flag(pdu.final, 0x80) | flag(pdu.read, 0x40) | flag(pdu.write, 0x20) | (pdu.taskAttribute & 0x07);
  start(w, Opcode.ScsiCommand, pdu.immediate, flags, 0, 0, ahs, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.expectedDataTransferLength).uint32(pdu.cmdSN).uint32(pdu.expStatSN);
  writeCdb16(w, pdu.cdb);
  return { header: w.toBuffer(), additionalHeaders: ahs, data: pdu.data };
}

function frameTaskManagementRequest(pdu: Extract<Pdu, { kind: 'task-management-request' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.TaskManagementRequest, pdu.immediate, 0x80 | (pdu.function & 0x7f), 0, 0, NONE, NONE);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.referencedTaskTag).uint32(pdu.cmdSN).uint32(pdu.expStatSN);
  w.uint32(pdu.refCmdSN).uint32(pdu.expDataSN).zeros(8);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameLoginRequest(pdu: Extract<Pdu, { kind: 'login-request' }>): PduFrame {
  const w = new BufferWriter(48);
  const flags = flag(pdu.transit, 0x80) | flag(pdu.continue, 0x40) | ((pdu.currentStage & 3) << 2) | (pdu.nextStage & 3);
  start(w, Opcode.LoginRequest, true, flags, pdu.versionMax, pdu.versionMin, NONE, pdu.data);
  w.uint48(pdu.isid, 'ISID').uint16(pdu.tsih, 'TSIH').uint32(pdu.initiatorTaskTag).uint16(pdu.connectionId, 'CID').zeros(2);
  w.uint32(pdu.cmdSN).uint32(pdu.expStatSN).zeros(16);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameTextRequest(pdu: Extract<Pdu, { kind: 'text-request' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.TextRequest, pdu.immediate, flag(pdu.final, 0x80) | flag(pdu.continue, 0x40), 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.cmdSN).uint32(pdu.expStatSN).zeros(16);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameDataOut(pdu: Extract<Pdu, { kind: 'data-out' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.DataOut, false, flag(pdu.final, 0x80), 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).zeros(4).uint32(pdu.expStatSN).zeros(4);
  w.uint32(pdu.dataSN).uint32(pdu.bufferOffset).zeros(4);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameLogoutRequest(pdu: Extract<Pdu, { kind: 'logout-request' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.LogoutRequest, pdu.immediate, 0x80 | (pdu.reasonCode & 0x7f), 0, 0, NONE, NONE);
  w.zeros(8).uint32(pdu.initiatorTaskTag).uint16(pdu.connectionId, 'CID').zeros(2).uint32(pdu.cmdSN).uint32(pdu.expStatSN).zeros(16);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameSnackRequest(pdu: Extract<Pdu, { kind: 'snack-request' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.SnackRequest, false, 0x80 | (pdu.type & 0x0f), 0, 0, NONE, NONE);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).zeros(4).uint32(pdu.expStatSN).zeros(8);
  w.uint32(pdu.begRun).uint32(pdu.runLength);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameNopIn(pdu: Extract<Pdu, { kind: 'nop-in' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.NopIn, false, 0x80, 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN).zeros(12);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameScsiResponse(pdu: Extract<Pdu, { kind: 'scsi-response' }>): PduFrame {
  const w = new BufferWriter(48);
  const data = senseSegment(pdu);
  const flags = 0x80 | flag(pdu.bidirectionalReadOverflow, 0x10) | flag(pdu.bidirectionalReadUnderflow, 0x08) | flag(pdu.overflow, 0x04) | flag(pdu.underflow, 0x02);
  start(w, Opcode.ScsiResponse, false, flags, pdu.response, pdu.status, NONE, data);
  w.zeros(8).uint32(pdu.initiatorTaskTag).uint32(pdu.snackTag).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN);
  w.uint32(pdu.expDataSN).uint32(pdu.bidirectionalReadResidualCount).uint32(pdu.residualCount);
  return { header: w.toBuffer(), additionalHeaders: NONE, data };
}

function frameTaskManagementResponse(pdu: Extract<Pdu, { kind: 'task-management-response' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.TaskManagementResponse, false, 0x80, pdu.response, 0, NONE, NONE);
  w.zeros(8).uint32(pdu.initiatorTaskTag).zeros(4).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN).zeros(12);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameLoginResponse(pdu: Extract<Pdu, { kind: 'login-response' }>): PduFrame {
  const w = new BufferWriter(48);
  const flags = flag(pdu.transit, 0x80) | flag(pdu.continue, 0x40) | ((pdu.currentStage & 3) << 2) | (pdu.nextStage & 3);
  start(w, Opcode.LoginResponse, false, flags, pdu.versionMax, pdu.versionActive, NONE, pdu.data);
  w.uint48(pdu.isid, 'ISID').uint16(pdu.tsih, 'TSIH').uint32(pdu.initiatorTaskTag).zeros(4).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN);
  w.uint8(pdu.statusClass, 'Status-Class').uint8(pdu.statusDetail, 'Status-Detail').zeros(10);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameTextResponse(pdu: Extract<Pdu, { kind: 'text-response' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.TextResponse, false, flag(pdu.final, 0x80) | flag(pdu.continue, 0x40), 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN).zeros(12);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameDataIn(pdu: Extract<Pdu, { kind: 'data-in' }>): PduFrame {
  const w = new BufferWriter(48);
  const flags = flag(pdu.final, 0x80) | flag(pdu.acknowledge, 0x40) | flag(pdu.overflow, 0x04) | flag(pdu.underflow, 0x02) | flag(pdu.hasStatus, 0x01);
  start(w, Opcode.DataIn, false, flags, 0, pdu.hasStatus ? pdu.status : 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN);
  w.uint32(pdu.dataSN).uint32(pdu.bufferOffset).uint32(pdu.residualCount);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameLogoutResponse(pdu: Extract<Pdu, { kind: 'logout-response' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.LogoutResponse, false, 0x80, pdu.response, 0, NONE, NONE);
  w.zeros(8).uint32(pdu.initiatorTaskTag).zeros(4).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN).zeros(4);
  w.uint16(pdu.time2Wait, 'Time2Wait').uint16(pdu.time2Retain, 'Time2Retain').zeros(4);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameR2t(pdu: Extract<Pdu, { kind: 'r2t' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.ReadyToTransfer, false, 0x80, 0, 0, NONE, NONE);
  w.uint64(pdu.lun).uint32(pdu.initiatorTaskTag).uint32(pdu.targetTransferTag).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN);
  w.uint32(pdu.r2tSN).uint32(pdu.bufferOffset).uint32(pdu.desiredDataTransferLength);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: NONE };
}

function frameAsyncMessage(pdu: Extract<Pdu, { kind: 'async-message' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.AsyncMessage, false, 0x80, 0, 0, NONE, pdu.data);
  w.uint64(pdu.lun).uint32(0xffffffff).zeros(4).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN);
  w.uint8(pdu.asyncEvent).uint8(pdu.asyncVCode).uint16(pdu.parameter1).uint16(pdu.parameter2).uint16(pdu.parameter3).zeros(4);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

function frameReject(pdu: Extract<Pdu, { kind: 'reject' }>): PduFrame {
  const w = new BufferWriter(48);
  start(w, Opcode.Reject, false, 0x80, pdu.reason, 0, NONE, pdu.data);
  w.zeros(8).uint32(0xffffffff).zeros(4).uint32(pdu.statSN).uint32(pdu.expCmdSN).uint32(pdu.maxCmdSN).uint32(pdu.dataSNOrR2TSN).zeros(8);
  return { header: w.toBuffer(), additionalHeaders: NONE, data: pdu.data };
}

/**
 * One framer per kind, each reading one shape of PDU object (a single switch over every kind made
 * its property reads megamorphic, the slowest kind of read).
 */
const FRAMERS: { readonly [K in Pdu['kind']]: (pdu: Extract<Pdu, { kind: K }>) => PduFrame } = {
  'nop-out': frameNopOut,
  'scsi-command': frameScsiCommand,
  'task-management-request': frameTaskManagementRequest,
  'login-request': frameLoginRequest,
  'text-request': frameTextRequest,
  'data-out': frameDataOut,
  'logout-request': frameLogoutRequest,
  'snack-request': frameSnackRequest,
  'nop-in': frameNopIn,
  'scsi-response': frameScsiResponse,
  'task-management-response': frameTaskManagementResponse,
  'login-response': frameLoginResponse,
  'text-response': frameTextResponse,
  'data-in': frameDataIn,
  'logout-response': frameLogoutResponse,
  'r2t': frameR2t,
  'async-message': frameAsyncMessage,
  'reject': frameReject,
};

/** The unpadded, undigested parts of a PDU. */
export function framePdu(pdu: Pdu): PduFrame {
  return (FRAMERS[pdu.kind] as (p: Pdu) => PduFrame)(pdu);
}

/** A frame as it goes on the wire: BHS, AHS, header digest, data, padding, data digest. */
export function encodeFrame(frame: PduFrame, digests: DigestSettings = NO_DIGESTS): Buffer {
  // Most responses are a bare 48-byte header: sent as built, without a second copy.
  if (frame.additionalHeaders.length === 0 && frame.data.length === 0 && !digests.header && Buffer.isBuffer(frame.header)) return frame.header;
  const parts = encodeFrameParts(frame, digests);
  return Buffer.concat(parts, parts.reduce((sum, part) => sum + part.length, 0));
}

const ZERO_PAD = new Uint8Array(3);

/**
 * The same bytes as encodeFrame, as consecutive pieces: the header part, then the data segment
 * itself (not copied), then its padding and digest. A socket can gather them in one writev, so a
 * 64 KiB READ ELEMENT STATUS answer is never copied into a frame buffer.
 */
export function encodeFrameParts(frame: PduFrame, digests: DigestSettings = NO_DIGESTS): Uint8Array[] {
  const head = encodeFrameHead(frame, digests);
  if (frame.data.length === 0) return [head];
  const tail = encodeFrameTail(frame, digests);
  return tail === undefined ? [head, frame.data] : [head, frame.data, tail];
}

/** The header part: BHS, AHS and the header digest. */
export function encodeFrameHead(frame: PduFrame, digests: DigestSettings = NO_DIGESTS): Uint8Array {
  if (frame.additionalHeaders.length === 0 && !digests.header) return frame.header;
  const w = new BufferWriter(48 + frame.additionalHeaders.length + 4);
  w.bytes(frame.header).bytes(frame.additionalHeaders);
  if (digests.header) w.bytes(digestBytes(crc32c(frame.additionalHeaders, crc32c(frame.header))));
  return w.toBuffer();
}

/**
 * What follows the data segment: its padding and data digest, or undefined when there is neither.
 * Apart from the head so that a sender can hand the data to the socket first and compute the
 * digest while the bytes travel.
 */
export function encodeFrameTail(frame: PduFrame, digests: DigestSettings = NO_DIGESTS): Uint8Array | undefined {
  if (frame.data.length === 0) return undefined;
  const pad = ZERO_PAD.subarray(0, padding4(frame.data.length));
  if (!digests.data) return pad.length === 0 ? undefined : pad;
  return new BufferWriter(pad.length + 4).bytes(pad).bytes(digestBytes(crc32c(pad, crc32c(frame.data)))).toBuffer();
}

export function serializePdu(pdu: Pdu, digests: DigestSettings = NO_DIGESTS): Buffer {
  return encodeFrame(framePdu(pdu), digests);
}

/** serializePdu as pieces (encodeFrameParts). */
export function serializePduParts(pdu: Pdu, digests: DigestSettings = NO_DIGESTS): Uint8Array[] {
  return encodeFrameParts(framePdu(pdu), digests);
}
