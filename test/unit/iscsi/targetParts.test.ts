import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { IscsiPduError } from '../../../src/iscsi/pduError.ts';
import type { DataOut, ScsiCommand, TextRequest } from '../../../src/iscsi/pdus.ts';
import { sessionParameters, type SessionParameters } from '../../../src/iscsi/sessionParameters.ts';
import { planDataIn } from '../../../src/iscsi/target/dataInPlan.ts';
import { answerForUnknownLun, answerReportLuns, reportLunsData, trimCdb } from '../../../src/iscsi/target/lunInventory.ts';
import { ScsiTask } from '../../../src/iscsi/target/scsiTask.ts';
import { sendTargetsAnswer } from '../../../src/iscsi/target/sendTargets.ts';
import { Session } from '../../../src/iscsi/target/session.ts';
import { TextExchange } from '../../../src/iscsi/target/textExchange.ts';
import { parseText } from '../../../src/iscsi/text/textCodec.ts';
import { hex } from './fixtures.ts';

const defaults = sessionParameters(new Map(), new Map(), new Map());

describe('Data-In plan', () => {
  it('cuts at the segment limit, ends a sequence at each burst, marks the last PDU', () => {
    assert.deepEqual(planDataIn(20, 8, 12), [
      { offset: 0, length: 8, endOfSequence: false, last: false },
      { offset: 8, length: 4, endOfSequence: true, last: false },
      { offset: 12, length: 8, endOfSequence: true, last: true },
    ]);
    assert.deepEqual(planDataIn(0, 8, 8), []);
    assert.equal(planDataIn(262144, 8192, 262144).length, 32);
  });
});

describe('LUN inventory answers', () => {
  it('REPORT LUNS data: 8-byte entries after the 8-byte header, sorted, clipped to the allocation length', () => {
    assert.equal(reportLunsData([3, 0, 300]).toString('hex'), '00000018' + '00000000' + '0000000000000000' + '0003000000000000' + '412c000000000000');
    const clipped = answerReportLuns(hex('a0 00 00 00 00 00 00 00 00 10 00 00'), [0, 1]);
    assert.equal(clipped.dataIn.length, 16);
    assert.equal(answerReportLuns(hex('a0 01 01 00 00 00 00 00 01 00 00 00'), [0, 1]).dataIn.length, 8, 'no well-known LUNs');
    assert.equal(answerReportLuns(hex('a0 00 10 00 00 00 00 00 01 00 00 00'), [0]).status, 2);
  });

  it('unknown LUN: INQUIRY says "not connected", REQUEST SENSE returns 05/25/00 as data, others CHECK CONDITION', () => {
    const inquiry = answerForUnknownLun(hex('12 00 00 00 24 00'), [0]);
    assert.equal(inquiry.status, 0);
    assert.equal(inquiry.dataIn[0], 0x7f);
    const sense = answerForUnknownLun(hex('03 00 00 00 12 00'), [0]);
    assert.equal(sense.status, 0);
    assert.deepEqual([sense.dataIn[2], sense.dataIn[12], sense.dataIn[13]], [0x05, 0x25, 0x00]);
    const tur = answerForUnknownLun(hex('00 00 00 00 00 00'), [0]);
    assert.equal(tur.status, 2);
    assert.deepEqual([tur.sense?.[2], tur.sense?.[12]], [0x05, 0x25]);
  });

  it('a CDB is trimmed to the length its group code gives', () => {
    const padded = new Uint8Array(16);
    padded[0] = 0xb8;
    assert.equal(trimCdb(padded).length, 12);
    padded[0] = 0x00;
    assert.equal(trimCdb(padded).length, 6);
    padded[0] = 0x5a;
    assert.equal(trimCdb(padded).length, 10);
    padded[0] = 0xc0;
    assert.equal(trimCdb(padded).length, 16, 'vendor groups keep all bytes');
  });
});

describe('session CmdSN ordering', () => {
  const session = (): Session => new Session({ tsih: 1, sessionType: 'Normal', initiatorName: 'iqn.x:i', isid: 0x80_0000_0000_01, target: undefined, parameters: defaults, expCmdSN: 0xfffffffe, window: 4 });

  it('delivers in CmdSN order across the 2^32 wrap, holding early arrivals, ignoring out-of-window and duplicates', () => {
    const s = session();
    const seen: number[] = [];
    const deliver = (n: number) => () => seen.push(n);
    assert.equal(s.order({ immediate: false, cmdSN: 0xffffffff }, deliver(0xffffffff)), true);
    assert.equal(s.order({ immediate: false, cmdSN: 0 }, deliver(0)), true);
    assert.deepEqual(seen, []);
    assert.equal(s.order({ immediate: false, cmdSN: 5 }, deliver(5)), false, 'beyond MaxCmdSN');
    assert.equal(s.order({ immediate: true, cmdSN: 0xfffffffe }, deliver(-1)), true);
    assert.deepEqual(seen, [-1], 'immediate commands go at once');
    s.order({ immediate: false, cmdSN: 0xfffffffe }, deliver(0xfffffffe));
    assert.deepEqual(seen, [-1, 0xfffffffe, 0xffffffff, 0]);
    assert.equal(s.expCmdSN, 1);
    assert.equal(s.maxCmdSN, 4);
    assert.equal(s.order({ immediate: false, cmdSN: 0 }, deliver(99)), false, 'a duplicate');
    assert.equal(s.initiatorPort, 'iqn.x:i,i,0x800000000001');
  });
});

const command = (fields: Partial<ScsiCommand>): ScsiCommand => ({
  kind: 'scsi-command', immediate: false, final: true, read: false, write: true, taskAttribute: 1, lun: 0n, initiatorTaskTag: 1, expectedDataTransferLength: 100,
  cmdSN: 1, expStatSN: 1, cdb: new Uint8Array(16), data: new Uint8Array(0), ...fields,
});
const dataOut = (fields: Partial<DataOut>): DataOut => ({
  kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, expStatSN: 1, dataSN: 0, bufferOffset: 0, data: new Uint8Array(0), ...fields,
});

describe('write data gathering (ScsiTask)', () => {
  let tag = 100;
  const nextTag = (): number => tag++;
  const params = (p: Partial<SessionParameters>): SessionParameters => ({ ...defaults, ...p });

  it('immediate data, unsolicited Data-Out up to FirstBurstLength, then R2Ts of MaxBurstLength', () => {
    const task = new ScsiTask(command({ final: false, data: new Uint8Array(10).fill(1) }), params({ initialR2T: false, immediateData: true, firstBurstLength: 30 }));
    assert.equal(task.begin(nextTag, 40).kind, 'waiting');
    const afterUnsolicited = task.accept(dataOut({ bufferOffset: 10, data: new Uint8Array(20).fill(2) }), nextTag, 40);
    assert.equal(afterUnsolicited.kind, 'send-r2t');
    if (afterUnsolicited.kind !== 'send-r2t') return;
    assert.deepEqual({ ...afterUnsolicited.r2t, targetTransferTag: 0 }, { targetTransferTag: 0, r2tSN: 0, bufferOffset: 30, desiredDataTransferLength: 40 });
    const next = task.accept(dataOut({ targetTransferTag: afterUnsolicited.r2t.targetTransferTag, bufferOffset: 30, data: new Uint8Array(40).fill(3) }), nextTag, 40);
    assert.equal(next.kind, 'send-r2t');
    if (next.kind !== 'send-r2t') return;
    assert.equal(next.r2t.desiredDataTransferLength, 30);
    assert.equal(task.accept(dataOut({ targetTransferTag: next.r2t.targetTransferTag, bufferOffset: 70, data: new Uint8Array(30).fill(4) }), nextTag, 40).kind, 'complete');
    const data = task.dataOut as Uint8Array;
    assert.deepEqual([data[0], data[10], data[30], data[70], data.length], [1, 2, 3, 4, 100]);
    assert.equal(task.expDataSN, 2);
  });

  it('a block that came whole as immediate data reaches the device as those bytes, with no R2T', () => {
    const block = new Uint8Array(256 * 1024).fill(7);
    const task = new ScsiTask(command({ expectedDataTransferLength: block.length, data: block }), params({ immediateData: true, firstBurstLength: block.length, maxBurstLength: 16776192 }));
    assert.equal(task.begin(nextTag, 16776192).kind, 'complete');
    assert.equal(task.dataOut, block);
    assert.equal(task.expDataSN, 0);
  });

  it('InitialR2T=Yes: no unsolicited data, an R2T at once', () => {
    const task = new ScsiTask(command({}), params({ initialR2T: true, immediateData: false }));
    const step = task.begin(nextTag, 262144);
    assert.equal(step.kind, 'send-r2t');
  });

  it('protocol violations throw IscsiPduError', () => {
    assert.throws(() => new ScsiTask(command({ data: new Uint8Array(10) }), params({ immediateData: false })), IscsiPduError);
    assert.throws(() => new ScsiTask(command({ expectedDataTransferLength: 4, data: new Uint8Array(10) }), params({})), IscsiPduError);
    const task = new ScsiTask(command({ final: false }), params({ initialR2T: false }));
    task.begin(nextTag, 1000);
    assert.throws(() => task.accept(dataOut({ bufferOffset: 5, data: new Uint8Array(5) }), nextTag, 1000), IscsiPduError);
    const solicited = new ScsiTask(command({}), params({ initialR2T: true }));
    solicited.begin(nextTag, 1000);
    assert.throws(() => solicited.accept(dataOut({ targetTransferTag: 1, data: new Uint8Array(5) }), nextTag, 1000), IscsiPduError, 'unknown TTT');
  });
});

describe('text exchange (SendTargets)', () => {
  const names = Array.from({ length: 40 }, (_, i) => `iqn.2024-01.org.changer.test:library-${String(i).padStart(3, '0')}`);
  const portal = { address: '127.0.0.1:3260', portalGroupTag: 1 };
  const request = (fields: Partial<TextRequest>): TextRequest => ({
    kind: 'text-request', immediate: false, final: true, continue: false, lun: 0n, initiatorTaskTag: 7, targetTransferTag: 0xffffffff, cmdSN: 1, expStatSN: 1,
    data: Buffer.from('SendTargets=All\0'), ...fields,
  });

  it('SendTargets rules: All in discovery only, empty for the own target, an IQN for that one', () => {
    assert.deepEqual(sendTargetsAnswer('All', ['a', 'b'], 'Normal', 'a', portal), [['SendTargets', 'Reject']]);
    assert.deepEqual(sendTargetsAnswer('', ['a', 'b'], 'Normal', 'a', portal), [['TargetName', 'a'], ['TargetAddress', '127.0.0.1:3260,1']]);
    assert.deepEqual(sendTargetsAnswer('b', ['a', 'b'], 'Discovery', undefined, portal).map(([k, v]) => `${k}=${v}`), ['TargetName=b', 'TargetAddress=127.0.0.1:3260,1']);
  });

  it('a long answer leaves in pieces, each fetched with the Target Transfer Tag', () => {
    let tag = 1;
    const exchange = new TextExchange(7, { sessionType: 'Discovery', currentTarget: undefined, targetNames: names, portal, nextTag: () => tag++ });
    const pieces: Uint8Array[] = [];
    let reply = exchange.receive(request({}), 512);
    for (let i = 0; i < 100 && !reply.final; i++) {
      assert.equal(reply.continue, true);
      assert.ok(reply.data.length <= 512);
      pieces.push(reply.data);
      const next = request({ targetTransferTag: reply.targetTransferTag, data: new Uint8Array(0) });
      assert.equal(exchange.continues(next), true);
      reply = exchange.receive(next, 512);
    }
    pieces.push(reply.data);
    assert.equal(reply.targetTransferTag, 0xffffffff);
    const pairs = parseText(Buffer.concat(pieces));
    assert.deepEqual(pairs.filter(([k]) => k === 'TargetName').map(([, v]) => v), names);
  });

  it('unknown keys are NotUnderstood, login-only keys Reject, a MaxRecvDataSegmentLength declaration is taken', () => {
    const exchange = new TextExchange(8, { sessionType: 'Normal', currentTarget: 'a', targetNames: ['a'], portal, nextTag: () => 1 });
    const reply = exchange.receive(request({ initiatorTaskTag: 8, data: Buffer.from('X-foo=1\0MaxBurstLength=512\0MaxRecvDataSegmentLength=16384\0') }), 8192);
    assert.deepEqual(parseText(reply.data), [['X-foo', 'NotUnderstood'], ['MaxBurstLength', 'Reject']]);
    assert.equal(reply.declaredMaxRecvDataSegmentLength, 16384);
  });
});
