import type { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../driver/changerError.ts';
import { formatReservationKey, ReservationType, type PersistentReservationState } from '../../driver/persistentReservation.ts';
import { RsmError } from '../rsmError.ts';
import { isManagerKey } from './reservationKey.ts';

/**
 * The device half of library ownership (DESIGN §6): the owner registers its key and holds a
 * Write Exclusive persistent reservation, so every other initiator may still read the library
 * (element status, mode pages) but only the owner may move a cartridge. Taking over preempts the
 * previous owner's key: from then on the changer answers that owner's moves with RESERVATION
 * CONFLICT, however late they arrive.
 */

export type DeviceFence =
  | {
      readonly fenced: true;
      /** The key this manager registered. */
      readonly key: bigint;
      /** Earlier managers' keys this acquisition removed from the changer. */
      readonly preempted: readonly bigint[];
    }
  | {
      readonly fenced: false;
      /** Why the changer cannot fence: it has no persistent reservations. */
      readonly reason: string;
    };

const OWNER_TYPE = ReservationType.WriteExclusive;
/** Another initiator may change registrations between our read and our action: read again. */
const MAX_ATTEMPTS = 3;

export async function fenceDevice(changer: Changer, key: bigint): Promise<DeviceFence> {
  try {
    await changer.persistentReserveOut({ action: 'register-ignore-existing', newKey: key });
  } catch (e) {
    // 05/20/00 (no such command) or 05/24/00 (no such service action): a changer without PR.
    if (isChangerError(e, 'INVALID_DEVICE_REQUEST') || isChangerError(e, 'INVALID_PARAMETER')) return { fenced: false, reason: e.message };
    throw e;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const preempted = await takeReservation(changer, key, await changer.persistentReserveIn());
      const after = await changer.persistentReserveIn();
      if (after.reservation?.key === key) return { fenced: true, key, preempted };
    } catch (e) {
      if (!isChangerError(e, 'RESERVATION_CONFLICT')) throw e;
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new RsmError('LIBRARY_UNAVAILABLE', `${changer.url}: could not take the persistent reservation with key ${formatReservationKey(key)} after ${MAX_ATTEMPTS} attempts: other initiators keep changing it`);
    }
  }
}

/** Reserve, or preempt the holder when it is an earlier manager; also drop stale managers' keys. */
async function takeReservation(changer: Changer, key: bigint, state: PersistentReservationState): Promise<bigint[]> {
  const holder = state.reservation;
  const preempted: bigint[] = [];
  if (holder === undefined) {
    await changer.persistentReserveOut({ action: 'reserve', key, type: OWNER_TYPE });
  } else if (holder.key !== key) {
    if (!isManagerKey(holder.key)) throw foreignReservation(changer, holder.key, holder.type);
    await changer.persistentReserveOut({ action: 'preempt', key, victimKey: holder.key, type: OWNER_TYPE });
    preempted.push(holder.key);
  }
  // Keys of managers that registered but never reserved (or crashed between the two) go too,
  // so the changer's list shows the one owner.
  for (const stale of state.keys) {
    if (stale === key || !isManagerKey(stale) || preempted.includes(stale)) continue;
    await changer.persistentReserveOut({ action: 'preempt', key, victimKey: stale, type: OWNER_TYPE });
    preempted.push(stale);
  }
  return preempted;
}

function foreignReservation(changer: Changer, key: bigint, type: number): RsmError {
  return new RsmError(
    'LIBRARY_UNAVAILABLE',
    `${changer.url} is reserved by an initiator that is not a manager (key ${formatReservationKey(key)}, type ${type}); ` +
      'clear that reservation (sg_persist --out --clear) before a manager can own the library',
    { detail: { reservationKey: formatReservationKey(key), reservationType: type } },
  );
}

/** Give the device back on a clean release: no reservation, our key unregistered. */
export async function unfenceDevice(changer: Changer, key: bigint): Promise<void> {
  await changer.persistentReserveOut({ action: 'release', key, type: OWNER_TYPE });
  await changer.persistentReserveOut({ action: 'register', key, newKey: 0n });
}
