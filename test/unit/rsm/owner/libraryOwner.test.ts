// Library ownership on both catalog engines, with the real changer stack: class driver → SMC
// miniclass → iSCSI → target → virtual library. Managers here stand for managers on different
// hosts (own iSCSI sessions, own exclusive-open names); the two-process version with SIGKILL and
// SIGSTOP is test/integration/rsm/owner.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Changer } from '../../../../src/driver/changer.ts';
import { ChangerError } from '../../../../src/shared/changerError.ts';
import { ReservationType } from '../../../../src/driver/persistentReservation.ts';
import { Opcode } from '../../../../src/scsi/opcodes.ts';
import { SENSE } from '../../../../src/scsi/sense/senseConditions.ts';
import { senseFor } from '../../../../src/scsi/sense/formatErrorSense.ts';
import { buildSenseData } from '../../../../src/scsi/sense/senseData.ts';
import type { ScsiDevice } from '../../../../src/scsi/device.ts';
import type { Catalog, Library } from '../../../../src/rsm/catalog/index.ts';
import { LibraryOwner, managerOwnerId, reservationKeyFor, type LibraryOwnerOptions, type OwnershipLoss } from '../../../../src/rsm/owner/index.ts';
import { RsmError } from '../../../../src/rsm/rsmError.ts';
import { forEachEngine } from '../catalog/engines.ts';
import { seedLibrary } from '../catalog/fixtures.ts';
import { ManualClock, until } from './manualClock.ts';
import { barcodeIn, fullAndEmptySlots, openAsHost, PICKER, serveLibrary, slot, type ServedLibrary } from './servedLibrary.ts';

const A = managerOwnerId('rsm', 'host-a', 101);
const B = managerOwnerId('rsm', 'host-b', 202);
const LONG = 60_000;
/** Long enough for a loaded machine to finish acquiring, short enough to wait out. */
const SHORT = 600;

function isRsm(code: string, message?: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof RsmError, String(e));
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  };
}

const REFUSAL = /^library lib0 is owned by manager rsm@host-a \(pid 101\) until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z; it will be taken over when that lease expires$/;

forEachEngine('library ownership', (h) => {
  let served: ServedLibrary;
  let catalog: Catalog;
  let library: Library;
  const owners: LibraryOwner[] = [];

  beforeEach(async () => {
    served = await serveLibrary();
    catalog = await h.open();
    library = await seedLibrary(catalog);
  });

  afterEach(async () => {
    for (const owner of owners.splice(0)) await owner.release();
    await served.close();
  });

  async function own(ownerId: string, extra: Partial<LibraryOwnerOptions> = {}): Promise<LibraryOwner> {
    const owner = await LibraryOwner.acquire({
      catalog, libraryId: library.id, deviceUrl: served.url, ownerId, ttlMs: LONG, openChanger: openAsHost(ownerId), ...extra,
    });
    owners.push(owner);
    return owner;
  }

  /** Until the catalog no longer shows a live lease (a frozen owner's ran out). */
  async function leaseExpired(): Promise<void> {
    for (;;) {
      if ((await catalog.leases.holder(library.id)) === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('the owner holds lease, changer and reservation; a second manager is refused without touching the device; release gives all back', async () => {
    const a = await own(A);
    assert.equal(a.state, 'owned');
    assert.equal(a.fenced, true);
    assert.equal(a.lease.fencingKey, 1);
    // The guarded changer is still a Changer to the manager: class, getters and all.
    assert.ok(a.changer instanceof Changer);
    assert.equal(a.changer.cachedParameters.numberStorageElements, 24);
    assert.equal(a.changer.url, served.url);
    const keyA = reservationKeyFor(1, A);
    assert.deepEqual(a.fence, { fenced: true, key: keyA, type: ReservationType.WriteExclusive, preempted: [] });
    const seen = await served.observer.persistentReserveIn();
    assert.deepEqual([seen.keys, seen.reservation], [[keyA], { key: keyA, type: ReservationType.WriteExclusive }]);

    await assert.rejects(own(B), isRsm('LIBRARY_UNAVAILABLE', REFUSAL));
    assert.deepEqual(await served.observer.persistentReserveIn(), seen, 'the refused manager changed nothing on the device');
    assert.equal((await catalog.leases.holder(library.id))?.ownerId, A);

    // The owner moves; nobody else can.
    const [full, empty] = await fullAndEmptySlots(a.changer);
    const barcode = await barcodeIn(a.changer, full);
    await assert.rejects(served.observer.moveMedium({ transport: PICKER, source: slot(full), destination: slot(empty), flip: false }), (e) => e instanceof ChangerError && e.code === 'RESERVATION_CONFLICT');
    await a.changer.moveMedium({ transport: PICKER, source: slot(full), destination: slot(empty), flip: false });
    assert.equal(await barcodeIn(served.observer, empty), barcode);

    await a.release();
    assert.equal(a.state, 'released');
    assert.equal(a.changer.isOpen, false);
    await assert.rejects(a.changer.getStatus(), isRsm('LIBRARY_UNAVAILABLE', /no longer owns library .*: it released the library/));
    assert.deepEqual(await served.observer.persistentReserveIn(), { generation: 2, keys: [], reservation: undefined });
    assert.equal(await catalog.leases.holder(library.id), undefined);

    const b = await own(B);
    assert.equal(b.lease.fencingKey, 2);
    assert.deepEqual(b.fence, { fenced: true, key: reservationKeyFor(2, B), type: ReservationType.WriteExclusive, preempted: [] });
    assert.ok(reservationKeyFor(2, B) > keyA);
  });

  test('by default the owner opens the changer exclusively by its URL: another program on this host is told who holds it', async () => {
    const a = await LibraryOwner.acquire({ catalog, libraryId: library.id, deviceUrl: served.url, ownerId: A, ttlMs: LONG });
    owners.push(a);
    await assert.rejects(Changer.open(served.url, { owner: 'a backup script' }), (e) => e instanceof ChangerError && e.code === 'DEVICE_BUSY' && e.message.includes(`held by ${A} (pid ${process.pid}`));
    await a.release();
    const script = await Changer.open(served.url, { owner: 'a backup script' });
    await script.close();
  });

  test('a frozen owner is taken over after its lease runs out, and the changer itself refuses its late move', async () => {
    const frozen = new ManualClock();
    const a = await own(A, { ttlMs: SHORT, clock: frozen });
    const losses: OwnershipLoss[] = [];
    a.onLost((loss) => losses.push(loss));
    const [full, empty] = await fullAndEmptySlots(a.changer);
    const barcode = await barcodeIn(a.changer, full);

    await assert.rejects(own(B), isRsm('LIBRARY_UNAVAILABLE', REFUSAL));
    await leaseExpired();
    const b = await own(B);
    assert.equal(b.lease.fencingKey, 2);
    assert.ok(b.fence.fenced);
    assert.deepEqual(b.fence.preempted, [reservationKeyFor(1, A)]);
    assert.deepEqual((await served.observer.persistentReserveIn()).keys, [reservationKeyFor(2, B)]);

    // A believes it still owns the library (its clock stood still); the changer knows better.
    assert.equal(a.state, 'owned');
    await assert.rejects(a.changer.moveMedium({ transport: PICKER, source: slot(full), destination: slot(empty), flip: false }), (e) => e instanceof ChangerError && e.code === 'RESERVATION_CONFLICT');
    assert.equal(a.state, 'lost');
    assert.equal(losses.length, 1);
    assert.equal(losses[0]?.reason, 'reservation-conflict');
    await assert.rejects(a.changer.getStatus(), isRsm('LIBRARY_UNAVAILABLE', /another manager has taken library .* over/));
    assert.equal(await barcodeIn(served.observer, full), barcode, 'the stale move moved nothing');

    // A's release must not disturb the new owner.
    await a.release();
    assert.equal(a.changer.isOpen, false);
    const after = await served.observer.persistentReserveIn();
    assert.deepEqual(after.reservation, { key: reservationKeyFor(2, B), type: ReservationType.WriteExclusive });
    await b.changer.moveMedium({ transport: PICKER, source: slot(full), destination: slot(empty), flip: false });
    assert.equal(await barcodeIn(served.observer, empty), barcode);
  });

  test('renewals keep the lease; a renewal that finds it taken over loses ownership and closes the changer', async () => {
    const clock = new ManualClock();
    const a = await own(A, { ttlMs: SHORT, clock });
    const first = a.lease.expiresAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(SHORT / 3);
    await until(() => a.lease.expiresAt > first, 'the lease was renewed');
    assert.equal(a.lease.fencingKey, 1);

    const heard: OwnershipLoss[] = [];
    a.onLost((loss) => heard.push(loss));
    await leaseExpired();
    const b = await own(B);
    clock.advance(SHORT / 3); // still inside A's own idea of its lease: it asks the catalog
    await until(() => a.state === 'lost', 'the renewal failed');
    assert.equal(heard.length, 1);
    assert.equal(heard[0]?.reason, 'lease-lost');
    assert.match(heard[0]?.message ?? '', /it expired or was taken over \(rsm@host-b \(pid 202\) owns it with fencing key 2\)/);
    await until(() => !a.changer.isOpen, 'the changer was closed');
    // A listener added after the loss still hears it.
    const late = await new Promise<OwnershipLoss>((resolve) => a.onLost(resolve));
    assert.equal(late.reason, 'lease-lost');
    assert.equal(b.state, 'owned');
  });

  test('an owner resumed after its lease ran out stops at once, before sending anything', async () => {
    const clock = new ManualClock();
    const a = await own(A, { ttlMs: SHORT, clock, renewEveryMs: SHORT - 1 });
    clock.advance(SHORT); // past the lease, as a process stopped for longer than its lease is
    await assert.rejects(a.changer.getStatus(), isRsm('LIBRARY_UNAVAILABLE', /ran out at .* before it could be renewed/));
    assert.equal(a.loss?.reason, 'lease-expired');
  });

  test('a restarted manager waits for the old lease to run out when asked to', async () => {
    const frozen = new ManualClock();
    await own(A, { ttlMs: SHORT, clock: frozen });
    const b = await own(B, { waitMs: LONG });
    assert.equal(b.lease.fencingKey, 2);
    assert.deepEqual(b.fence.fenced && b.fence.preempted, [reservationKeyFor(1, A)]);
  });

  test('a reservation that is not a manager\'s is not preempted: the library is refused and nothing is left behind', async () => {
    const foreign = 0x1234n;
    await served.observer.persistentReserveOut({ action: 'register-ignore-existing', newKey: foreign });
    await served.observer.persistentReserveOut({ action: 'reserve', key: foreign, type: ReservationType.WriteExclusive });
    await assert.rejects(own(A), isRsm('LIBRARY_UNAVAILABLE', /is reserved by an initiator that is not a manager \(key 0x0000000000001234, type 1\); clear that reservation/));
    assert.deepEqual((await served.observer.persistentReserveIn()).keys, [foreign]);
    assert.equal(await catalog.leases.holder(library.id), undefined);
    await served.observer.persistentReserveOut({ action: 'clear', key: foreign });
  });

  test('bad requests and busy changers are refused clearly, leaving the lease free', async () => {
    await assert.rejects(own(A, { ttlMs: 0 }), isRsm('INVALID_PARAMETER', /time-to-live 0 ms/));
    await assert.rejects(own(A, { ttlMs: 300, renewEveryMs: 300 }), isRsm('INVALID_PARAMETER', /renew more often than the time-to-live/));
    await assert.rejects(own(A, { libraryId: 'no-such-library' }), isRsm('NOT_FOUND', /no library no-such-library/));
    const local = await openAsHost(A)(served.url, 'a backup script');
    try {
      await assert.rejects(own(A), isRsm('LIBRARY_UNAVAILABLE', /its changer .* is open in another program on this host: .*held by a backup script/));
    } finally {
      await local.close();
    }
    assert.equal(await catalog.leases.holder(library.id), undefined);
  });
});

forEachEngine('library ownership without persistent reservations', (h) => {
  test('a changer without PR is owned unfenced, says so, and the lease alone keeps others out', async () => {
    const illegal = buildSenseData(senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE));
    const withoutPr = (device: ScsiDevice): ScsiDevice => ({
      execute: async (nexus, request) =>
        request.cdb[0] === Opcode.PERSISTENT_RESERVE_IN || request.cdb[0] === Opcode.PERSISTENT_RESERVE_OUT
          ? { status: 0x02, dataIn: new Uint8Array(0), sense: illegal }
          : device.execute(nexus, request),
      nexusLost: (nexus) => device.nexusLost?.(nexus),
    });
    const served = await serveLibrary(withoutPr);
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (_: object, message: string) => warnings.push(message) };
    const options = { catalog, libraryId: library.id, deviceUrl: served.url, ttlMs: LONG, log };
    try {
      const a = await LibraryOwner.acquire({ ...options, ownerId: A, openChanger: openAsHost('host-a') });
      assert.equal(a.fenced, false);
      assert.ok(!a.fence.fenced && /does not support this command \(sense 5\/20\/00\)/.test(a.fence.reason));
      assert.deepEqual(warnings, ['library ' + library.id + ' owned without device fencing: the changer has no persistent reservations, so only the lease keeps a stale manager off it']);
      await a.changer.getStatus();
      await assert.rejects(LibraryOwner.acquire({ ...options, ownerId: B, openChanger: openAsHost('host-b') }), isRsm('LIBRARY_UNAVAILABLE', REFUSAL));
      await a.release();
      assert.equal(await catalog.leases.holder(library.id), undefined);
    } finally {
      await served.close();
    }
  });
});
