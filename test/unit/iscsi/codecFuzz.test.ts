import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import type { PduSender } from '../../../src/iscsi/opcodes.ts';
import { IscsiPduError } from '../../../src/iscsi/pduError.ts';
import type { Pdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu, serializePduParts } from '../../../src/iscsi/serializer.ts';
import { parseText } from '../../../src/iscsi/text/textCodec.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 0xff });
const lun = fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn });
const data = fc.uint8Array({ maxLength: 300 });
const none = fc.constant(new Uint8Array(0));
const stage = fc.constantFrom(0, 1, 3);

/** Every PDU the codec can represent, with fields in range and the combinations the parser allows. */
const anyPdu: fc.Arbitrary<Pdu> = fc.oneof(
  fc.record({ kind: fc.constant('nop-out' as const), immediate: fc.constant(true), lun, initiatorTaskTag: u32, targetTransferTag: u32, cmdSN: u32, expStatSN: u32, data }),
  fc.record({
    kind: fc.constant('scsi-command' as const), immediate: fc.boolean(), final: fc.boolean(), read: fc.boolean(), write: fc.constant(true),
    taskAttribute: fc.integer({ min: 0, max: 7 }), lun, initiatorTaskTag: u32, expectedDataTransferLength: u32, cmdSN: u32, expStatSN: u32,
    cdb: fc.integer({ min: 16, max: 260 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), data,
  }),
  fc.record({ kind: fc.constant('task-management-request' as const), immediate: fc.boolean(), function: fc.integer({ min: 0, max: 127 }), lun, initiatorTaskTag: u32, referencedTaskTag: u32, cmdSN: u32, expStatSN: u32, refCmdSN: u32, expDataSN: u32 }),
  fc.record({
    kind: fc.constant('login-request' as const), transit: fc.constant(true), continue: fc.constant(false), currentStage: stage, nextStage: stage, versionMax: u8, versionMin: u8,
    isid: fc.integer({ min: 0, max: 2 ** 48 - 1 }), tsih: u16, initiatorTaskTag: u32, connectionId: u16, cmdSN: u32, expStatSN: u32, data,
  }),
  fc.record({ kind: fc.constant('text-request' as const), immediate: fc.boolean(), final: fc.boolean(), continue: fc.constant(false), lun, initiatorTaskTag: u32, targetTransferTag: u32, cmdSN: u32, expStatSN: u32, data }),
  fc.record({ kind: fc.constant('data-out' as const), final: fc.boolean(), lun, initiatorTaskTag: u32, targetTransferTag: u32, expStatSN: u32, dataSN: u32, bufferOffset: u32, data }),
  fc.record({ kind: fc.constant('logout-request' as const), immediate: fc.boolean(), reasonCode: fc.integer({ min: 0, max: 127 }), initiatorTaskTag: u32, connectionId: u16, cmdSN: u32, expStatSN: u32 }),
  fc.record({ kind: fc.constant('snack-request' as const), type: fc.integer({ min: 0, max: 15 }), lun, initiatorTaskTag: u32, targetTransferTag: u32, expStatSN: u32, begRun: u32, runLength: u32 }),
  fc.record({ kind: fc.constant('nop-in' as const), lun, initiatorTaskTag: u32, targetTransferTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, data }),
  fc.record({
    kind: fc.constant('scsi-response' as const), bidirectionalReadOverflow: fc.boolean(), bidirectionalReadUnderflow: fc.boolean(), overflow: fc.boolean(), underflow: fc.boolean(),
    response: u8, status: u8, initiatorTaskTag: u32, snackTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, expDataSN: u32, bidirectionalReadResidualCount: u32,
    residualCount: u32, sense: fc.uint8Array({ minLength: 1, maxLength: 252 }), responseData: fc.uint8Array({ maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('task-management-response' as const), response: u8, initiatorTaskTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32 }),
  fc.record({
    kind: fc.constant('login-response' as const), transit: fc.boolean(), continue: fc.constant(false), currentStage: stage, nextStage: stage, versionMax: u8, versionActive: u8,
    isid: fc.integer({ min: 0, max: 2 ** 48 - 1 }), tsih: u16, initiatorTaskTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, statusClass: u8, statusDetail: u8, data,
  }),
  fc.record({ kind: fc.constant('text-response' as const), final: fc.boolean(), continue: fc.constant(false), lun, initiatorTaskTag: u32, targetTransferTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, data }),
  fc.record({
    kind: fc.constant('data-in' as const), final: fc.constant(true), acknowledge: fc.boolean(), overflow: fc.boolean(), underflow: fc.boolean(), hasStatus: fc.constant(true), status: u8,
    lun, initiatorTaskTag: u32, targetTransferTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, dataSN: u32, bufferOffset: u32, residualCount: u32, data,
  }),
  fc.record({ kind: fc.constant('logout-response' as const), response: u8, initiatorTaskTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, time2Wait: u16, time2Retain: u16 }),
  fc.record({ kind: fc.constant('r2t' as const), lun, initiatorTaskTag: u32, targetTransferTag: u32, statSN: u32, expCmdSN: u32, maxCmdSN: u32, r2tSN: u32, bufferOffset: u32, desiredDataTransferLength: u32 }),
  fc.record({
    kind: fc.constant('async-message' as const), lun, statSN: u32, expCmdSN: u32, maxCmdSN: u32, asyncEvent: u8, asyncVCode: u8, parameter1: u16, parameter2: u16, parameter3: u16, data,
  }),
  fc.record({ kind: fc.constant('reject' as const), reason: u8, statSN: u32, expCmdSN: u32, maxCmdSN: u32, dataSNOrR2TSN: u32, data: fc.oneof(none, fc.uint8Array({ minLength: 48, maxLength: 48 })) }),
);

const digests = fc.record({ header: fc.boolean(), data: fc.boolean() });

function senderOf(pdu: Pdu): PduSender {
  return ['nop-out', 'scsi-command', 'task-management-request', 'login-request', 'text-request', 'data-out', 'logout-request', 'snack-request'].includes(pdu.kind) ? 'initiator' : 'target';
}

function comparable(pdu: Pdu): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pdu).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v]));
}

/** Reads everything; only IscsiPduError may escape, and the loop is bounded. */
function readAll(reader: FrameReader): number {
  let count = 0;
  try {
    for (let i = 0; i < 10_000; i++) {
      if (reader.read() === undefined) return count;
      count++;
    }
    throw new Error('unbounded');
  } catch (e) {
    if (e instanceof IscsiPduError) return count;
    throw e;
  }
}

describe('codec properties (fast-check)', () => {
  it('round-trips every PDU through serializer and frame reader, with any digests', () => {
    fc.assert(
      fc.property(anyPdu, digests, fc.integer({ min: 1, max: 64 }), (pdu, digest, chunk) => {
        const bytes = serializePdu(pdu, digest);
        assert.equal(bytes.length % 4, 0);
        const reader = new FrameReader(senderOf(pdu), { ...digest, maxDataSegmentLength: 65536 });
        const out: Pdu[] = [];
        for (let i = 0; i < bytes.length; i += chunk) {
          reader.push(bytes.subarray(i, i + chunk));
          for (let pduRead = reader.read(); pduRead !== undefined; pduRead = reader.read()) out.push(pduRead);
        }
        assert.equal(out.length, 1);
        assert.deepEqual(comparable(out[0] as Pdu), comparable(pdu));
      }),
      { numRuns: 2000 },
    );
  });

  it('a frame as pieces is the frame\'s bytes, its data segment passed through uncopied', () => {
    fc.assert(
      fc.property(anyPdu, digests, (pdu, digest) => {
        const parts = serializePduParts(pdu, digest);
        assert.deepEqual(Buffer.concat(parts), serializePdu(pdu, digest));
        // PDUs that carry their data segment as is (all but the SCSI Response, which builds sense + response data).
        if ('data' in pdu && pdu.data.length > 0) assert.equal(parts[1], pdu.data);
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes never throw anything but IscsiPduError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), digests, fc.constantFrom<PduSender>('initiator', 'target'), (bytes, digest, from) => {
        const reader = new FrameReader(from, { ...digest, maxDataSegmentLength: 1024 });
        reader.push(bytes);
        readAll(reader);
      }),
      { numRuns: 3000 },
    );
  });

  it('valid PDUs with corrupted bytes never throw anything but IscsiPduError', () => {
    fc.assert(
      fc.property(anyPdu, fc.array(fc.tuple(fc.nat(), u8), { minLength: 1, maxLength: 8 }), (pdu, flips) => {
        const bytes = Buffer.from(serializePdu(pdu));
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const reader = new FrameReader(senderOf(pdu), { header: false, data: false, maxDataSegmentLength: 65536 });
        reader.push(bytes);
        readAll(reader);
      }),
      { numRuns: 3000 },
    );
  });

  it('text parsing of random bytes throws only IscsiPduError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          parseText(bytes);
        } catch (e) {
          if (!(e instanceof IscsiPduError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
