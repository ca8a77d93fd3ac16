import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { crc32c, digestBytes } from '../../../src/iscsi/crc32c.ts';
import { RejectReason } from '../../../src/iscsi/pduError.ts';
import type { InitiatorPdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { RawInitiator, TUR, writeBuffer } from './helpers.ts';
import { TestDevice } from './testDevice.ts';

// Malformed and hostile PDUs sent to a live IscsiTarget over TCP: each costs its sender the
// connection (with a Reject when the header can be trusted); the target keeps serving a second,
// well-behaved session throughout. Devices are TestDevice (see testDevice.ts).

const IQN = 'iqn.2024-01.org.changer.test:hostile';
const device = new TestDevice();
const target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: device } }], loginTimeoutMs: 1000 });
let port = 0;
let good: IscsiTransport;

before(async () => {
  port = (await target.listen(0)).port;
  good = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/0`);
});

after(async () => {
  await good.close();
  await target.close({ graceMs: 500 });
});

async function stillServing(): Promise<void> {
  assert.equal((await good.execute({ cdb: TUR, timeoutMs: 2000 })).status, 0);
  assert.equal(good.loginCount, 1, 'the well-behaved session was never disturbed');
}

// Opcode 02h (task management request), function 7 (TARGET COLD RESET) in byte 1's low 7 bits.
const isTargetColdReset = (bytes: Uint8Array): boolean => (bytes[0]! & 0x3f) === 0x02 && (bytes[1]! & 0x7f) === 7;

const nop = (fields: Partial<InitiatorPdu> = {}): InitiatorPdu =>
  ({ kind: 'nop-out', immediate: true, lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, cmdSN: 1, expStatSN: 0, data: new Uint8Array(0), ...fields }) as InitiatorPdu;

async function expectRejectAndDrop(raw: RawInitiator, reason: number): Promise<void> {
  const pdu = await raw.next(2000);
  assert.equal(pdu?.kind, 'reject', `expected a Reject, got ${pdu?.kind ?? 'nothing'}`);
  if (pdu?.kind === 'reject') {
    assert.equal(pdu.reason, reason);
    assert.equal(pdu.data.length, 48, 'the Reject quotes the offending header');
  }
  assert.ok(await raw.closedWithin(2000), 'the connection is dropped');
}

describe('hostile PDUs on a live target', () => {
  it('unknown opcode → Reject "command not supported", connection dropped', async () => {
    const raw = await RawInitiator.login(port, IQN);
    const bytes = serializePdu(nop());
    bytes[0] = 0x40 | 0x1c;
    raw.write(bytes);
    await expectRejectAndDrop(raw, RejectReason.CommandNotSupported);
    await stillServing();
  });

  it('a target opcode from an initiator → Reject "protocol error"', async () => {
    const raw = await RawInitiator.login(port, IQN);
    const bytes = serializePdu(nop());
    bytes[0] = 0x21;
    raw.write(bytes);
    await expectRejectAndDrop(raw, RejectReason.ProtocolError);
    await stillServing();
  });

  it('a data segment longer than MaxRecvDataSegmentLength → Reject before the data is read', async () => {
    const raw = await RawInitiator.login(port, IQN);
    const header = serializePdu(nop());
    header.writeUIntBE(0xfffff0, 5, 3);
    raw.write(header);
    await expectRejectAndDrop(raw, RejectReason.ProtocolError);
    await stillServing();
  });

  it('a data digest mismatch → Reject "data digest error"; a header digest mismatch → dropped without Reject', async () => {
    const raw = await RawInitiator.login(port, IQN, { headerDigest: ['CRC32C'], dataDigest: ['CRC32C'] });
    assert.deepEqual(raw.digests, { header: true, data: true });
    const bytes = serializePdu(nop({ data: Buffer.from('ping') }), raw.digests);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
    raw.write(bytes);
    await expectRejectAndDrop(raw, RejectReason.DataDigestError);

    const other = await RawInitiator.login(port, IQN, { headerDigest: ['CRC32C'], dataDigest: ['None'] }, 0x8000_0000_0002);
    const header = serializePdu(nop(), other.digests);
    header[20] = 0x99;
    header.set(digestBytes(crc32c(header.subarray(0, 47))), 48); // a digest over the wrong bytes
    other.write(header);
    assert.equal((await other.next(1000))?.kind, undefined);
    assert.ok(await other.closedWithin(2000));
    await stillServing();
  });

  it('Data-Out at the wrong offset → Reject, connection dropped, device never runs the command', async () => {
    const raw = await RawInitiator.login(port, IQN, { initialR2T: true, immediateData: false });
    const before = device.commands.length;
    raw.send({ kind: 'scsi-command', immediate: false, final: true, read: false, write: true, taskAttribute: 1, lun: 0n, initiatorTaskTag: 5, expectedDataTransferLength: 8, cmdSN: 1, expStatSN: raw.expStatSN, cdb: Uint8Array.from([...writeBuffer(8), 0, 0, 0, 0, 0, 0]), data: new Uint8Array(0) });
    const r2t = await raw.next(2000);
    assert.equal(r2t?.kind, 'r2t');
    if (r2t?.kind !== 'r2t') return;
    raw.send({ kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: 5, targetTransferTag: r2t.targetTransferTag, expStatSN: raw.expStatSN, dataSN: 0, bufferOffset: 4, data: new Uint8Array(4) });
    await expectRejectAndDrop(raw, RejectReason.ProtocolError);
    assert.equal(device.commands.length, before);
    await stillServing();
  });

  it('a SCSI command before login, or a login that never ends, is dropped', async () => {
    const early = await RawInitiator.connect(port);
    early.send({ kind: 'scsi-command', immediate: false, final: true, read: false, write: false, taskAttribute: 0, lun: 0n, initiatorTaskTag: 1, expectedDataTransferLength: 0, cmdSN: 1, expStatSN: 0, cdb: new Uint8Array(16), data: new Uint8Array(0) });
    assert.ok(await early.closedWithin(2000));
    const idle = await RawInitiator.connect(port);
    idle.write(Buffer.alloc(20)); // a partial header, then silence
    assert.ok(await idle.closedWithin(3000), 'login timeout');
    await stillServing();
  });

  it('fuzz: random bytes, before or after login, never disturb the target', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.boolean(), async (bytes, loggedIn) => {
        const raw = loggedIn ? await RawInitiator.login(port, IQN, {}, 0x8000_0000_1000) : await RawInitiator.connect(port);
        raw.write(bytes);
        raw.socket.end();
        assert.ok(await raw.closedWithin(3000), 'the fuzzing connection ends');
      }),
      { numRuns: 60 },
    );
    await stillServing();
  });

  it('fuzz: valid PDUs with random bytes changed, after login, never disturb the target', async () => {
    const valid: InitiatorPdu[] = [
      nop({ initiatorTaskTag: 9, cmdSN: 1, immediate: false, data: Buffer.from('hello') }),
      { kind: 'scsi-command', immediate: false, final: true, read: true, write: false, taskAttribute: 1, lun: 0n, initiatorTaskTag: 3, expectedDataTransferLength: 36, cmdSN: 1, expStatSN: 1, cdb: Uint8Array.from([0x12, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), data: new Uint8Array(0) },
      { kind: 'text-request', immediate: false, final: true, continue: false, lun: 0n, initiatorTaskTag: 4, targetTransferTag: 0xffffffff, cmdSN: 1, expStatSN: 1, data: Buffer.from('SendTargets=\0') },
      { kind: 'task-management-request', immediate: true, function: 5, lun: 0n, initiatorTaskTag: 6, referencedTaskTag: 0xffffffff, cmdSN: 1, expStatSN: 1, refCmdSN: 0, expDataSN: 0 },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), async (pdu, flips) => {
        const raw = await RawInitiator.login(port, IQN, {}, 0x8000_0000_2000);
        const bytes = Buffer.from(serializePdu(pdu));
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        // A flip that makes a valid TARGET COLD RESET is obeyed, and RFC 7143 §11.5.1 has it close every
        // session's connections, the well-behaved one's too: not a disturbance this test looks for.
        fc.pre(!isTargetColdReset(bytes));
        raw.write(bytes);
        raw.socket.end();
        assert.ok(await raw.closedWithin(3000), 'the fuzzing connection ends');
      }),
      { numRuns: 60 },
    );
    await stillServing();
    assert.equal(target.sessionCount, 1, 'only the well-behaved session is left');
  });
});
