/**
 * The SCSI-side state of the changer LU that is not library mechanics: SPC-2 and persistent
 * reservations, current mode parameters, and each initiator's last SEND VOLUME TAG translation.
 * Power-on, resets and nexus loss clear what SPC says they clear.
 */
import type { ReservationAccess } from './command.ts';
import type { Library } from './library.ts';
import { PersistentReservations } from './persistentReservations.ts';

/** Result of a SEND VOLUME TAG translate, read back by REQUEST VOLUME ELEMENT ADDRESS. */
export interface VolumeTranslation {
  readonly sendActionCode: number;
  /** Matching element addresses, ascending. */
  readonly addresses: readonly number[];
}

export class DeviceSession {
  readonly library: Library;
  readonly persistentReservations: PersistentReservations;
  /** Initiator holding an SPC-2 RESERVE(6)/(10) of the whole LU. */
  reserveHolder: string | null = null;
  /** Control page 0Ah D_SENSE, current value. */
  descriptorSense: boolean;
  readonly translations = new Map<string, VolumeTranslation>();

  constructor(library: Library) {
    this.library = library;
    this.persistentReservations = new PersistentReservations(library.attentions, (record) => {
      library.state.persistentReservations = record;
      library.commit();
    });
    this.persistentReservations.restore(library.state.persistentReservations);
    this.descriptorSense = library.state.savedMode.descriptorSense;
    library.onPowerOn(() => this.powerOn());
  }

  /** Power on or hard reset: volatile state goes, saved parameters and APTPL registrations return. */
  powerOn(): void {
    this.reserveHolder = null;
    this.persistentReservations.restore(this.library.state.persistentReservations);
    this.descriptorSense = this.library.state.savedMode.descriptorSense;
    this.translations.clear();
  }

  /** LOGICAL UNIT RESET / target reset (SAM): reservations and prevent state cleared, modes to saved. */
  logicalUnitReset(): void {
    this.reserveHolder = null;
    this.library.clearPrevent();
    this.descriptorSense = this.library.state.savedMode.descriptorSense;
    this.translations.clear();
  }

  /** I_T nexus loss: that initiator's SPC-2 reservation, prevent and translation are gone. */
  nexusLost(initiator: string): void {
    if (this.reserveHolder === initiator) this.reserveHolder = null;
    this.library.setPrevent(initiator, false);
    this.translations.delete(initiator);
  }

  /** RESERVATION CONFLICT for this initiator and command? */
  conflicts(initiator: string, access: ReservationAccess, allowedUnderReserve: boolean): boolean {
    if (this.reserveHolder !== null && this.reserveHolder !== initiator && !allowedUnderReserve) return true;
    return this.persistentReservations.conflicts(initiator, access);
  }
}
