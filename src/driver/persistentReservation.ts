import { ChangerError } from '../shared/changerError.ts';

/**
 * SCSI persistent reservations of the changer, as the Windows storage stack passes them through
 * (IOCTL_STORAGE_PERSISTENT_RESERVE_IN / _OUT): each initiator registers a 64-bit key, one of them
 * holds the reservation, and any registrant can preempt another's key. The RSM fences a stale
 * owner with them (DESIGN §6): the new owner preempts the old key and the changer itself refuses
 * the old owner's moves with RESERVATION CONFLICT.
 */

/** TYPE of a persistent reservation (SPC-3 table 187). */
export const ReservationType = {
  /** Others may read (element status, mode pages) but not move: what a library owner wants. */
  WriteExclusive: 0x1,
  /** Others may not even read. */
  ExclusiveAccess: 0x3,
  WriteExclusiveRegistrantsOnly: 0x5,
  ExclusiveAccessRegistrantsOnly: 0x6,
  WriteExclusiveAllRegistrants: 0x7,
  ExclusiveAccessAllRegistrants: 0x8,
} as const;

export type ReservationType = (typeof ReservationType)[keyof typeof ReservationType];

/** What PERSISTENT RESERVE IN reports (READ KEYS, then READ RESERVATION). */
export interface PersistentReservationState {
  /** PRgeneration: bumped by every registration change, so two reads can be told apart. */
  readonly generation: number;
  /** Every registered key, one per registered initiator. */
  readonly keys: readonly bigint[];
  /** The reservation, if any; its key is 0 for the all-registrants types. */
  readonly reservation: { readonly key: bigint; readonly type: ReservationType } | undefined;
}

/** One PERSISTENT RESERVE OUT service action. `key` is always the caller's registered key. */
export type PersistentReserveOutRequest =
  /** REGISTER: replace `key` (0 when not registered yet) with `newKey`; `newKey` 0 unregisters. */
  | { readonly action: 'register'; readonly key: bigint; readonly newKey: bigint }
  /** REGISTER AND IGNORE EXISTING KEY: register `newKey` whatever this initiator had before. */
  | { readonly action: 'register-ignore-existing'; readonly newKey: bigint }
  | { readonly action: 'reserve'; readonly key: bigint; readonly type: ReservationType }
  | { readonly action: 'release'; readonly key: bigint; readonly type: ReservationType }
  /** CLEAR: drop every registration and the reservation. */
  | { readonly action: 'clear'; readonly key: bigint }
  /** PREEMPT: remove the registrations of `victimKey`, taking its reservation when it held it. */
  | { readonly action: 'preempt'; readonly key: bigint; readonly victimKey: bigint; readonly type: ReservationType };

const MAX_KEY = (1n << 64n) - 1n;
const TYPES: readonly number[] = Object.values(ReservationType);

function checkKey(name: string, key: bigint, allowZero: boolean): void {
  if (key < 0n || key > MAX_KEY) throw new ChangerError('INVALID_PARAMETER', `${name} ${key} is not a 64-bit reservation key`);
  if (!allowZero && key === 0n) throw new ChangerError('INVALID_PARAMETER', `${name} 0 is not a reservation key (0 means "none")`);
}

/** The class driver's check of a PERSISTENT RESERVE OUT request, before the device sees it. */
export function checkPersistentReserveOut(request: PersistentReserveOutRequest): void {
  switch (request.action) {
    case 'register':
      checkKey('the current key', request.key, true);
      checkKey('the new key', request.newKey, true);
      return;
    case 'register-ignore-existing':
      checkKey('the new key', request.newKey, true);
      return;
    case 'preempt':
      checkKey('the key', request.key, false);
      checkKey('the key to preempt', request.victimKey, true);
      break;
    default:
      checkKey('the key', request.key, false);
  }
  if ('type' in request && !TYPES.includes(request.type)) {
    throw new ChangerError('INVALID_PARAMETER', `reservation type ${String(request.type)} is not one of ${TYPES.join(', ')}`);
  }
}

/** A key as sg_persist prints it: 0x and 16 hex digits. */
export function formatReservationKey(key: bigint): string {
  return `0x${key.toString(16).padStart(16, '0')}`;
}
