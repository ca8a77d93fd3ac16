import type { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../shared/changerError.ts';
import { formatReservationKey, ReservationType, type PersistentReservationState } from '../../driver/persistentReservation.ts';
import { RsmError } from '../rsmError.ts';
import { isManagerKey } from './reservationKey.ts';

/**
 * The device half of library ownership (DESIGN §6): the owner registers its key and holds a
 * persistent reservation, so no other initiator may change the library — move, inventory, set
 * volume tags, open or close a mailslot, lock it, change mode pages — and the changer answers it
 * RESERVATION CONFLICT (SPC-4 / SMC-3 reservation tables). The type is the manager's read-only
 * monitoring setting: on (the default), Write Exclusive, which still lets others read element
 * status (READ ELEMENT STATUS, REQUEST VOLUME ELEMENT ADDRESS); off, Exclusive Access, which
 * refuses those too. INQUIRY, TEST UNIT READY, REQUEST SENSE, REPORT LUNS, LOG SENSE and
 * PERSISTENT RESERVE IN pass either type (SPC). Taking over preempts the previous owner's key:
 * from then on the changer answers that owner's moves with RESERVATION CONFLICT, however late
 * they arrive.
 */

export type DeviceFence =
  | {
      readonly fenced: true;
      /** The key this manager registered. */
      readonly key: bigint;
      /** The reservation type it holds (ownerReservationType). */
      readonly type: ReservationType;
      /** Earlier managers' keys this acquisition removed from the changer. */
      readonly preempted: readonly bigint[];
    }
  | {
      readonly fenced: false;
      /** Why the changer cannot fence: it has no persistent reservations. */
      readonly reason: string;
    };

/** Read-only monitoring on: Write Exclusive; off: Exclusive Access. */
export function ownerReservationType(readOnlyMonitoring: boolean): ReservationType {
  return readOnlyMonitoring ? ReservationType.WriteExclusive : ReservationType.ExclusiveAccess;
}

/** Another initiator may change registrations between our read and our action: read again. */
const MAX_ATTEMPTS = 3;

export async function fenceDevice(changer: Changer, key: bigint, type: ReservationType = ReservationType.WriteExclusive): Promise<DeviceFence> {
  try {
    await changer.persistentReserveOut({ action: 'register-ignore-existing', newKey: key });
  } catch (e) {
    // 05/20/00 (no such command) or 05/24/00 (no such service action): a changer without PR.
    if (isChangerError(e, 'INVALID_DEVICE_REQUEST') || isChangerError(e, 'INVALID_PARAMETER')) return { fenced: false, reason: e.message };
    throw e;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const preempted = await takeReservation(changer, key, type, await changer.persistentReserveIn());
      const after = await changer.persistentReserveIn();
      if (after.reservation?.key === key && after.reservation.type === type) return { fenced: true, key, type, preempted };
    } catch (e) {
      if (!isChangerError(e, 'RESERVATION_CONFLICT')) throw e;
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new RsmError('LIBRARY_UNAVAILABLE', `${changer.url}: could not take the persistent reservation with key ${formatReservationKey(key)} after ${MAX_ATTEMPTS} attempts: other initiators keep changing it`);
    }
  }
}

/** Reserve, or preempt the holder when it is an earlier manager; also drop stale managers' keys. */
async function takeReservation(changer: Changer, key: bigint, type: ReservationType, state: PersistentReservationState): Promise<bigint[]> {
  const holder = state.reservation;
  const preempted: bigint[] = [];
  if (holder === undefined) {
    await changer.persistentReserveOut({ action: 'reserve', key, type });
  } else if (holder.key !== key) {
    if (!isManagerKey(holder.key)) throw foreignReservation(changer, holder.key, holder.type);
    await changer.persistentReserveOut({ action: 'preempt', key, victimKey: holder.key, type });
    preempted.push(holder.key);
  } else if (holder.type !== type) {
    // Ours, of the other type (the monitoring setting changed): preempting our own key changes
    // the type in one step, with no moment unreserved (SPC-4 5.9.11.4).
    await changer.persistentReserveOut({ action: 'preempt', key, victimKey: key, type });
  }
  // Keys of managers that registered but never reserved (or crashed between the two) go too,
  // so the changer's list shows the one owner.
  for (const stale of state.keys) {
    if (stale === key || !isManagerKey(stale) || preempted.includes(stale)) continue;
    await changer.persistentReserveOut({ action: 'preempt', key, victimKey: stale, type });
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
export async function unfenceDevice(changer: Changer, key: bigint, type: ReservationType): Promise<void> {
  await changer.persistentReserveOut({ action: 'release', key, type });
  await changer.persistentReserveOut({ action: 'register', key, newKey: 0n });
}
