import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { peerGuards } from '../../../src/cli/commands/emulate.ts';
import { UsageError } from '../../../src/cli/usageError.ts';
import { DEFAULT_PEER_LIMITS, PeerAdmission, peerAddress } from '../../../src/iscsi/target/peerLimits.ts';
import { RefusalLog } from '../../../src/iscsi/target/refusalLog.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';

describe('PeerAdmission: what one address may hold', () => {
  it('counts logins in progress per address, refuses one more, and gives places back on leave', () => {
    const admission = new PeerAdmission<string>({ loginsPerAddress: 2 });
    assert.equal(admission.arrive('a', '10.0.0.9'), undefined);
    assert.equal(admission.arrive('b', '10.0.0.9'), undefined);
    assert.equal(admission.arrive('c', '10.0.0.9'), '10.0.0.9 already has 2 logins in progress');
    assert.equal(admission.arrive('d', '10.0.0.1'), undefined, 'another address is not affected');
    admission.leave('a');
    assert.equal(admission.arrive('c', '10.0.0.9'), undefined);
    assert.deepEqual(admission.loadOf('10.0.0.9'), { logins: 2, sessions: 0 });
  });

  it('a session moves the connection from logins to sessions; unauthenticated ones are capped, CHAP ones are not', () => {
    const admission = new PeerAdmission<string>({ sessionsPerAddress: 1 });
    for (const key of ['a', 'b', 'c', 'd']) admission.arrive(key, '10.0.0.9');
    assert.equal(admission.startSession('a', false), undefined);
    assert.equal(admission.startSession('b', false), '10.0.0.9 already has 1 unauthenticated sessions');
    assert.equal(admission.startSession('c', true), undefined);
    assert.equal(admission.startSession('d', true), undefined);
    assert.deepEqual(admission.loadOf('10.0.0.9'), { logins: 1, sessions: 1 }, 'b is still logging in until its connection closes');
    assert.equal(admission.startSession('a', false), 'the connection is not logging in');
    for (const key of ['a', 'b', 'c', 'd']) admission.leave(key);
    assert.deepEqual(admission.loadOf('10.0.0.9'), { logins: 0, sessions: 0 });
    assert.equal(admission.size, 0);
    admission.leave('a');
    assert.equal(admission.size, 0, 'leaving twice is harmless');
  });

  it('the global cap counts every connection of every address', () => {
    const admission = new PeerAdmission<number>({ maxConnections: 2 });
    assert.equal(admission.arrive(1, '10.0.0.1'), undefined);
    assert.equal(admission.arrive(2, '10.0.0.2'), undefined);
    assert.equal(admission.arrive(3, '10.0.0.3'), 'the target already has 2 connections');
  });

  it('an IPv4 peer seen through a dual-stack socket is the same address', () => {
    assert.equal(peerAddress('::ffff:10.0.0.9'), '10.0.0.9');
    assert.equal(peerAddress('fe80::1'), 'fe80::1');
    assert.equal(peerAddress(undefined), undefined);
  });

  it('defaults leave room: three peers at their limits still fit under the global cap', () => {
    assert.deepEqual(DEFAULT_PEER_LIMITS, { maxConnections: 1024, loginsPerAddress: 8, sessionsPerAddress: 256 });
    assert.ok(3 * (DEFAULT_PEER_LIMITS.loginsPerAddress + DEFAULT_PEER_LIMITS.sessionsPerAddress) < DEFAULT_PEER_LIMITS.maxConnections);
    assert.deepEqual(new IscsiTarget({ targets: [] }).limits, DEFAULT_PEER_LIMITS);
  });
});

describe('RefusalLog', () => {
  it('logs the first refusal of an address for each reason, counts the rest, and tells the count with the next line after the interval', () => {
    const lines: string[] = [];
    const log = new RefusalLog((line) => lines.push(line), 1000);
    log.refused('10.0.0.9', 'full', 0);
    for (let t = 1; t < 500; t++) log.refused('10.0.0.9', 'full', t);
    log.refused('10.0.0.1', 'full', 10);
    log.refused('10.0.0.9', 'too many sessions', 20);
    log.refused('10.0.0.9', 'full', 1500);
    assert.deepEqual(lines, [
      'iSCSI connection from 10.0.0.9 refused: full',
      'iSCSI connection from 10.0.0.1 refused: full',
      'iSCSI connection from 10.0.0.9 refused: too many sessions',
      'iSCSI connection from 10.0.0.9 refused: full (and 499 more since the last report)',
    ]);
  });
});

describe('changer emulate: the flags for the limits', () => {
  it('defaults: 1024 connections, 8 logins and 256 sessions per address, login within 5 s, NOP-In every 5 s answered within 10 s', () => {
    assert.deepEqual(peerGuards({}), { limits: DEFAULT_PEER_LIMITS, loginTimeoutSeconds: 5, nopIntervalSeconds: 5, nopTimeoutSeconds: 10 });
  });

  it('takes counts and seconds (fractions allowed, 0 turns pings off)', () => {
    assert.deepEqual(peerGuards({ maxConnections: '64', loginsPerAddress: '2', sessionsPerAddress: '16', loginTimeout: '0.5', nopInterval: '0', nopTimeout: '3' }),
      { limits: { maxConnections: 64, loginsPerAddress: 2, sessionsPerAddress: 16 }, loginTimeoutSeconds: 0.5, nopIntervalSeconds: 0, nopTimeoutSeconds: 3 });
  });

  it('refuses what is not a count or a time, naming the flag', () => {
    const cases: [Parameters<typeof peerGuards>[0], string][] = [
      [{ maxConnections: '0' }, "--max-connections '0' is not a whole number of 1 or more"],
      [{ loginsPerAddress: '2.5' }, "--logins-per-address '2.5' is not a whole number of 1 or more"],
      [{ sessionsPerAddress: 'many' }, "--sessions-per-address 'many' is not a whole number of 1 or more"],
      [{ loginTimeout: '0' }, "--login-timeout '0' is not a number of seconds (e.g. 5 or 0.5)"],
      [{ nopInterval: '-1' }, "--nop-interval '-1' is not a number of seconds (e.g. 5 or 0.5; 0 turns pings off)"],
      [{ nopTimeout: 'soon' }, "--nop-timeout 'soon' is not a number of seconds (e.g. 5 or 0.5)"],
    ];
    for (const [options, message] of cases) assert.throws(() => peerGuards(options), (e: unknown) => e instanceof UsageError && e.message === message);
  });
});
