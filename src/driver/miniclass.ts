import type { ChangerElement } from './changerElement.ts';
import type { ChangerParameters } from './changerParameters.ts';
import type { ElementStatus } from './elementStatus.ts';
import type { PersistentReservationState, PersistentReserveOutRequest } from './persistentReservation.ts';
import type { ProductData } from './productData.ts';
import type {
  AccessControl, DiagnosticResult, ElementStatusQuery, ExchangeRequest, InitializeQuery, MoveRequest,
  PositionRequest, VolumeTagQuery,
} from './requests.ts';
import type { UnitAttention } from './unitAttention.ts';

/**
 * One per device family: the routines of the Windows miniclass (reference windows-changer §6).
 * The class driver (Changer) validates every request before it reaches a miniclass, so a
 * miniclass may assume types, indexes and feature gates are right. Failures are ChangerErrors.
 */
export interface Miniclass {
  initialize(): Promise<void>;
  getParameters(): Promise<ChangerParameters>;
  getStatus(): Promise<void>;
  getProductData(): Promise<ProductData>;
  setAccess(element: ChangerElement, control: AccessControl): Promise<void>;
  getElementStatus(query: ElementStatusQuery): Promise<ElementStatus[]>;
  initializeElementStatus(query: InitializeQuery): Promise<void>;
  setPosition(request: PositionRequest): Promise<void>;
  moveMedium(request: MoveRequest): Promise<void>;
  exchangeMedium(request: ExchangeRequest): Promise<void>;
  reinitializeTransport(transport: ChangerElement): Promise<void>;
  queryVolumeTags(query: VolumeTagQuery): Promise<ElementStatus[]>;
  performDiagnostics(): Promise<DiagnosticResult>;
  /**
   * IOCTL_STORAGE_PERSISTENT_RESERVE_IN: the registered keys and the reservation. Optional: a
   * miniclass without it, or a device that rejects the command, has no persistent reservations.
   */
  persistentReserveIn?(): Promise<PersistentReservationState>;
  /** IOCTL_STORAGE_PERSISTENT_RESERVE_OUT: register, reserve, release, clear or preempt. */
  persistentReserveOut?(request: PersistentReserveOutRequest): Promise<void>;
  /**
   * Report every unit attention the device raises, including those the miniclass retries past
   * (the class driver decides which of them mean element status may have changed, unitAttention.ts).
   * Optional: a miniclass without it reports none. The class driver calls it once, before initialize.
   */
  watchUnitAttentions?(listener: (attention: UnitAttention) => void): void;
  /** Release the device (transport close); the class driver calls it once on close. */
  close(): Promise<void>;
}
