// A manager that comes back (issue 11), tried as an operator or systemd would: the manager is
// `npm start`'s entry in a process of its own, killed and frozen with real signals, restarted at
// once — on SQLite and on PostgreSQL.
// - SIGKILL, restart at once: the restarted manager proves its predecessor gone (this host, that
//   pid no longer exists) and owns the library straight away — not after the 30 s lease — with a
//   higher fencing key, and the mount the dead one had accepted completes. Meanwhile 100 probes
//   connect to the exclusive hold and hang up, and the manager goes on serving.
// - SIGSTOP the owner: a standby on this host, using the same changer URL, takes the library
//   over once the lease runs out (taking the frozen owner's exclusive hold and preempting its
//   reservation) and mounts; resumed, the old owner notices it lost the library, refuses work
//   with 503, and stops cleanly on SIGTERM.
// - The same with a MOVE MEDIUM held in the network when the owner froze: delivered after the
//   takeover, the changer refuses it with RESERVATION CONFLICT and nothing moves.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { holdSocketPath } from '../../../../src/driver/exclusiveHold.ts';
import { holdKeyFor } from '../../../../src/driver/smc/connect.ts';
import { emulateInProcess } from '../../../helpers/emulateInProcess.ts';
import { postgresUnavailableReason, startPostgres, type PostgresCluster } from '../../../helpers/postgres.ts';
import { HoldingProxy } from './holdingProxy.ts';
import { StartedManager, type LogLine } from './startedManager.ts';
import { probeHold } from '../../../helpers/probeHold.ts';
import { until } from '../manager/harness.ts';

const MOVE_MEDIUM = 0xa5;

const FINAL_OK = { state: 'completed', errorCode: null, errorMessage: null };

const lostLibrary = (line: LogLine): boolean => typeof line.msg === 'string' && line.msg.startsWith('lost library ');
const crashed = (m: StartedManager): boolean => /uncaught|unhandled|EPIPE/i.test(m.stderr);

for (const engine of ['sqlite', 'postgres'] as const) {
  const unavailable = engine === 'postgres' ? postgresUnavailableReason() : undefined;
  describe(`a manager that comes back [${engine}]`, { skip: unavailable }, () => {
    let cluster: PostgresCluster | undefined;
    const root = mkdtempSync(join(tmpdir(), 'changer-restart-'));
    const managers: StartedManager[] = [];
    let dirs = 0;

    before(async () => {
      if (engine === 'postgres') cluster = await startPostgres();
    });
    after(async () => {
      for (const m of managers) await m.stop();
      cluster?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    async function catalogUrl(data: string): Promise<string> {
      return cluster === undefined ? join(data, 'catalog.sqlite') : cluster.createDatabase();
    }

    function started(settings: Parameters<typeof StartedManager.start>[0]): StartedManager {
      const m = StartedManager.start(settings);
      managers.push(m);
      return m;
    }

    test('SIGKILL and an immediate restart: the library is owned again at once, the accepted mount completes, probes of the hold change nothing', { timeout: 120_000 }, async () => {
      const data = join(root, `kill-${++dirs}`);
      const catalog = await catalogUrl(data);
      const first = started({ data, catalog, leaseTtlSeconds: 30 });
      await first.ready;
      const before = await first.library();
      assert.equal(before.ownedHere, true);
      const mount = await first.api('POST', '/v1/mounts', { library: 'library', barcode: 'A00001L8' });
      assert.equal(mount.status, 202, JSON.stringify(mount.body));
      const requestId = (mount.body as { id: number }).id;
      first.signal('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const second = started({ data, catalog, leaseTtlSeconds: 30 });
      const { banner } = await second.ready;
      assert.match(banner, /library {5}library — 24 slots, 2 drives, 1 mailslot, \d+ media/, 'owned from the start, not "NOT OWNED HERE"');
      const now = await second.library();
      assert.equal(now.ownedHere, true);
      assert.equal(now.fencingKey, before.fencingKey + 1);
      assert.equal(now.lease?.ownerId, `rsm@${hostname()} (pid ${second.pid})`);
      const previous = `rsm@${hostname()} (pid ${first.pid})`;
      await second.waitForLog((l) => l.msg === `took library ${now.id} over from ${previous}, which no longer runs on this host`, 'took the library over from the dead process');

      const probes = probeHold(holdSocketPath(holdKeyFor(`virtual:${join(data, 'library')}`)), 100);
      assert.deepEqual(await second.finalRequest(requestId), FINAL_OK, 'the mount the killed manager accepted completed');
      await probes;
      const medium = await second.api('GET', '/v1/media?barcode=A00001L8');
      assert.equal(((medium.body as { location: { type: string } }[])[0])?.location.type, 'drive');
      assert.equal((await second.library()).ownedHere, true, 'still serving after 100 probes of its hold');
      assert.equal(crashed(second), false, second.stderr);

      second.signal('SIGTERM');
      assert.deepEqual(await second.exited, { code: 0, signal: null });
    });

    test('SIGSTOP the owner: a standby on this host takes over after the lease, the resumed owner stops using the library without a crash', { timeout: 120_000 }, async () => {
      const stopEmulator = new AbortController();
      const emulator = emulateInProcess(`${join(root, `device-${++dirs}`)}?profile=library-24&clock=100x`, stopEmulator.signal);
      try {
        const device = (await emulator.listening).libraries[0]?.url as string;
        const dataA = join(root, `owner-${dirs}`);
        const catalog = await catalogUrl(dataA);
        const ttl = 2;
        const owner = started({ data: dataA, catalog, library: device, leaseTtlSeconds: ttl });
        await owner.ready;
        const keyA = (await owner.library()).fencingKey;
        assert.equal((await owner.library()).ownedHere, true);
        const standby = started({ data: join(root, `standby-${dirs}`), catalog, library: device, leaseTtlSeconds: ttl });
        const { banner } = await standby.ready;
        assert.match(banner, /NOT OWNED HERE/);

        owner.signal('SIGSTOP');
        const stoppedAt = Date.now();
        for (;;) {
          if ((await standby.library()).ownedHere) break;
          assert.ok(Date.now() - stoppedAt < 30_000, `the standby did not take over: ${standby.stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const takenAfterMs = Date.now() - stoppedAt;
        const taken = await standby.library();
        assert.ok(taken.fencingKey > keyA, `fencing key ${taken.fencingKey} after ${keyA}`);
        assert.match(taken.lease?.ownerId ?? '', new RegExp(`\\(pid ${standby.pid}\\)$`));
        const mount = await standby.api('POST', '/v1/mounts', { library: 'library', barcode: 'A00002L8' });
        assert.equal(mount.status, 202, JSON.stringify(mount.body));
        assert.deepEqual(await standby.finalRequest((mount.body as { id: number }).id), FINAL_OK);

        owner.signal('SIGCONT');
        const lost = await owner.waitForLog(lostLibrary, '"lost library …"');
        assert.ok(lost.reason === 'lease-expired' || lost.reason === 'lease-lost', JSON.stringify(lost));
        assert.equal((await owner.library()).ownedHere, false);
        const refused = await owner.api('POST', '/v1/mounts', { library: 'library', barcode: 'A00003L8' });
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.equal((refused.body as { code: string }).code, 'LIBRARY_UNAVAILABLE');
        assert.equal(crashed(owner), false, owner.stderr);
        owner.signal('SIGTERM');
        assert.deepEqual(await owner.exited, { code: 0, signal: null });
        // Said with the standby's own log: a standby that lost its lease by itself (a renewal late on
        // a loaded machine, 2 s TTL) is another failure than the old owner's stop taking it away.
        assert.equal((await standby.library()).ownedHere, true, `the old owner's stop gave back nothing of the standby's; the standby's log ends: ${standby.stderr.slice(-3000)}`);
        console.log(`[${engine}] standby owned the library ${takenAfterMs} ms after the owner stopped (lease ${ttl} s)`);
      } finally {
        stopEmulator.abort();
        await emulator.served;
      }
    });

    test('a MOVE MEDIUM still on the wire when its owner froze reaches the changer after the takeover: RESERVATION CONFLICT, nothing moves, the old owner stops cleanly', { timeout: 120_000 }, async () => {
      const stopEmulator = new AbortController();
      const emulator = emulateInProcess(`${join(root, `device-${++dirs}`)}?profile=library-24&clock=100x`, stopEmulator.signal);
      const device = (await emulator.listening).libraries[0]?.url as string;
      const proxy = new HoldingProxy(Number(new URL(device).port));
      try {
        const viaProxy = device.replace(/:\d+\//, `:${await proxy.listen()}/`);
        const dataA = join(root, `frozen-${dirs}`);
        const catalog = await catalogUrl(dataA);
        const owner = started({ data: dataA, catalog, library: viaProxy, leaseTtlSeconds: 2 });
        await owner.ready;
        const keyA = (await owner.library()).fencingKey;
        const standby = started({ data: join(root, `taker-${dirs}`), catalog, library: device, leaseTtlSeconds: 2 });
        await standby.ready;

        proxy.holdFromCommand(MOVE_MEDIUM);
        const mount = await owner.api('POST', '/v1/mounts', { library: 'library', barcode: 'A00005L8', drive: 0 });
        assert.equal(mount.status, 202, JSON.stringify(mount.body));
        await until(() => proxy.heldBytes > 0, 'the MOVE MEDIUM left the owner', 30_000);
        owner.signal('SIGSTOP');
        await until(async () => (await standby.library()).ownedHere, 'the standby took over', 30_000);
        assert.ok((await standby.library()).fencingKey > keyA);

        proxy.deliver(); // the late MOVE MEDIUM reaches the changer now, from a preempted initiator
        owner.signal('SIGCONT');
        const refusedMove = await owner.waitForLog((l) => l.msg === 'robot command failed; reconciling', 'the late move failed');
        // RESERVATION CONFLICT: the changer itself refused the stale owner (the move named by display numbers).
        assert.equal(refusedMove.err, 'move slot:6 → drive:0: the changer is reserved by another initiator');
        await owner.waitForLog(lostLibrary, '"lost library …"');
        assert.equal((await owner.library()).ownedHere, false);
        assert.equal(crashed(owner), false, owner.stderr);
        owner.signal('SIGTERM');
        assert.deepEqual(await owner.exited, { code: 0, signal: null });

        // The request the frozen owner had accepted is the new owner's now: it ends, and the
        // cartridge is where the new owner's catalog and the library both say — exactly once.
        const request = await standby.finalRequest((mount.body as { id: number }).id);
        assert.ok(['completed', 'failed'].includes(request.state), JSON.stringify(request));
        const media = (await standby.api('GET', '/v1/media?barcode=A00005L8')).body as { location: { type: string } }[];
        assert.equal(media.length, 1);
        assert.equal(media[0]?.location.type, request.state === 'completed' ? 'drive' : 'slot');
      } finally {
        await proxy.close();
        stopEmulator.abort();
        await emulator.served;
      }
    });
  });
}
