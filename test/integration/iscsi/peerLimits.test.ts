import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { IscsiTarget, type IscsiTargetOptions } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { PeerSession } from '../../helpers/peerSession.ts';
import { TUR } from './helpers.ts';
import { TestDevice } from './testDevice.ts';

// What one initiator address may hold at a live IscsiTarget, over real TCP: peers at 127.0.0.2 and
// .3 (Linux routes all of 127/8 to lo) play the hostile host, 127.0.0.1 everyone else. Limits are
// set small so each edge is reached in a few connections; `changer emulate`'s defaults are checked
// in test/unit/iscsi/peerLimits.test.ts and under load in test/interop/emulate-hostile-peer.test.ts.

const IQN = 'iqn.2024-01.org.changer.test:limits';
const CHAP = { username: 'host1', secret: 'limits-secret-42' };
const HOSTILE = '127.0.0.2';
const OUT_OF_RESOURCES = { statusClass: 3, statusDetail: 2 };

async function withTarget(options: Omit<IscsiTargetOptions, 'targets'>, body: (port: number, target: IscsiTarget) => Promise<void>, chap = false): Promise<void> {
  const target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: new TestDevice() }, ...(chap ? { chap: CHAP } : {}) }], nopInIntervalMs: 0, ...options });
  const port = (await target.listen(0)).port;
  try {
    await body(port, target);
  } finally {
    await target.close({ graceMs: 100 });
  }
}

/** Someone at 127.0.0.1 logs in with our own initiator and is served. */
async function othersServed(port: number, chap = false): Promise<void> {
  const credentials = chap ? `${CHAP.username}:${CHAP.secret}@` : '';
  const transport = await IscsiTransport.open(`iscsi://${credentials}127.0.0.1:${port}/${IQN}/0`, { connectAttempts: 1, loginTimeoutMs: 2000 });
  try {
    assert.equal((await transport.execute({ cdb: TUR, timeoutMs: 2000 })).status, 0);
  } finally {
    await transport.close();
  }
}

async function loggedIn(port: number, isid: number, from = HOSTILE): Promise<PeerSession> {
  const peer = await PeerSession.connect(port, from);
  assert.equal(await peer.login({ targetName: IQN, isid }), 'admitted');
  return peer;
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('per-address limits on a live target', () => {
  it('a connection beyond --logins-per-address is closed on arrival; a finished login frees its place', () => withTarget({ limits: { loginsPerAddress: 2 } }, async (port) => {
    const first = await PeerSession.connect(port, HOSTILE);
    const second = await PeerSession.connect(port, HOSTILE);
    const third = await PeerSession.connect(port, HOSTILE);
    assert.ok(await third.closedWithin(1000), 'the third half-open connection is closed at once');
    assert.equal(first.up && second.up, true);
    await othersServed(port);
    assert.equal(await first.login({ targetName: IQN, isid: 1 }), 'admitted');
    const fourth = await PeerSession.connect(port, HOSTILE);
    assert.equal(await fourth.login({ targetName: IQN, isid: 2 }), 'admitted', 'the finished login gave its place back');
    for (const peer of [first, second, fourth]) peer.destroy();
  }));

  it('a session beyond --sessions-per-address is refused with 03/02; others are served; a closed session frees its place', () => withTarget({ limits: { sessionsPerAddress: 2 } }, async (port, target) => {
    const sessions = [await loggedIn(port, 1), await loggedIn(port, 2)];
    const third = await PeerSession.connect(port, HOSTILE);
    assert.deepEqual(await third.login({ targetName: IQN, isid: 3 }), OUT_OF_RESOURCES);
    assert.ok(await third.closedWithin(3000), 'the refused connection is closed');
    await othersServed(port);
    assert.equal(target.sessionCount, 2);
    sessions[0]?.destroy();
    await until(() => target.connectionCount === 1);
    const again = await loggedIn(port, 4);
    for (const peer of [sessions[1], again]) peer?.destroy();
  }));

  it('at the limit, an initiator may still reinstate its own session (same ISID): the old one goes', () => withTarget({ limits: { sessionsPerAddress: 1 } }, async (port) => {
    const old = await loggedIn(port, 7);
    const renewed = await loggedIn(port, 7);
    assert.ok(await old.closedWithin(1000), 'the reinstated session was ended');
    renewed.destroy();
  }));

  it('sessions that authenticated with CHAP are not counted; unauthenticated discovery sessions are', () => withTarget({ limits: { sessionsPerAddress: 1 } }, async (port) => {
    const chapSessions: PeerSession[] = [];
    for (const isid of [1, 2, 3]) {
      const peer = await PeerSession.connect(port, HOSTILE);
      assert.equal(await peer.login({ targetName: IQN, isid, chap: CHAP }), 'admitted');
      chapSessions.push(peer);
    }
    const discovery = await PeerSession.connect(port, HOSTILE);
    assert.equal(await discovery.login({ sessionType: 'Discovery', isid: 10 }), 'admitted');
    const moreDiscovery = await PeerSession.connect(port, HOSTILE);
    assert.deepEqual(await moreDiscovery.login({ sessionType: 'Discovery', isid: 11 }), OUT_OF_RESOURCES);
    const noSecret = await PeerSession.connect(port, HOSTILE);
    assert.deepEqual(await noSecret.login({ targetName: IQN, isid: 12 }), { statusClass: 2, statusDetail: 1 }, 'without the secret: authentication failure');
    await othersServed(port, true);
    for (const peer of [...chapSessions, discovery, moreDiscovery, noSecret]) peer.destroy();
  }, true));

  it('--max-connections bounds everyone together: one more is closed on arrival', () => withTarget({ limits: { maxConnections: 2 } }, async (port) => {
    const a = await PeerSession.connect(port, '127.0.0.2');
    const b = await PeerSession.connect(port, '127.0.0.3');
    const c = await PeerSession.connect(port, '127.0.0.4');
    assert.ok(await c.closedWithin(1000));
    assert.equal(a.up && b.up, true);
    a.destroy();
    b.destroy();
  }));

  it('a connection that has not logged in within the login timeout is dropped, silent or mid-PDU', () => withTarget({ loginTimeoutMs: 300 }, async (port) => {
    const started = performance.now();
    const silent = await PeerSession.connect(port, HOSTILE);
    const trickle = await PeerSession.connect(port, HOSTILE);
    trickle.socket.write(Buffer.alloc(20, 0x43)); // half a Login Request header, and then nothing
    assert.ok(await silent.closedWithin(2000));
    assert.ok(await trickle.closedWithin(2000));
    const lived = performance.now() - started;
    // Not before the timeout; how long after is the machine's business (closedWithin bounds it).
    assert.ok(lived >= 250, `dropped after ${Math.round(lived)} ms`);
  }));

  it('NOP-In: a session that stops answering is dropped after the timeout and its place returns; one that answers stays', () => withTarget({ nopInIntervalMs: 100, nopInTimeoutMs: 200, limits: { sessionsPerAddress: 2 } }, async (port) => {
    const live = await loggedIn(port, 1);
    const dead = await loggedIn(port, 2);
    dead.answersPings = false;
    const started = performance.now();
    assert.ok(await dead.closedWithin(2000), 'the silent session is dropped');
    const lived = performance.now() - started;
    assert.ok(lived >= 200, `dropped ${Math.round(lived)} ms after it went silent (interval 100 + timeout 200)`);
    const ping = dead.pings[0];
    assert.ok(ping !== undefined, 'it was pinged first');
    assert.equal(ping.initiatorTaskTag, 0xffffffff, 'a target ping (ITT reserved) that asks for an answer (TTT set)');
    assert.notEqual(ping.targetTransferTag, 0xffffffff);
    const replacement = await loggedIn(port, 3);
    // Pinged every 100 ms: three pings (answered) take a busy machine's timers as long as they take.
    assert.ok(await live.pingedWithin(3, 5000), `it was pinged ${live.pings.length} times`);
    assert.ok(live.up, 'the session that answers is kept');
    live.destroy();
    replacement.destroy();
  }));
});
