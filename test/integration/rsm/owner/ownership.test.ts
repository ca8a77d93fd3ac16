// Library ownership between two manager PROCESSES on one PostgreSQL catalog and one changer
// (a virtual library served over iSCSI; each manager its own session, so its own initiator):
// the second manager is refused while the first one's lease is live; a killed owner is taken
// over once its lease runs out; a frozen owner that wakes up after the takeover moves nothing —
// whether it notices the loss itself or its command was already on the wire and the changer
// refuses it with RESERVATION CONFLICT.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { formatReservationKey, ReservationType } from '../../../../src/driver/persistentReservation.ts';
import { Catalog, type Library } from '../../../../src/rsm/catalog/index.ts';
import { postgresUnavailableReason, startPostgres, type PostgresCluster } from '../../../helpers/postgres.ts';
import { seedLibrary } from '../../../unit/rsm/catalog/fixtures.ts';
import { until } from '../../../unit/rsm/owner/manualClock.ts';
import { barcodeIn, fullAndEmptySlots, serveLibrary, type ServedLibrary } from '../../../unit/rsm/owner/servedLibrary.ts';
import { HoldingProxy } from './holdingProxy.ts';
import { ManagerProcess, type ManagerEvent } from './managerProcess.ts';

/** Leases of 1–3 s keep the tests short; the refusals right after a kill or stop have ≥ 2 s of margin. */
const OWNER_TTL = 3000;
const TAKER_TTL = 10_000;

function refusalOf(host: string, pid: number): RegExp {
  return new RegExp(`^library lib0 is owned by manager rsm@${host} \\(pid ${pid}\\) until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; it will be taken over when that lease expires$`);
}

function ownedKey(event: ManagerEvent): string {
  assert.equal(event.event, 'owned', JSON.stringify(event));
  assert.equal(event.fenced, true);
  return event.key as string;
}

const unavailable = postgresUnavailableReason();

describe('library ownership between two manager processes [postgres]', { skip: unavailable }, () => {
  let cluster: PostgresCluster;
  let catalogUrl: string;
  let catalog: Catalog;
  let library: Library;
  let served: ServedLibrary;
  const processes: ManagerProcess[] = [];

  before(async () => {
    cluster = await startPostgres();
  });

  after(() => cluster.stop());

  beforeEach(async () => {
    catalogUrl = await cluster.createDatabase();
    catalog = await Catalog.open(catalogUrl);
    library = await seedLibrary(catalog);
    served = await serveLibrary();
  });

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop();
    await served.close();
    await catalog.close();
  });

  function manager(host: string, ttlMs: number, deviceUrl = served.url): ManagerProcess {
    const p = ManagerProcess.start(catalogUrl, library.id, deviceUrl, ttlMs, host);
    processes.push(p);
    return p;
  }

  async function slotsAndBarcode(): Promise<{ full: number; empty: number; barcode: string | undefined }> {
    const [full, empty] = await fullAndEmptySlots(served.observer);
    return { full, empty, barcode: await barcodeIn(served.observer, full) };
  }

  test('a killed owner keeps its library refused until the lease runs out; then the other manager takes over and preempts its key', async () => {
    const a = manager('host-a', OWNER_TTL);
    const keyA = ownedKey(await a.next('owned', 'refused'));
    const b = manager('host-b', TAKER_TTL);
    const refused = await b.next('owned', 'refused');
    assert.equal(refused.code, 'LIBRARY_UNAVAILABLE');
    assert.match(refused.message as string, refusalOf('host-a', a.pid));

    a.signal('SIGKILL'); // no release: the lease and the registration stay behind
    await a.exited;
    b.send('acquire');
    const stillRefused = await b.next('owned', 'refused');
    assert.equal(stillRefused.event, 'refused', 'taken over before the dead owner\'s lease ran out');
    assert.match(stillRefused.message as string, refusalOf('host-a', a.pid));

    const { owned } = await b.acquireWhenFree();
    assert.equal(owned.fencingKey, 2);
    const keyB = ownedKey(owned);
    assert.deepEqual(owned.preempted, [keyA]);
    const device = await served.observer.persistentReserveIn();
    assert.deepEqual(device.keys.map(formatReservationKey), [keyB]);
    assert.deepEqual(device.reservation && [formatReservationKey(device.reservation.key), device.reservation.type], [keyB, ReservationType.WriteExclusive]);

    const { full, empty, barcode } = await slotsAndBarcode();
    b.send(`move ${full} ${empty}`);
    assert.deepEqual(await b.next('moved', 'move-failed'), { event: 'moved', from: full, to: empty });
    assert.equal(await barcodeIn(served.observer, empty), barcode);
    b.send('release');
    await b.next('released');
    assert.deepEqual((await served.observer.persistentReserveIn()).keys, []);
    assert.equal(await catalog.leases.holder(library.id), undefined);
  });

  test('a frozen owner is taken over; resumed, it learns it lost the library and moves nothing', async () => {
    const a = manager('host-a', OWNER_TTL);
    const keyA = ownedKey(await a.next('owned', 'refused'));
    const b = manager('host-b', TAKER_TTL);
    assert.equal((await b.next('owned', 'refused')).event, 'refused');
    const { full, empty, barcode } = await slotsAndBarcode();

    a.signal('SIGSTOP');
    const { owned, refusals } = await b.acquireWhenFree();
    assert.ok(refusals >= 1, 'the frozen owner\'s lease was live when it stopped');
    assert.deepEqual(owned.preempted, [keyA]);

    a.signal('SIGCONT');
    const lost = await a.next('lost');
    assert.ok(lost.reason === 'lease-expired' || lost.reason === 'lease-lost', JSON.stringify(lost));
    a.send(`move ${full} ${empty}`);
    const refusedMove = await a.next('moved', 'move-failed');
    assert.equal(refusedMove.code, 'LIBRARY_UNAVAILABLE', JSON.stringify(refusedMove));
    assert.match(refusedMove.message as string, /^this manager no longer owns library /);
    assert.equal(await barcodeIn(served.observer, full), barcode, 'the stale owner moved nothing');

    b.send(`move ${full} ${empty}`);
    assert.equal((await b.next('moved', 'move-failed')).event, 'moved');
  });

  test('a move still on the wire when its owner froze reaches the changer after the takeover and is refused with RESERVATION CONFLICT', async () => {
    const proxy = new HoldingProxy(Number(new URL(served.url).port));
    const port = await proxy.listen();
    try {
      const a = manager('host-a', OWNER_TTL, served.url.replace(/:\d+\//, `:${port}/`));
      const keyA = ownedKey(await a.next('owned', 'refused'));
      const { full, empty, barcode } = await slotsAndBarcode();

      proxy.hold();
      a.send(`move ${full} ${empty}`);
      await until(() => proxy.heldBytes > 0, 'the MOVE MEDIUM left the owner');
      a.signal('SIGSTOP');

      const b = manager('host-b', TAKER_TTL);
      const { owned } = await b.acquireWhenFree();
      assert.deepEqual(owned.preempted, [keyA]);
      proxy.deliver(); // the late MOVE MEDIUM reaches the changer now, from a preempted initiator
      a.signal('SIGCONT');

      const refusedMove = await a.next('moved', 'move-failed');
      assert.equal(refusedMove.code, 'RESERVATION_CONFLICT', JSON.stringify(refusedMove));
      assert.match(refusedMove.message as string, /MOVE MEDIUM .*: the changer is reserved by another initiator/);
      assert.equal((await a.next('lost')).event, 'lost');
      assert.equal(await barcodeIn(served.observer, full), barcode, 'the late move moved nothing');

      b.send(`move ${full} ${empty}`);
      assert.equal((await b.next('moved', 'move-failed')).event, 'moved');
      assert.equal(await barcodeIn(served.observer, empty), barcode);
    } finally {
      await proxy.close();
    }
  });
});
