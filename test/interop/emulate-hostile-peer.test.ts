import { strict as assert } from 'node:assert';
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { emulateCommand } from '../../src/cli/commands/emulate.ts';
import { IscsiTransport } from '../../src/transport/iscsiTransport.ts';
import type { HostileMessage, HostileOrders } from './hostilePeer.ts';

// `changer emulate` under attack from one peer (its own process, source address 127.0.0.2): 256
// logged-in idle sessions, a 257th refused, and 1,000 half-open connections held and reopened as
// fast as the target closes them. Throughout, initiators from 127.0.0.1 — libiscsi's iscsi-inq
// and our own IscsiTransport, one fresh login after another plus one long-lived session — log in
// and get the library's INQUIRY answer. Times are shortened by flags (login timeout 1 s, NOP-In
// every 0.5 s) so several of the peer's timeout cycles pass within seconds; the limits are the
// defaults. iscsi-inq is skipped, with the reason, when libiscsi-bin is not installed.

const HOSTILE_ADDRESS = '127.0.0.2';
const SESSIONS = 256;
const HALF_OPEN = 1000;
const LOGIN_TIMEOUT_S = 1;
/** How long the good clients keep working under attack: past several of the peer's login timeouts. */
const UNDER_ATTACK_MS = 3500;

interface Listening {
  readonly port: number;
  readonly libraries: readonly { readonly iqn: string }[];
  readonly guards: { readonly limits: { readonly maxConnections: number; readonly loginsPerAddress: number; readonly sessionsPerAddress: number } };
}

function runTool(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr: error !== null && code === -1 ? `${stderr}${error.message}` : stderr });
    });
  });
}

/** Whether this host routes 127.0.0.2 to itself (Linux: all of 127/8; macOS: only 127.0.0.1). */
function canBind(localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 9, localAddress });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRNOTAVAIL' && e.code !== 'EINVAL'));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
  });
}

function vendorAndProduct(inquiry: Uint8Array): string {
  const text = Buffer.from(inquiry).toString('latin1');
  return `${text.slice(8, 16).trim()} ${text.slice(16, 32).trim()}`;
}

const INQUIRY = Uint8Array.of(0x12, 0, 0, 0, 96, 0);

let dir = '';
let stop: AbortController;
let served: Promise<void>;
let listening: Listening;
let log = '';
let hostile: ChildProcess | undefined;
let skipReason: string | undefined;
let libiscsiMissing: string | undefined;

function nextMessage(child: ChildProcess, event: string, timeoutMs: number): Promise<HostileMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hostile peer sent no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: HostileMessage | { event: 'failed'; message: string }): void => {
      if (message.event === 'failed') reject(new Error(`the hostile peer failed: ${message.message}`));
      else if (message.event !== event) return;
      else resolve(message);
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the hostile peer exited (${code}) before '${event}'`)));
  });
}

before(async () => {
  if (!(await canBind(HOSTILE_ADDRESS))) {
    skipReason = `${HOSTILE_ADDRESS} is not a local address here (the hostile peer needs a source address of its own)`;
    return;
  }
  const probe = await runTool('iscsi-inq', ['--help']);
  if (probe.code === -1) libiscsiMissing = 'iscsi-inq is not installed (apt-get install libiscsi-bin)';
  dir = await mkdtemp(join(tmpdir(), 'changer-hostile-'));
  stop = new AbortController();
  const out = new PassThrough();
  const err = new PassThrough();
  err.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  let text = '';
  const started = new Promise<Listening>((resolve) => {
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line !== undefined) resolve(JSON.parse(line) as Listening);
    });
  });
  served = emulateCommand({ json: true, out, err }, {
    listen: '127.0.0.1:0', library: [`${join(dir, 'vault')}?profile=library-24&clock=virtual`],
    loginTimeout: String(LOGIN_TIMEOUT_S), nopInterval: '0.5', nopTimeout: '1',
  }, stop.signal);
  served.catch(() => undefined);
  listening = await started;
});

after(async () => {
  hostile?.kill();
  stop?.abort();
  await served;
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('changer emulate with one hostile peer holding 1,000 half-open connections and 256 idle sessions', () => {
  it('keeps serving iscsi-inq and our own initiator from other addresses throughout', async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    const iqn = listening.libraries[0]?.iqn ?? '';
    const portal = `127.0.0.1:${listening.port}`;
    assert.deepEqual(listening.guards.limits, { maxConnections: 1024, loginsPerAddress: 8, sessionsPerAddress: 256 }, 'the defaults are in force');

    // A session that was there before the attack and must live through it.
    const longLived = await IscsiTransport.open(`iscsi://${portal}/${iqn}/0`, { connectAttempts: 1 });

    const child = fork(new URL('./hostilePeer.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    hostile = child;
    const holding = nextMessage(child, 'holding', 30_000);
    const orders: HostileOrders = { port: listening.port, targetName: iqn, localAddress: HOSTILE_ADDRESS, sessions: SESSIONS, halfOpen: HALF_OPEN, reconnectDelayMs: 200 };
    child.send(orders);
    const held = await holding;
    assert.equal(held.event, 'holding');
    if (held.event !== 'holding') return;
    assert.equal(held.sessionsUp, SESSIONS, 'the peer holds all 256 sessions its address may have');
    assert.deepEqual(held.extraLogin, { statusClass: 3, statusDetail: 2 }, 'the 257th session from that address is refused: out of resources');

    // Under attack: the good clients log in again and again and get the library's answer.
    const rounds = { inq: 0, fresh: 0, longLived: 0 };
    const deadline = Date.now() + UNDER_ATTACK_MS;
    while (Date.now() < deadline) {
      const [inq, fresh, old] = await Promise.all([
        libiscsiMissing === undefined ? runTool('iscsi-inq', [`iscsi://${portal}/${iqn}/${rounds.inq % 2}`]) : undefined,
        (async () => {
          const transport = await IscsiTransport.open(`iscsi://${portal}/${iqn}/0`, { connectAttempts: 1, loginTimeoutMs: 3000 });
          try {
            return await transport.execute({ cdb: INQUIRY, dataInLength: 96, timeoutMs: 3000 });
          } finally {
            await transport.close();
          }
        })(),
        longLived.execute({ cdb: INQUIRY, dataInLength: 96, timeoutMs: 3000 }),
      ]);
      if (inq !== undefined) {
        assert.equal(inq.code, 0, `iscsi-inq round ${rounds.inq}: ${inq.stdout}${inq.stderr}`);
        assert.match(inq.stdout, /^Vendor:IBM\s*$/m);
        assert.match(inq.stdout, rounds.inq % 2 === 0 ? /^Product:3573-TL\s*$/m : /^Product:ULTRIUM-HH8\s*$/m);
        rounds.inq++;
      }
      assert.equal(fresh.status, 0);
      assert.equal(vendorAndProduct(fresh.dataIn), 'IBM 3573-TL');
      rounds.fresh++;
      assert.equal(old.status, 0);
      assert.equal(vendorAndProduct(old.dataIn), 'IBM 3573-TL');
      rounds.longLived++;
    }
    assert.equal(longLived.loginCount, 1, 'the long-lived session was never dropped: it answers every NOP-In');
    await longLived.close();

    const reporting = nextMessage(child, 'report', 10_000);
    child.send('report');
    const report = await reporting;
    assert.equal(report.event, 'report');
    if (report.event !== 'report') return;
    t.diagnostic(`good clients: ${rounds.inq} iscsi-inq, ${rounds.fresh} fresh logins, ${rounds.longLived} commands on the long-lived session; ` +
      `hostile: ${report.halfOpenConnects} half-open connects, ${report.halfOpenNow} open at the end, ${report.halfOpenClosedByTimeout} dropped by the login timeout, longest ${report.longestHalfOpenMs} ms`);
    assert.ok(libiscsiMissing !== undefined || rounds.inq >= 3, `iscsi-inq ran ${rounds.inq} times`);
    assert.ok(rounds.fresh >= 3);
    assert.equal(report.sessionsUp, SESSIONS, 'idle sessions that answer NOP-In are kept: the limit, not a timeout, bounds them');
    assert.ok(report.halfOpenConnects >= HALF_OPEN, 'the peer kept up 1,000 half-open connections');
    assert.ok(report.halfOpenClosedByTimeout > 0, 'some half-open connections were admitted and dropped by the login timeout');
    // Generous: a loaded 2-core machine delays timers; what matters is that they end, not when exactly.
    assert.ok(report.longestHalfOpenMs < LOGIN_TIMEOUT_S * 1000 + 10_000, `no half-open connection outlived the login timeout much (${report.longestHalfOpenMs} ms)`);
    assert.match(log, new RegExp(`iSCSI connection from ${HOSTILE_ADDRESS.replace(/\./g, '\\.')} refused: ${HOSTILE_ADDRESS.replace(/\./g, '\\.')} already has 8 logins in progress`));
    assert.match(log, /iSCSI connection from 127\.0\.0\.2 refused: 127\.0\.0\.2 already has 256 unauthenticated sessions; login answered 03\/02 \(out of resources\)/);
    assert.ok(log.split('\n').filter((line) => line.includes('refused')).length < 20, 'the refusals of the flood are counted, not each logged');
    assert.doesNotMatch(log, /from 127\.0\.0\.1 refused/, 'nobody else was ever refused');
    if (libiscsiMissing !== undefined) t.diagnostic(`iscsi-inq part skipped: ${libiscsiMissing}`);
  });
});
