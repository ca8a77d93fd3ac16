import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import { encodeLun } from '../../../src/iscsi/lun.ts';
import type { PduSender } from '../../../src/iscsi/opcodes.ts';
import { IscsiPduError, RejectReason } from '../../../src/iscsi/pduError.ts';
import type { Pdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { ascii, hex } from './fixtures.ts';

const empty = new Uint8Array(0);

function parseOne(bytes: Uint8Array, from: PduSender): Pdu {
  const reader = new FrameReader(from, { header: false, data: false, maxDataSegmentLength: 65536 });
  reader.push(bytes);
  const pdu = reader.read();
  assert.ok(pdu, 'a complete PDU');
  assert.equal(reader.read(), undefined);
  assert.equal(reader.bufferedBytes, 0);
  return pdu;
}

interface Fixture {
  readonly name: string;
  readonly from: PduSender;
  readonly bytes: Buffer;
  readonly pdu: Pdu;
}

const fixtures: Fixture[] = [
  {
    name: 'NOP-Out ping with data (§11.18)',
    from: 'initiator',
    bytes: Buffer.concat([hex(`
      40 80 00 00 | I + opcode 0x00, F
      00 00 00 04 | TotalAHSLength 0, DataSegmentLength 4
      00 00 00 00 | LUN
      00 00 00 00
      00 00 00 01 | ITT
      ff ff ff ff | TTT
      00 00 00 05 | CmdSN
      00 00 00 07 | ExpStatSN
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), ascii('ping')]),
    pdu: { kind: 'nop-out', immediate: true, lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, cmdSN: 5, expStatSN: 7, data: ascii('ping') },
  },
  {
    name: 'SCSI Command: INQUIRY, read, simple attribute (§11.3)',
    from: 'initiator',
    bytes: hex(`
      01 c1 00 00 | opcode 0x01; F R, ATTR 1
      00 00 00 00
      00 00 00 00 | LUN 0
      00 00 00 00
      11 22 33 44 | ITT
      00 00 00 60 | Expected Data Transfer Length 96
      00 00 00 0a | CmdSN
      00 00 00 0b | ExpStatSN
      12 00 00 00 | CDB: INQUIRY, allocation length 96
      60 00 00 00
      00 00 00 00
      00 00 00 00`),
    pdu: {
      kind: 'scsi-command', immediate: false, final: true, read: true, write: false, taskAttribute: 1, lun: 0n, initiatorTaskTag: 0x11223344,
      expectedDataTransferLength: 96, cmdSN: 10, expStatSN: 11, cdb: hex('12 00 00 00 60 00 00 00 00 00 00 00 00 00 00 00'), data: empty,
    },
  },
  {
    name: 'SCSI Command: the READ (10) PDU of RFC 3720 appendix B.4',
    from: 'initiator',
    bytes: hex(`
      01 c0 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 00
      14 00 00 00
      00 00 04 00
      00 00 00 14
      00 00 00 18
      28 00 00 00
      00 00 00 00
      02 00 00 00
      00 00 00 00`),
    pdu: {
      kind: 'scsi-command', immediate: false, final: true, read: true, write: false, taskAttribute: 0, lun: 0n, initiatorTaskTag: 0x14000000,
      expectedDataTransferLength: 1024, cmdSN: 20, expStatSN: 24, cdb: hex('28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00'), data: empty,
    },
  },
  {
    name: 'SCSI Command: 32-byte CDB in an extended CDB AHS, write with immediate data (§11.2.2)',
    from: 'initiator',
    bytes: Buffer.concat([hex(`
      01 a1 00 00 | F W, ATTR 1
      05 00 00 03 | TotalAHSLength 5 words, DataSegmentLength 3
      00 02 00 00 | LUN 2 (peripheral addressing)
      00 00 00 00
      00 00 00 2a | ITT
      00 00 00 03 | EDTL 3
      00 00 00 01 | CmdSN
      00 00 00 01 | ExpStatSN
      7f 00 00 00 | CDB bytes 0..15
      00 00 00 18
      00 01 02 03
      04 05 06 07
      00 11 01 00 | AHSLength 17, AHSType 1, reserved
      08 09 0a 0b | CDB bytes 16..31
      0c 0d 0e 0f
      10 11 12 13
      14 15 16 17
      aa bb cc 00 | data + 1 pad byte`)]),
    pdu: {
      kind: 'scsi-command', immediate: false, final: true, read: false, write: true, taskAttribute: 1, lun: encodeLun(2), initiatorTaskTag: 42,
      expectedDataTransferLength: 3, cmdSN: 1, expStatSN: 1,
      cdb: hex('7f 00 00 00 00 00 00 18 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17'), data: hex('aa bb cc'),
    },
  },
  {
    name: 'SCSI Command: bidirectional with a read length AHS',
    from: 'initiator',
    bytes: hex(`
      01 e1 00 00 | F R W, ATTR 1
      02 00 00 00 | TotalAHSLength 2 words
      00 00 00 00
      00 00 00 00
      00 00 00 07
      00 00 00 10 | EDTL (write) 16
      00 00 00 02
      00 00 00 03
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 05 02 00 | AHSLength 5, AHSType 2, reserved
      00 00 02 00 | Bidirectional Read Expected Data Transfer Length 512
      `),
    pdu: {
      kind: 'scsi-command', immediate: false, final: true, read: true, write: true, taskAttribute: 1, lun: 0n, initiatorTaskTag: 7,
      expectedDataTransferLength: 16, cmdSN: 2, expStatSN: 3, cdb: new Uint8Array(16), bidirectionalReadLength: 512, data: empty,
    },
  },
  {
    name: 'Task Management Request: ABORT TASK (§11.5)',
    from: 'initiator',
    bytes: hex(`
      42 81 00 00 | I + opcode 0x02; F + function 1
      00 00 00 00
      00 01 00 00 | LUN 1
      00 00 00 00
      00 00 00 20 | ITT
      11 22 33 44 | Referenced Task Tag
      00 00 00 0b | CmdSN
      00 00 00 0c | ExpStatSN
      00 00 00 0a | RefCmdSN
      00 00 00 00 | ExpDataSN
      00 00 00 00 00 00 00 00`),
    pdu: {
      kind: 'task-management-request', immediate: true, function: 1, lun: encodeLun(1), initiatorTaskTag: 0x20, referencedTaskTag: 0x11223344,
      cmdSN: 11, expStatSN: 12, refCmdSN: 10, expDataSN: 0,
    },
  },
  {
    name: 'Login Request: security stage, transit to operational (§11.12)',
    from: 'initiator',
    bytes: Buffer.concat([hex(`
      43 81 00 00 | I + opcode 0x03; T, CSG 0, NSG 1; Version-max 0, Version-min 0
      00 00 00 2c | DataSegmentLength 44
      40 00 01 37 | ISID 0x400001370000 (random format)
      00 00 00 00 | ISID cont.; TSIH 0
      00 00 00 00 | ITT
      00 00 00 00 | CID 0
      00 00 00 01 | CmdSN
      00 00 00 00 | ExpStatSN
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), ascii('InitiatorName=iqn.x:i\0SessionType=Discovery\0')]),
    pdu: {
      kind: 'login-request', transit: true, continue: false, currentStage: 0, nextStage: 1, versionMax: 0, versionMin: 0, isid: 0x400001370000, tsih: 0,
      initiatorTaskTag: 0, connectionId: 0, cmdSN: 1, expStatSN: 0, data: ascii('InitiatorName=iqn.x:i\0SessionType=Discovery\0'),
    },
  },
  {
    name: 'Login Response: target not found, 02/03 (§11.13)',
    from: 'target',
    bytes: hex(`
      23 00 00 00 | opcode 0x23; no T, CSG 0, NSG 0; Version-max 0, Version-active 0
      00 00 00 00
      40 00 01 37
      00 00 00 00
      00 00 00 00 | ITT
      00 00 00 00
      00 00 00 05 | StatSN
      00 00 00 01 | ExpCmdSN
      00 00 00 01 | MaxCmdSN
      02 03 00 00 | Status-Class 2, Status-Detail 3
      00 00 00 00 00 00 00 00`),
    pdu: {
      kind: 'login-response', transit: false, continue: false, currentStage: 0, nextStage: 0, versionMax: 0, versionActive: 0, isid: 0x400001370000, tsih: 0,
      initiatorTaskTag: 0, statSN: 5, expCmdSN: 1, maxCmdSN: 1, statusClass: 2, statusDetail: 3, data: empty,
    },
  },
  {
    name: 'Login Response: operational stage → full feature, TSIH assigned',
    from: 'target',
    bytes: hex(`
      23 87 00 00 | T, CSG 1, NSG 3
      00 00 00 00
      00 02 3d 00
      00 00 00 01 | ISID 0x00023d000000, TSIH 1
      00 00 00 01
      00 00 00 00
      00 00 00 06
      00 00 00 01
      00 00 00 20
      00 00 00 00
      00 00 00 00 00 00 00 00`),
    pdu: {
      kind: 'login-response', transit: true, continue: false, currentStage: 1, nextStage: 3, versionMax: 0, versionActive: 0, isid: 0x00023d000000, tsih: 1,
      initiatorTaskTag: 1, statSN: 6, expCmdSN: 1, maxCmdSN: 32, statusClass: 0, statusDetail: 0, data: empty,
    },
  },
  {
    name: 'Text Request: SendTargets=All (§11.10)',
    from: 'initiator',
    bytes: Buffer.concat([hex(`
      04 80 00 00 | opcode 0x04; F
      00 00 00 10 | DataSegmentLength 16
      00 00 00 00
      00 00 00 00
      00 00 00 02 | ITT
      ff ff ff ff | TTT
      00 00 00 01 | CmdSN
      00 00 00 02 | ExpStatSN
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`), ascii('SendTargets=All\0')]),
    pdu: {
      kind: 'text-request', immediate: false, final: true, continue: false, lun: 0n, initiatorTaskTag: 2, targetTransferTag: 0xffffffff, cmdSN: 1, expStatSN: 2,
      data: ascii('SendTargets=All\0'),
    },
  },
  {
    name: 'Text Response: one target (§11.11)',
    from: 'target',
    bytes: Buffer.concat([hex(`
      24 80 00 00
      00 00 00 0d
      00 00 00 00
      00 00 00 00
      00 00 00 02
      ff ff ff ff
      00 00 00 02 | StatSN
      00 00 00 02 | ExpCmdSN
      00 00 00 21 | MaxCmdSN
      00 00 00 00 00 00 00 00 00 00 00 00`), ascii('TargetName=t\0'), hex('00 00 00')]),
    pdu: {
      kind: 'text-response', final: true, continue: false, lun: 0n, initiatorTaskTag: 2, targetTransferTag: 0xffffffff, statSN: 2, expCmdSN: 2, maxCmdSN: 33,
      data: ascii('TargetName=t\0'),
    },
  },
  {
    name: 'SCSI Data-Out answering an R2T (§11.7)',
    from: 'initiator',
    bytes: Buffer.concat([hex(`
      05 80 00 00 | opcode 0x05; F
      00 00 00 04
      00 00 00 00
      00 00 00 00
      00 00 00 2a | ITT
      00 00 10 01 | TTT
      00 00 00 00
      00 00 00 09 | ExpStatSN
      00 00 00 00
      00 00 00 00 | DataSN
      00 00 20 00 | Buffer Offset 8192
      00 00 00 00`), hex('de ad be ef')]),
    pdu: {
      kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: 42, targetTransferTag: 0x1001, expStatSN: 9, dataSN: 0, bufferOffset: 8192, data: hex('de ad be ef'),
    },
  },
  {
    name: 'SCSI Data-In with status, underflow (phase collapse, §11.7)',
    from: 'target',
    bytes: Buffer.concat([hex(`
      25 83 00 00 | opcode 0x25; F U S; status GOOD
      00 00 00 02
      00 00 00 00
      00 00 00 00
      11 22 33 44
      ff ff ff ff
      00 00 00 08 | StatSN
      00 00 00 0b | ExpCmdSN
      00 00 00 2a | MaxCmdSN
      00 00 00 00 | DataSN
      00 00 00 00 | Buffer Offset
      00 00 00 5e | Residual Count 94`), hex('01 08 00 00')]),
    pdu: {
      kind: 'data-in', final: true, acknowledge: false, overflow: false, underflow: true, hasStatus: true, status: 0, lun: 0n, initiatorTaskTag: 0x11223344,
      targetTransferTag: 0xffffffff, statSN: 8, expCmdSN: 11, maxCmdSN: 42, dataSN: 0, bufferOffset: 0, residualCount: 94, data: hex('01 08'),
    },
  },
  {
    name: 'SCSI Response: CHECK CONDITION with sense 05/25/00 (§11.4)',
    from: 'target',
    bytes: Buffer.concat([hex(`
      21 80 00 02 | opcode 0x21; Response 0, Status CHECK CONDITION
      00 00 00 14 | DataSegmentLength 20
      00 00 00 00
      00 00 00 00
      00 00 00 30 | ITT
      00 00 00 00 | SNACK Tag
      00 00 00 09 | StatSN
      00 00 00 0c | ExpCmdSN
      00 00 00 2b | MaxCmdSN
      00 00 00 00 | ExpDataSN
      00 00 00 00 | Bidirectional Read Residual Count
      00 00 00 00 | Residual Count`), hex('00 12 | SenseLength 18'), hex('70 00 05 00 00 00 00 0a 00 00 00 00 25 00 00 00 00 00')]),
    pdu: {
      kind: 'scsi-response', bidirectionalReadOverflow: false, bidirectionalReadUnderflow: false, overflow: false, underflow: false, response: 0, status: 2,
      initiatorTaskTag: 0x30, snackTag: 0, statSN: 9, expCmdSN: 12, maxCmdSN: 43, expDataSN: 0, bidirectionalReadResidualCount: 0, residualCount: 0,
      sense: hex('70 00 05 00 00 00 00 0a 00 00 00 00 25 00 00 00 00 00'), responseData: empty,
    },
  },
  {
    name: 'Task Management Response: function complete (§11.6)',
    from: 'target',
    bytes: hex(`
      22 80 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 20
      00 00 00 00
      00 00 00 0a
      00 00 00 0c
      00 00 00 2b
      00 00 00 00 00 00 00 00 00 00 00 00`),
    pdu: { kind: 'task-management-response', response: 0, initiatorTaskTag: 0x20, statSN: 10, expCmdSN: 12, maxCmdSN: 43 },
  },
  {
    name: 'Logout Request: close the session (§11.14)',
    from: 'initiator',
    bytes: hex(`
      46 80 00 00 | I + opcode 0x06; F + reason 0
      00 00 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 40 | ITT
      00 00 00 00 | CID 0
      00 00 00 0c | CmdSN
      00 00 00 0b | ExpStatSN
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`),
    pdu: { kind: 'logout-request', immediate: true, reasonCode: 0, initiatorTaskTag: 0x40, connectionId: 0, cmdSN: 12, expStatSN: 11 },
  },
  {
    name: 'Logout Response: closed successfully (§11.15)',
    from: 'target',
    bytes: hex(`
      26 80 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 40
      00 00 00 00
      00 00 00 0b
      00 00 00 0c
      00 00 00 2b
      00 00 00 00
      00 02 00 14 | Time2Wait 2, Time2Retain 20
      00 00 00 00`),
    pdu: { kind: 'logout-response', response: 0, initiatorTaskTag: 0x40, statSN: 11, expCmdSN: 12, maxCmdSN: 43, time2Wait: 2, time2Retain: 20 },
  },
  {
    name: 'Ready To Transfer (§11.8)',
    from: 'target',
    bytes: hex(`
      31 80 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 2a
      00 00 10 01 | TTT
      00 00 00 09 | StatSN
      00 00 00 02
      00 00 00 21
      00 00 00 00 | R2TSN
      00 00 20 00 | Buffer Offset
      00 01 00 00 | Desired Data Transfer Length 65536`),
    pdu: {
      kind: 'r2t', lun: 0n, initiatorTaskTag: 42, targetTransferTag: 0x1001, statSN: 9, expCmdSN: 2, maxCmdSN: 33, r2tSN: 0, bufferOffset: 8192,
      desiredDataTransferLength: 65536,
    },
  },
  {
    name: 'Asynchronous Message: target requests logout in 5 s (§11.9)',
    from: 'target',
    bytes: hex(`
      32 80 00 00
      00 00 00 00
      00 00 00 00
      00 00 00 00
      ff ff ff ff
      00 00 00 00
      00 00 00 0c
      00 00 00 0d
      00 00 00 2c
      01 00 00 00 | AsyncEvent 1, AsyncVCode 0, Parameter1 0
      00 00 00 05 | Parameter2 0, Parameter3 5
      00 00 00 00`),
    pdu: {
      kind: 'async-message', lun: 0n, statSN: 12, expCmdSN: 13, maxCmdSN: 44, asyncEvent: 1, asyncVCode: 0, parameter1: 0, parameter2: 0, parameter3: 5, data: empty,
    },
  },
  {
    name: 'NOP-In answering a ping (§11.19)',
    from: 'target',
    bytes: Buffer.concat([hex(`
      20 80 00 00
      00 00 00 04
      00 00 00 00
      00 00 00 00
      00 00 00 01
      ff ff ff ff
      00 00 00 07
      00 00 00 05
      00 00 00 24
      00 00 00 00 00 00 00 00 00 00 00 00`), ascii('ping')]),
    pdu: { kind: 'nop-in', lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, statSN: 7, expCmdSN: 5, maxCmdSN: 36, data: ascii('ping') },
  },
  {
    name: 'SNACK Request: status SNACK (§11.16)',
    from: 'initiator',
    bytes: hex(`
      10 81 00 00 | opcode 0x10; F + type 1
      00 00 00 00
      00 00 00 00
      00 00 00 00
      ff ff ff ff
      ff ff ff ff
      00 00 00 00
      00 00 00 07
      00 00 00 00
      00 00 00 00
      00 00 00 05 | BegRun
      00 00 00 02 | RunLength`),
    pdu: { kind: 'snack-request', type: 1, lun: 0n, initiatorTaskTag: 0xffffffff, targetTransferTag: 0xffffffff, expStatSN: 7, begRun: 5, runLength: 2 },
  },
];

const rejectedHeader = hex(`01 c1 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 33 00 00 00 60 00 00 00 0a 00 00 00 0b 12 00 00 00 60 00 00 00 00 00 00 00 00 00 00 00`);
fixtures.push({
  name: 'Reject: invalid PDU field, quoting the header (§11.17)',
  from: 'target',
  bytes: Buffer.concat([hex(`
    3f 80 09 00 | opcode 0x3f; Reason 0x09
    00 00 00 30 | DataSegmentLength 48
    00 00 00 00
    00 00 00 00
    ff ff ff ff
    00 00 00 00
    00 00 00 0a
    00 00 00 0b
    00 00 00 2a
    00 00 00 00 | DataSN/R2TSN
    00 00 00 00 00 00 00 00`), rejectedHeader]),
  pdu: { kind: 'reject', reason: RejectReason.InvalidPduField, statSN: 10, expCmdSN: 11, maxCmdSN: 42, dataSNOrR2TSN: 0, data: rejectedHeader },
});

describe('PDU codec: literal fixtures from the RFC 7143 field tables', () => {
  for (const fixture of fixtures) {
    it(`parses ${fixture.name}`, () => {
      assert.deepEqual(normalize(parseOne(fixture.bytes, fixture.from)), normalize(fixture.pdu));
    });
    it(`serializes ${fixture.name}`, () => {
      assert.equal(serializePdu(fixture.pdu).toString('hex'), fixture.bytes.toString('hex'));
    });
  }
});

describe('PDU codec: refusals', () => {
  const nop = fixtures[0] as Fixture;

  it('refuses an opcode the sender does not send, with protocol error', () => {
    assert.throws(() => parseOne(nop.bytes, 'target'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.ProtocolError && e.rejectable);
  });

  it('refuses an unknown opcode with "command not supported", quoting the header', () => {
    const bytes = Buffer.from(nop.bytes);
    bytes[0] = 0x4b;
    assert.throws(() => parseOne(bytes, 'initiator'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.CommandNotSupported && e.header?.length === 48);
  });

  it('refuses a data segment on a Logout Request', () => {
    const logout = serializePdu({ kind: 'logout-request', immediate: true, reasonCode: 0, initiatorTaskTag: 1, connectionId: 0, cmdSN: 1, expStatSN: 1 });
    const bytes = Buffer.concat([logout, hex('00 00 00 00')]);
    bytes[7] = 4;
    assert.throws(() => parseOne(bytes, 'initiator'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.ProtocolError);
  });

  it('refuses a SenseLength larger than the data segment', () => {
    const bytes = Buffer.from((fixtures.find((f) => f.pdu.kind === 'scsi-response') as Fixture).bytes);
    bytes.writeUInt16BE(0x40, 48);
    assert.throws(() => parseOne(bytes, 'target'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.InvalidPduField);
  });

  it('refuses an AHS on a PDU other than a SCSI Command', () => {
    const bytes = Buffer.concat([Buffer.from(nop.bytes.subarray(0, 48)), hex('00 05 02 00 00 00 02 00'), nop.bytes.subarray(48)]);
    bytes[4] = 2;
    assert.throws(() => parseOne(bytes, 'initiator'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.InvalidPduField);
  });

  it('refuses an AHS whose length runs past TotalAHSLength', () => {
    const command = (fixtures.find((f) => f.name.includes('bidirectional')) as Fixture).bytes;
    const bytes = Buffer.from(command);
    bytes.writeUInt16BE(9, 48);
    assert.throws(() => parseOne(bytes, 'initiator'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.InvalidPduField);
  });

  it('refuses a Login Request with both T and C set', () => {
    const login = Buffer.from((fixtures.find((f) => f.pdu.kind === 'login-request') as Fixture).bytes);
    login[1] = 0xc1;
    assert.throws(() => parseOne(login, 'initiator'), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.ProtocolError);
  });
});

/** Buffers and Uint8Arrays with equal bytes compare equal. */
function normalize(pdu: Pdu): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pdu).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v]));
}
