// The class driver's side of persistent reservations: requests are checked before any device
// sees them, and a miniclass without PR support makes the changer say so, not crash.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { Changer } from '../../../src/driver/changer.ts';
import { ChangerError } from '../../../src/shared/changerError.ts';
import { formatReservationKey, ReservationType, type PersistentReserveOutRequest } from '../../../src/driver/persistentReservation.ts';
import { MINIMAL } from '../../helpers/parameters.ts';
import { RecordingMiniclass } from '../../helpers/recordingMiniclass.ts';

async function openWithout(): Promise<Changer> {
  return Changer.open(`test:${randomUUID()}`, { owner: 'test', connect: async () => new RecordingMiniclass(MINIMAL) });
}

function isCode(code: string, message: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof ChangerError && e.code === code && message.test(e.message);
}

test('a miniclass without persistent reservations: INVALID_DEVICE_REQUEST naming the device', async () => {
  const changer = await openWithout();
  try {
    await assert.rejects(changer.persistentReserveIn(), isCode('INVALID_DEVICE_REQUEST', /^test:.*does not support persistent reservations$/));
    await assert.rejects(changer.persistentReserveOut({ action: 'register-ignore-existing', newKey: 1n }), isCode('INVALID_DEVICE_REQUEST', /persistent reservations/));
  } finally {
    await changer.close();
  }
});

test('keys outside 64 bits, a zero own key and unknown types are refused before the miniclass', async () => {
  const changer = await openWithout();
  const bad: Array<[PersistentReserveOutRequest, RegExp]> = [
    [{ action: 'register-ignore-existing', newKey: 1n << 64n }, /the new key 18446744073709551616 is not a 64-bit reservation key/],
    [{ action: 'register', key: -1n, newKey: 5n }, /the current key -1 is not a 64-bit/],
    [{ action: 'reserve', key: 0n, type: ReservationType.WriteExclusive }, /the key 0 is not a reservation key/],
    [{ action: 'preempt', key: 7n, victimKey: -2n, type: ReservationType.WriteExclusive }, /the key to preempt -2/],
    [{ action: 'release', key: 7n, type: 2 as ReservationType }, /reservation type 2 is not one of 1, 3, 5, 6, 7, 8/],
  ];
  try {
    for (const [request, message] of bad) await assert.rejects(changer.persistentReserveOut(request), isCode('INVALID_PARAMETER', message));
  } finally {
    await changer.close();
  }
});

test('a closed changer refuses persistent reservation requests with INVALID_HANDLE', async () => {
  const changer = await openWithout();
  await changer.close();
  await assert.rejects(changer.persistentReserveIn(), isCode('INVALID_HANDLE', /has been closed/));
});

test('keys print as sg_persist prints them', () => {
  assert.equal(formatReservationKey(0x5253_0000_0001_0a0an), '0x5253000000010a0a');
  assert.equal(formatReservationKey(1n), '0x0000000000000001');
});
