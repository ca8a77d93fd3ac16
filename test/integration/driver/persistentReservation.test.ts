// Persistent reservations through the whole stack — class driver → SMC miniclass → loopback →
// virtual library — with several initiators on one library, each its own nexus, as several hosts
// would be: the reservation keeps the others' moves out, a preempted owner is refused by the
// changer itself, and a changer without PR says so with INVALID_DEVICE_REQUEST.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Changer } from '../../../src/driver/changer.ts';
import { ChangerError, type ChangerErrorCode } from '../../../src/shared/changerError.ts';
import { ElementStatusFlags } from '../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import { ReservationType } from '../../../src/driver/persistentReservation.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import type { ScsiDevice } from '../../../src/scsi/device.ts';
import { buildSenseData } from '../../../src/scsi/sense/senseData.ts';
import { senseFor } from '../../../src/scsi/sense/formatErrorSense.ts';
import { SENSE } from '../../../src/scsi/sense/senseConditions.ts';
import { Opcode } from '../../../src/scsi/opcodes.ts';
import { LoopbackTransport } from '../../../src/transport/loopback.ts';

const KEY_A = 0x5253_0000_0001_0a0an;
const KEY_B = 0x5253_0000_0002_0b0bn;
const picker = { type: ElementType.Transport, index: 0 };
const slot = (index: number): { type: ElementType; index: number } => ({ type: ElementType.Slot, index });

let library: VirtualLibrary;
const opened: Changer[] = [];

before(async () => {
  library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
});

after(async () => {
  for (const c of opened) await c.close();
  await library.close();
});

/** A changer on `device` as initiator `name`: its own nexus, its own exclusive hold. */
async function openAs(name: string, device: ScsiDevice = library.device): Promise<Changer> {
  const url = `virtual:pr-test-${name}`;
  const changer = await Changer.open(url, {
    owner: name,
    deviceKey: `pr-test:${name}:${Math.random()}`,
    connect: async () => new SmcMiniclass(new LoopbackTransport(device, { initiator: name, lun: 0 }, url)),
  });
  opened.push(changer);
  return changer;
}

async function fails(p: Promise<unknown>, code: ChangerErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ChangerError, String(e));
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  });
}

/** Indexes of the first full and the first empty slot, as the changer reports them. */
async function fullAndEmptySlots(changer: Changer): Promise<[number, number]> {
  const slots = await changer.getElementStatus({ element: slot(0), count: changer.cachedParameters.numberStorageElements, volumeTagInfo: false });
  const full = slots.find((s) => (s.flags & ElementStatusFlags.FULL) !== 0);
  const empty = slots.find((s) => (s.flags & ElementStatusFlags.FULL) === 0);
  assert.ok(full !== undefined && empty !== undefined);
  return [full.element.index, empty.element.index];
}

async function slotIsFull(changer: Changer, index: number): Promise<boolean> {
  const [s] = await changer.getElementStatus({ element: slot(index), count: 1, volumeTagInfo: false });
  return s !== undefined && (s.flags & ElementStatusFlags.FULL) !== 0;
}

test('a write-exclusive reservation keeps other initiators from moving, not from reading, and a preempted owner is refused by the changer', async () => {
  const a = await openAs('initiator-a');
  const b = await openAs('initiator-b');
  assert.deepEqual(await a.persistentReserveIn(), { generation: 0, keys: [], reservation: undefined });

  await a.persistentReserveOut({ action: 'register-ignore-existing', newKey: KEY_A });
  await a.persistentReserveOut({ action: 'reserve', key: KEY_A, type: ReservationType.WriteExclusive });
  assert.deepEqual(await b.persistentReserveIn(), { generation: 1, keys: [KEY_A], reservation: { key: KEY_A, type: ReservationType.WriteExclusive } });

  // B still reads the library, but its move is refused by the device.
  const [full, empty] = await fullAndEmptySlots(b);
  await fails(b.moveMedium({ transport: picker, source: slot(full), destination: slot(empty), flip: false }), 'RESERVATION_CONFLICT', /reserved by another initiator/);
  assert.equal(await slotIsFull(b, full), true, 'the refused move moved nothing');

  // The holder moves; then B registers and preempts A's key, taking the reservation.
  await a.moveMedium({ transport: picker, source: slot(full), destination: slot(empty), flip: false });
  await b.persistentReserveOut({ action: 'register-ignore-existing', newKey: KEY_B });
  await b.persistentReserveOut({ action: 'preempt', key: KEY_B, victimKey: KEY_A, type: ReservationType.WriteExclusive });
  assert.deepEqual(await a.persistentReserveIn(), { generation: 3, keys: [KEY_B], reservation: { key: KEY_B, type: ReservationType.WriteExclusive } });

  // A, preempted, can neither move nor reserve again with its old key.
  await fails(a.moveMedium({ transport: picker, source: slot(empty), destination: slot(full), flip: false }), 'RESERVATION_CONFLICT');
  await fails(a.persistentReserveOut({ action: 'reserve', key: KEY_A, type: ReservationType.WriteExclusive }), 'RESERVATION_CONFLICT', /refused key 0x5253000000010a0a/);
  assert.equal(await slotIsFull(a, empty), true, 'the stale owner moved nothing');
  await b.moveMedium({ transport: picker, source: slot(empty), destination: slot(full), flip: false });

  // Release and unregister leave the library as it was: nobody registered, nobody reserved.
  await b.persistentReserveOut({ action: 'release', key: KEY_B, type: ReservationType.WriteExclusive });
  await b.persistentReserveOut({ action: 'register', key: KEY_B, newKey: 0n });
  assert.deepEqual(await a.persistentReserveIn(), { generation: 4, keys: [], reservation: undefined });
  await a.moveMedium({ transport: picker, source: slot(full), destination: slot(empty), flip: false });
  await a.moveMedium({ transport: picker, source: slot(empty), destination: slot(full), flip: false });
});

test('READ KEYS longer than the first allocation is read again whole', async () => {
  const registrants = await Promise.all(Array.from({ length: 40 }, (_, i) => openAs(`many-${i}`)));
  for (const [i, c] of registrants.entries()) await c.persistentReserveOut({ action: 'register-ignore-existing', newKey: BigInt(i + 1) });
  const first = registrants[0] as Changer;
  const state = await first.persistentReserveIn();
  assert.deepEqual(state.keys, Array.from({ length: 40 }, (_, i) => BigInt(i + 1)));
  await first.persistentReserveOut({ action: 'clear', key: 1n });
  assert.deepEqual((await first.persistentReserveIn()).keys, []);
});

test('a changer that does not know PERSISTENT RESERVE answers INVALID_DEVICE_REQUEST', async () => {
  const illegal = buildSenseData(senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE));
  const withoutPr: ScsiDevice = {
    execute: async (nexus, request) =>
      request.cdb[0] === Opcode.PERSISTENT_RESERVE_IN || request.cdb[0] === Opcode.PERSISTENT_RESERVE_OUT
        ? { status: 0x02, dataIn: new Uint8Array(0), sense: illegal }
        : library.device.execute(nexus, request),
  };
  const c = await openAs('old-changer', withoutPr);
  await fails(c.persistentReserveIn(), 'INVALID_DEVICE_REQUEST', /does not support this command \(sense 5\/20\/00\)/);
  await fails(c.persistentReserveOut({ action: 'register-ignore-existing', newKey: KEY_A }), 'INVALID_DEVICE_REQUEST');
});
