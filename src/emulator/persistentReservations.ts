/**
 * PERSISTENT RESERVE state of the changer LU (SPC-3 5.6): registrations per initiator, at most one
 * reservation, and the generation counter. DESIGN §6 fences a stale RSM owner with exactly this:
 * its key is preempted and the changer itself refuses its commands.
 * APTPL registrations survive power loss through the library state file.
 */
import { PersistentReservationType, PersistentReserveOutAction, SENSE, senseFor } from '../scsi/index.ts';
import { CheckCondition, ReservationConflict, type ReservationAccess } from './command.ts';
import type { PersistentReservationRecord } from './libraryState.ts';
import { invalidField } from './senseForCondition.ts';
import type { UnitAttentions } from './unitAttentions.ts';

export interface ReservationOutParameters {
  readonly reservationKey: bigint;
  readonly serviceActionReservationKey: bigint;
  readonly activatePersistThroughPowerLoss: boolean;
}

export interface HeldReservation {
  readonly holder: string;
  readonly type: number;
}

const VALID_TYPES: readonly number[] = Object.values(PersistentReservationType);
const ALL_REGISTRANTS: readonly number[] = [PersistentReservationType.WRITE_EXCLUSIVE_ALL_REGISTRANTS, PersistentReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS];
const REGISTRANTS_ONLY: readonly number[] = [
  PersistentReservationType.WRITE_EXCLUSIVE_REGISTRANTS_ONLY,
  PersistentReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY,
];
const EXCLUSIVE_ACCESS: readonly number[] = [
  PersistentReservationType.EXCLUSIVE_ACCESS,
  PersistentReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY,
  PersistentReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS,
];

function keyHex(key: bigint): string {
  return key.toString(16).padStart(16, '0');
}

export class PersistentReservations {
  readonly #registrations = new Map<string, bigint>();
  #reservation: HeldReservation | null = null;
  #generation = 0;
  #persistThroughPowerLoss = false;
  readonly #attentions: UnitAttentions;
  readonly #save: (record: PersistentReservationRecord | null) => void;

  constructor(attentions: UnitAttentions, save: (record: PersistentReservationRecord | null) => void) {
    this.#attentions = attentions;
    this.#save = save;
  }

  /** Power on: APTPL state comes back from the state file, anything else is gone. */
  restore(record: PersistentReservationRecord | null): void {
    this.#registrations.clear();
    this.#reservation = null;
    this.#persistThroughPowerLoss = record !== null;
    if (record === null) return;
    this.#generation = record.generation;
    for (const r of record.registrations) this.#registrations.set(r.initiator, BigInt(`0x${r.key}`));
    this.#reservation = record.reservation;
  }

  get generation(): number {
    return this.#generation;
  }

  get reservation(): HeldReservation | null {
    return this.#reservation;
  }

  get persistThroughPowerLoss(): boolean {
    return this.#persistThroughPowerLoss;
  }

  /** Registered keys in registration order. */
  keys(): bigint[] {
    return [...this.#registrations.values()];
  }

  registrations(): ReadonlyMap<string, bigint> {
    return this.#registrations;
  }

  /** Key of the reservation holder as READ RESERVATION reports it (0 for all-registrants types). */
  holderKey(): bigint {
    if (this.#reservation === null || ALL_REGISTRANTS.includes(this.#reservation.type)) return 0n;
    return this.#registrations.get(this.#reservation.holder) ?? 0n;
  }

  /** Registrations or a reservation exist (SPC-2 RESERVE then conflicts). */
  get active(): boolean {
    return this.#registrations.size > 0 || this.#reservation !== null;
  }

  /** R_HOLDER of READ FULL STATUS: the holder, or every registrant under an all-registrants type. */
  holds(initiator: string): boolean {
    const r = this.#reservation;
    if (r === null) return false;
    return ALL_REGISTRANTS.includes(r.type) ? this.#registrations.has(initiator) : r.holder === initiator;
  }

  #isHolder(initiator: string): boolean {
    const r = this.#reservation;
    if (r === null) return false;
    if (ALL_REGISTRANTS.includes(r.type) || REGISTRANTS_ONLY.includes(r.type)) return this.#registrations.has(initiator);
    return r.holder === initiator;
  }

  conflicts(initiator: string, access: ReservationAccess): boolean {
    const r = this.#reservation;
    if (r === null || access === 'always' || this.#isHolder(initiator)) return false;
    return access === 'write' || EXCLUSIVE_ACCESS.includes(r.type);
  }

  /** PERSISTENT RESERVE OUT. Throws ReservationConflict or CheckCondition. */
  out(initiator: string, action: number, scope: number, type: number, p: ReservationOutParameters): void {
    if (action === PersistentReserveOutAction.REGISTER || action === PersistentReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY) {
      this.#register(initiator, p, action === PersistentReserveOutAction.REGISTER);
      this.#persist(p.activatePersistThroughPowerLoss);
      return;
    }
    if (action === PersistentReserveOutAction.REGISTER_AND_MOVE) throw new CheckCondition(invalidField(true, 1, 4));
    const registered = this.#registrations.get(initiator);
    if (registered === undefined || registered !== p.reservationKey) throw new ReservationConflict();
    const needsType = action !== PersistentReserveOutAction.CLEAR && !(action === PersistentReserveOutAction.RELEASE && this.#reservation === null);
    if (needsType && scope !== 0) throw new CheckCondition(invalidField(true, 2, 7));
    if (needsType && !VALID_TYPES.includes(type)) throw new CheckCondition(invalidField(true, 2, 3));
    switch (action) {
      case PersistentReserveOutAction.RESERVE:
        this.#reserve(initiator, type);
        break;
      case PersistentReserveOutAction.RELEASE:
        this.#release(initiator, type);
        break;
      case PersistentReserveOutAction.CLEAR:
        this.#clear(initiator);
        break;
      default:
        this.#preempt(initiator, type, p.serviceActionReservationKey);
    }
    this.#persist(this.#persistThroughPowerLoss);
  }

  #register(initiator: string, p: ReservationOutParameters, checkKey: boolean): void {
    const current = this.#registrations.get(initiator);
    if (checkKey && (current ?? 0n) !== p.reservationKey) throw new ReservationConflict();
    const newKey = p.serviceActionReservationKey;
    if (current === undefined && newKey === 0n) return;
    this.#generation++;
    if (newKey !== 0n) {
      this.#registrations.set(initiator, newKey);
      return;
    }
    this.#unregister(initiator);
  }

  /** Unregistering the holder releases its reservation (all-registrants: when the last one goes). */
  #unregister(initiator: string): void {
    this.#registrations.delete(initiator);
    const r = this.#reservation;
    if (r === null) return;
    if (ALL_REGISTRANTS.includes(r.type)) {
      if (this.#registrations.size === 0) this.#reservation = null;
      return;
    }
    if (r.holder !== initiator) return;
    this.#reservation = null;
    if (REGISTRANTS_ONLY.includes(r.type)) this.#notifyRegistrants('reservations-released', initiator);
  }

  #reserve(initiator: string, type: number): void {
    const r = this.#reservation;
    if (r === null) {
      this.#reservation = { holder: initiator, type };
      return;
    }
    if (!this.#isHolder(initiator) || r.type !== type) throw new ReservationConflict();
  }

  #release(initiator: string, type: number): void {
    const r = this.#reservation;
    if (r === null || !this.#isHolder(initiator)) return;
    if (r.type !== type) throw new CheckCondition(senseFor(SENSE.INVALID_RELEASE_OF_PERSISTENT_RESERVATION));
    this.#reservation = null;
    if (REGISTRANTS_ONLY.includes(r.type) || ALL_REGISTRANTS.includes(r.type)) this.#notifyRegistrants('reservations-released', initiator);
  }

  #clear(initiator: string): void {
    this.#notifyRegistrants('reservations-preempted', initiator);
    this.#registrations.clear();
    this.#reservation = null;
    this.#generation++;
  }

  #preempt(initiator: string, type: number, victimKey: bigint): void {
    const r = this.#reservation;
    const allRegistrants = r !== null && ALL_REGISTRANTS.includes(r.type);
    const takesReservation = r !== null && (allRegistrants ? victimKey === 0n : victimKey === this.holderKey());
    if (victimKey === 0n && !allRegistrants) throw new CheckCondition(invalidField(false, 8));
    const victims = [...this.#registrations]
      .filter(([who, key]) => who !== initiator && (allRegistrants && victimKey === 0n ? true : key === victimKey))
      .map(([who]) => who);
    if (victims.length === 0 && !takesReservation) throw new ReservationConflict();
    for (const who of victims) {
      this.#registrations.delete(who);
      this.#attentions.raise(who, 'registrations-preempted');
    }
    if (takesReservation) this.#reservation = { holder: initiator, type };
    this.#generation++;
  }

  #notifyRegistrants(condition: 'reservations-released' | 'reservations-preempted', except: string): void {
    for (const who of this.#registrations.keys()) if (who !== except) this.#attentions.raise(who, condition);
  }

  /** Writes the state for power-loss survival when APTPL was asked, clears it otherwise. */
  #persist(aptpl: boolean): void {
    this.#persistThroughPowerLoss = aptpl;
    if (!aptpl) {
      this.#save(null);
      return;
    }
    this.#save({
      generation: this.#generation,
      registrations: [...this.#registrations].map(([initiator, key]) => ({ initiator, key: keyHex(key) })),
      reservation: this.#reservation,
    });
  }
}
