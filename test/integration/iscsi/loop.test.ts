import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ChangerError, isChangerError } from '../../../src/shared/changerError.ts';
import { InitiatorConnection } from '../../../src/iscsi/initiator/initiatorConnection.ts';
import { InitiatorSession } from '../../../src/iscsi/initiator/initiatorSession.ts';
import { LoginFailure, LoginStatus } from '../../../src/iscsi/login/loginStatus.ts';
import { encodeLun } from '../../../src/iscsi/lun.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { TmfFunction, TmfResponse } from '../../../src/iscsi/taskManagement.ts';
import { DEFAULT_POLICY } from '../../../src/iscsi/text/negotiation.ts';
import { discoverIscsiTargets } from '../../../src/transport/iscsiDiscovery.ts';
import { IscsiTransport, type IscsiTransportOptions } from '../../../src/transport/iscsiTransport.ts';
import { RawInitiator, TUR, TcpProxy, inquiry, readBuffer, reportLuns, senseTriple, writeBuffer } from './helpers.ts';
import { BLOCK_UNTIL_ABORTED, TestDevice, pattern } from './testDevice.ts';

// Our initiator against our target over real TCP on 127.0.0.1. The devices are TestDevice (a
// small device written for transport tests); the virtual library has its own test (emulator.test.ts).

const OPEN = 'iqn.2024-01.org.changer.test:open';
const SECURE = 'iqn.2024-01.org.changer.test:secure';
const MUTUAL = 'iqn.2024-01.org.changer.test:mutual';
const HOST_CHAP = { username: 'host1', secret: 'host1-secret-0123' };
const TARGET_CHAP = { username: 'library', secret: 'library-secret-4567' };

const changer = new TestDevice('CHG0001', 0x08);
const tape = new TestDevice('TAPE0001', 0x01);
const secureDevice = new TestDevice('SEC0001', 0x08);
const target = new IscsiTarget({
  targets: [
    { name: OPEN, alias: 'open library', luns: new Map([[0, changer], [1, tape]]) },
    { name: SECURE, luns: { 0: secureDevice }, chap: HOST_CHAP },
    { name: MUTUAL, luns: { 0: new TestDevice('MUT0001') }, chap: { ...HOST_CHAP, mutual: TARGET_CHAP } },
  ],
});
let port = 0;
const transports: IscsiTransport[] = [];

async function open(iqn: string, lun: number, options: IscsiTransportOptions = {}, viaPort = port): Promise<IscsiTransport> {
  const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${viaPort}/${iqn}/${lun}`, { loginTimeoutMs: 3000, connectAttempts: 2, reconnectDelayMs: 20, ...options });
  transports.push(transport);
  return transport;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

before(async () => {
  port = (await target.listen(0)).port;
});

after(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await target.close({ graceMs: 500 });
});

describe('iSCSI loop: our initiator ↔ our target', () => {
  it('TEST UNIT READY and INQUIRY reach the device with the session nexus', async () => {
    const transport = await open(OPEN, 0, { initiatorName: 'iqn.2024-01.test:loop', isid: 0x80_1234_5678_9a });
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    const result = await transport.execute({ cdb: inquiry(96), dataInLength: 96 });
    assert.equal(result.status, 0);
    assert.equal(result.dataIn.length, 36);
    assert.equal(result.residual, 60);
    assert.equal(Buffer.from(result.dataIn).toString('latin1', 16, 32), 'TEST DEVICE     ');
    const last = changer.commands.at(-1);
    assert.deepEqual(last?.nexus, { initiator: 'iqn.2024-01.test:loop,i,0x80123456789a', lun: 0 });
    // The device sees the CDB at its own length, not the 16 padded bytes of the PDU.
    assert.equal(last?.cdb.length, 6);
    assert.equal(transport.description, `iscsi://127.0.0.1:${port}/${OPEN}/0`);
  });

  it('LUN 1 is another device of the same target', async () => {
    const transport = await open(OPEN, 1);
    const result = await transport.execute({ cdb: inquiry(36), dataInLength: 36 });
    assert.equal(result.dataIn[0], 0x01);
  });

  it('reads across many Data-In PDUs and bursts (8 KiB segments, 64 KiB bursts)', async () => {
    const transport = await open(OPEN, 0, { policy: { maxRecvDataSegmentLength: 8192, maxBurstLength: 65536 } });
    const result = await transport.execute({ cdb: readBuffer(200_000), dataInLength: 200_000 });
    assert.equal(result.status, 0);
    assert.deepEqual(Buffer.from(result.dataIn), Buffer.from(pattern(200_000)));
    const short = await transport.execute({ cdb: readBuffer(1000), dataInLength: 4096 });
    assert.equal(short.dataIn.length, 1000);
    assert.equal(short.residual, 3096);
  });

  for (const [name, policy, digests] of [
    ['immediate + unsolicited data, then R2Ts', { initialR2T: false, immediateData: true, firstBurstLength: 65536, maxBurstLength: 65536 }, false],
    ['R2Ts only (InitialR2T=Yes, ImmediateData=No)', { initialR2T: true, immediateData: false, maxBurstLength: 16384 }, false],
    ['with CRC32C header and data digests', { initialR2T: false, immediateData: true }, true],
  ] as const) {
    it(`writes parameter data: ${name}`, async () => {
      const transport = await open(OPEN, 0, { policy, headerDigest: digests, dataDigest: digests });
      if (digests) assert.equal(transport.parameters?.headerDigest, true);
      const data = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 13) & 0xff);
      const result = await transport.execute({ cdb: writeBuffer(data.length), dataOut: data });
      assert.equal(result.status, 0);
      assert.deepEqual(Buffer.from(changer.written), Buffer.from(data));
      const read = await transport.execute({ cdb: readBuffer(70_000), dataInLength: 70_000 });
      assert.deepEqual(Buffer.from(read.dataIn), Buffer.from(pattern(70_000)));
    });
  }

  for (const digests of [false, true]) {
    it(`a 1 MiB block with the default policy goes whole as immediate data and comes back whole${digests ? ', with CRC32C digests' : ''}`, async () => {
      const transport = await open(OPEN, 0, { headerDigest: digests, dataDigest: digests });
      const p = transport.parameters;
      assert.ok(p !== undefined && p.immediateData && !p.initialR2T);
      assert.ok(p.firstBurstLength >= 1024 * 1024 && p.targetMaxRecvDataSegmentLength >= 1024 * 1024 && p.initiatorMaxRecvDataSegmentLength >= 1024 * 1024);
      const data = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 29 + 3) & 0xff);
      const result = await transport.execute({ cdb: writeBuffer(data.length), dataOut: data });
      assert.equal(result.status, 0);
      assert.deepEqual(Buffer.from(changer.written), Buffer.from(data));
      const read = await transport.execute({ cdb: readBuffer(data.length), dataInLength: data.length });
      assert.equal(read.dataIn.length, data.length);
      assert.deepEqual(Buffer.from(read.dataIn), Buffer.from(pattern(data.length)));
    });
  }

  it('a LUN the target lacks: CHECK CONDITION 05/25/00, and REPORT LUNS lists the real ones', async () => {
    const transport = await open(OPEN, 7);
    const tur = await transport.execute({ cdb: TUR });
    assert.equal(tur.status, 2);
    assert.deepEqual(senseTriple(tur.sense), [0x05, 0x25, 0x00]);
    const luns = await transport.execute({ cdb: reportLuns(), dataInLength: 256 });
    assert.equal(luns.status, 0);
    assert.deepEqual(Buffer.from(luns.dataIn).toString('hex'), '00000010' + '00000000' + '0000000000000000' + '0001000000000000');
    const inq = await transport.execute({ cdb: inquiry(36), dataInLength: 36 });
    assert.equal(inq.dataIn[0], 0x7f); // peripheral qualifier 011b: no logical unit here
  });

  it('REPORT LUNS is answered by the target with the LUN inventory of the IQN', async () => {
    const transport = await open(OPEN, 0);
    const before = changer.commands.length;
    const luns = await transport.execute({ cdb: reportLuns(), dataInLength: 256 });
    assert.equal(luns.status, 0);
    assert.equal(Buffer.from(luns.dataIn).readUInt32BE(0), 16);
    assert.equal(changer.commands.length, before, 'the device is not asked: it knows only itself');
    const clipped = await transport.execute({ cdb: reportLuns(16), dataInLength: 16 });
    assert.equal(clipped.dataIn.length, 16);
  });

  it('a command past its timeout is aborted at the target and fails TIMEOUT; the session goes on', async () => {
    const transport = await open(OPEN, 0);
    const error = await rejection(transport.execute({ cdb: Uint8Array.of(BLOCK_UNTIL_ABORTED, 0, 0, 0, 0, 0), timeoutMs: 150 }));
    assert.ok(isChangerError(error, 'TIMEOUT'), String(error));
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    assert.equal(transport.loginCount, 1);
  });

  it("the caller's AbortSignal aborts the command with the signal's reason", async () => {
    const transport = await open(OPEN, 0);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('operator cancelled')), 50);
    const error = await rejection(transport.execute({ cdb: Uint8Array.of(BLOCK_UNTIL_ABORTED, 0, 0, 0, 0, 0), signal: controller.signal }));
    assert.equal((error as Error).message, 'operator cancelled');
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
  });

  it('SendTargets discovery lists every target with its portal', async () => {
    const targets = await discoverIscsiTargets(`127.0.0.1:${port}`);
    assert.deepEqual(targets.map((t) => t.name).sort(), [MUTUAL, OPEN, SECURE].sort());
    assert.deepEqual(targets.find((t) => t.name === OPEN)?.portals, [{ host: '127.0.0.1', port, portalGroupTag: 1 }]);
  });

  it('an unknown IQN fails NO_SUCH_DEVICE (login 02/03)', async () => {
    const error = await rejection(IscsiTransport.open(`iscsi://127.0.0.1:${port}/iqn.2024-01.org.changer.test:nope/0`));
    assert.ok(isChangerError(error, 'NO_SUCH_DEVICE'), String(error));
    assert.ok((error as ChangerError).cause instanceof LoginFailure && ((error as ChangerError).cause as LoginFailure).is(LoginStatus.NotFound));
  });

  it('logout reports the nexus lost to every LUN of the target', async () => {
    const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${OPEN}/0`, { isid: 0x80_0000_0000_42 });
    await transport.execute({ cdb: TUR });
    await transport.close();
    await waitFor(() => tape.lost.some((n) => n.initiator.endsWith(',i,0x800000000042')));
    assert.ok(changer.lost.some((n) => n.initiator.endsWith(',i,0x800000000042') && n.lun === 0));
    const error = await rejection(transport.execute({ cdb: TUR }));
    assert.ok(isChangerError(error, 'DEVICE_NOT_CONNECTED'));
  });
});

describe('iSCSI loop: CHAP', () => {
  it('one-way CHAP with the right secret, from options or from the URL', async () => {
    const transport = await open(SECURE, 0, { chap: HOST_CHAP });
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    const viaUrl = await IscsiTransport.open(`iscsi://host1:${HOST_CHAP.secret}@127.0.0.1:${port}/${SECURE}/0`);
    transports.push(viaUrl);
    assert.equal((await viaUrl.execute({ cdb: TUR })).status, 0);
    assert.ok(!viaUrl.description.includes('secret'));
  });

  for (const [name, options] of [
    ['a wrong secret', { chap: { username: 'host1', secret: 'not-the-secret-000' } }],
    ['no credentials at all', {}],
  ] as const) {
    it(`${name} is refused with 02/01 and DEVICE_NOT_CONNECTED`, async () => {
      const error = await rejection(IscsiTransport.open(`iscsi://127.0.0.1:${port}/${SECURE}/0`, options));
      assert.ok(isChangerError(error, 'DEVICE_NOT_CONNECTED'), String(error));
      const failure = (error as ChangerError).cause;
      assert.ok(failure instanceof LoginFailure && failure.is(LoginStatus.AuthenticationFailure), String(failure));
      assert.match((error as Error).message, /authentication failure \(02\/01\)/);
    });
  }

  it('mutual CHAP: the target proves itself; a wrong target secret is refused by us', async () => {
    const transport = await open(MUTUAL, 0, { chap: { ...HOST_CHAP, mutual: TARGET_CHAP } });
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    const error = await rejection(IscsiTransport.open(`iscsi://127.0.0.1:${port}/${MUTUAL}/0`, { chap: { ...HOST_CHAP, mutual: { username: 'library', secret: 'impostor-secret-99' } } }));
    assert.ok(isChangerError(error, 'DEVICE_NOT_CONNECTED'), String(error));
  });
});

describe('iSCSI loop: dropped connections', () => {
  let proxy: TcpProxy;
  before(async () => {
    proxy = new TcpProxy(port);
    await proxy.listen();
  });
  after(() => proxy.close());

  it('after a drop the next command logs in again (session reinstated with the same ISID)', async () => {
    const transport = await open(OPEN, 0, {}, proxy.port);
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
    assert.equal(transport.loginCount, 2);
  });

  it('a read-only command in flight during a drop is sent again', async () => {
    const transport = await open(OPEN, 0, {}, proxy.port);
    changer.holdNextMs = 200;
    const pending = transport.execute({ cdb: inquiry(36), dataInLength: 36 });
    setTimeout(() => proxy.cut(), 50);
    const result = await pending;
    assert.equal(result.status, 0);
    assert.equal(result.dataIn.length, 36);
    assert.equal(transport.loginCount, 2);
  });

  it('a command that changes state, in flight during a drop, fails DEVICE_NOT_CONNECTED', async () => {
    const transport = await open(OPEN, 0, {}, proxy.port);
    changer.holdNextMs = 200;
    const pending = transport.execute({ cdb: writeBuffer(4), dataOut: Uint8Array.of(1, 2, 3, 4) });
    setTimeout(() => proxy.cut(), 50);
    const error = await rejection(pending);
    assert.ok(isChangerError(error, 'DEVICE_NOT_CONNECTED'), String(error));
    assert.equal((await transport.execute({ cdb: TUR })).status, 0);
  });
});

describe('iSCSI loop: task management, NOP-In pings, shutdown', () => {
  it('LUN RESET and ABORT TASK SET reach the device; an unknown LUN answers "LUN does not exist"', async () => {
    const connection = await InitiatorConnection.open({
      host: '127.0.0.1', port, timeoutMs: 3000,
      login: { initiatorName: 'iqn.2024-01.test:tmf', sessionType: 'Normal', targetName: OPEN, isid: 0x80_0000_0000_77, initiatorTaskTag: 0, cmdSN: 5, policy: DEFAULT_POLICY },
    });
    const session = new InitiatorSession(connection, 5, 100);
    try {
      const signal = AbortSignal.timeout(3000);
      assert.equal(await session.taskManagement(TmfFunction.LogicalUnitReset, encodeLun(1), 0xffffffff, 5, signal), TmfResponse.FunctionComplete);
      assert.equal(await session.taskManagement(TmfFunction.AbortTaskSet, encodeLun(0), 0xffffffff, 5, signal), TmfResponse.FunctionComplete);
      assert.equal(await session.taskManagement(TmfFunction.LogicalUnitReset, encodeLun(9), 0xffffffff, 5, signal), TmfResponse.LunDoesNotExist);
      assert.equal(await session.taskManagement(TmfFunction.AbortTask, encodeLun(0), 0x1234, 4, signal), TmfResponse.FunctionComplete);
      assert.equal(await session.taskManagement(TmfFunction.TaskReassign, encodeLun(0), 0x1234, 5, signal), TmfResponse.TaskAllegianceReassignmentNotSupported);
      assert.ok(tape.taskFunctions.some((t) => t.fn === 'lun-reset' && t.nexus.initiator.endsWith(',i,0x800000000077')));
      assert.ok(changer.taskFunctions.some((t) => t.fn === 'abort-task-set'));
      assert.ok((await session.ping(signal)) >= 0);
    } finally {
      await session.logout(1000);
    }
  });

  it('a target that pings (NOP-In) keeps answering initiators and drops a silent one', async () => {
    const pinging = new IscsiTarget({ targets: [{ name: OPEN, luns: { 0: new TestDevice() } }], nopInIntervalMs: 40, nopInTimeoutMs: 120 });
    const pingPort = (await pinging.listen(0)).port;
    try {
      const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${pingPort}/${OPEN}/0`);
      const silent = await RawInitiator.login(pingPort, OPEN);
      // The raw initiator never answers the NOP-In pings it receives.
      assert.ok(await silent.closedWithin(2000), 'the silent connection is dropped');
      assert.equal((await transport.execute({ cdb: TUR })).status, 0);
      assert.equal(transport.loginCount, 1);
      await transport.close();
    } finally {
      await pinging.close({ graceMs: 200 });
    }
  });

  it('close() asks connected initiators to log out; they do, and close() resolves', async () => {
    const device = new TestDevice();
    const closing = new IscsiTarget({ targets: [{ name: OPEN, luns: { 0: device } }] });
    const closingPort = (await closing.listen(0)).port;
    const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${closingPort}/${OPEN}/0`, { connectAttempts: 1 });
    await transport.execute({ cdb: TUR });
    const started = Date.now();
    await closing.close({ graceMs: 5000 });
    assert.ok(Date.now() - started < 4000, 'the initiator logged out before the grace period ended');
    assert.equal(closing.connectionCount, 0);
    assert.equal(device.lost.length, 1);
    const error = await rejection(transport.execute({ cdb: TUR, timeoutMs: 2000 }));
    assert.ok(isChangerError(error, 'DEVICE_NOT_CONNECTED'), String(error));
    await transport.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
