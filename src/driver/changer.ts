import type { ChangerElement } from './changerElement.ts';
import { ChangerError, isChangerError } from '../shared/changerError.ts';
import type { ChangerParameters } from './changerParameters.ts';
import { deviceIoControl, type IoctlResult } from './deviceIoControl.ts';
import type { ElementStatus } from './elementStatus.ts';
import { ExclusiveHold } from './exclusiveHold.ts';
import type { Miniclass } from './miniclass.ts';
import { checkPersistentReserveOut, type PersistentReservationState, type PersistentReserveOutRequest } from './persistentReservation.ts';
import type { ProductData } from './productData.ts';
import {
  checkExchangeMedium, checkGetElementStatus, checkInitializeElementStatus, checkMoveMedium, checkQueryVolumeTags,
  checkReinitializeTransport, checkSetAccess, checkSetPosition,
} from './requestChecks.ts';
import type {
  AccessControl, DiagnosticResult, ElementStatusQuery, ExchangeRequest, InitializeQuery, MoveRequest,
  PositionRequest, VolumeTagQuery,
} from './requests.ts';
import { changesElementStatus, type ElementStatusChangeListener } from './unitAttention.ts';
import { validateParameters } from './validateParameters.ts';

/** Connects a device URL to the miniclass that drives it (driver/smc over a transport, …). */
export type MiniclassFactory = (url: string) => Promise<Miniclass>;

export interface OpenOptions {
  /** Who holds the changer, shown to anyone else who tries to open it. */
  readonly owner: string;
  /** How to reach the device; defaults to the registered device-URL resolver. */
  readonly connect?: MiniclassFactory;
  /** The name the exclusive hold is keyed on; defaults to the URL. */
  readonly deviceKey?: string;
  /**
   * Take the exclusive hold from a holder on this host that is alive but does not answer (stopped,
   * hung). Only for a caller that proved the holder lost the changer: a manager holding its lease.
   */
  readonly takeFromSilentHolder?: boolean;
  /**
   * Called, from open on, once for each unit attention after which the library's element status
   * may have changed (a door closed, a mailslot used, a reset, a magazine pulled: unitAttention.ts).
   * The driver retries the command that met it, so no caller sees it otherwise; this is the
   * owner's cue to read element status again (Windows: the class driver's media-change event).
   * Called synchronously while the command is in flight: queue work, do not run it here.
   */
  readonly onElementStatusMayHaveChanged?: ElementStatusChangeListener;
}

let defaultConnect: MiniclassFactory | undefined;
let defaultDeviceKey: (url: string) => string = (url) => url;

/**
 * Installed once by the layer that knows device URLs (driver/smc/connect.ts), so the class driver
 * need not import transports: how to reach a URL, and the name its exclusive hold is keyed on.
 */
export function setDefaultMiniclassFactory(factory: MiniclassFactory, deviceKey?: (url: string) => string): void {
  defaultConnect = factory;
  if (deviceKey !== undefined) defaultDeviceKey = deviceKey;
}

/**
 * The class driver: the IOCTL_CHANGER_* surface over one miniclass. It holds the changer
 * exclusively from open to close, validates every request against the changer's parameters
 * (requestChecks.ts) before the miniclass sees it, and turns anything a miniclass throws that is
 * not a ChangerError into IO_DEVICE_ERROR, so callers only ever see ChangerErrors.
 */
export class Changer {
  private closed = false;

  private constructor(
    private readonly miniclass: Miniclass,
    private readonly hold: ExclusiveHold,
    private parameters: ChangerParameters,
    readonly url: string,
  ) {}

  static async open(url: string, options: OpenOptions): Promise<Changer> {
    const connect = options.connect ?? defaultConnect;
    if (connect === undefined) throw new ChangerError('NO_SUCH_DEVICE', `no driver is registered for ${url}`);
    const hold = await ExclusiveHold.acquire(options.deviceKey ?? defaultDeviceKey(url), options.owner, { takeFromSilentHolder: options.takeFromSilentHolder === true });
    let miniclass: Miniclass | undefined;
    try {
      miniclass = await guard(() => connect(url));
      const m = miniclass;
      const listener = options.onElementStatusMayHaveChanged;
      if (listener !== undefined) {
        m.watchUnitAttentions?.((attention) => {
          if (changesElementStatus(attention)) listener(attention);
        });
      }
      await guard(() => m.initialize());
      const parameters = await guard(() => m.getParameters());
      requireValid(parameters, url);
      return new Changer(m, hold, parameters, url);
    } catch (e) {
      await miniclass?.close().catch(() => undefined);
      await hold.release();
      throw e;
    }
  }

  /** The parameters the checks use; re-read from the miniclass each call (cheap: it caches). */
  async getParameters(): Promise<ChangerParameters> {
    this.requireOpen();
    const p = await guard(() => this.miniclass.getParameters());
    requireValid(p, this.url);
    this.parameters = p;
    return p;
  }

  /** The parameters as of the last open, getParameters or unit attention. */
  get cachedParameters(): ChangerParameters {
    return this.parameters;
  }

  async getStatus(): Promise<void> {
    this.requireOpen();
    await guard(() => this.miniclass.getStatus());
  }

  async getProductData(): Promise<ProductData> {
    this.requireOpen();
    return guard(() => this.miniclass.getProductData());
  }

  async setAccess(element: ChangerElement, control: AccessControl): Promise<void> {
    this.requireOpen();
    checkSetAccess(this.parameters, element, control);
    await guard(() => this.miniclass.setAccess(element, control));
  }

  async getElementStatus(query: ElementStatusQuery): Promise<ElementStatus[]> {
    this.requireOpen();
    checkGetElementStatus(this.parameters, query);
    return guard(() => this.miniclass.getElementStatus(query));
  }

  async initializeElementStatus(query: InitializeQuery): Promise<void> {
    this.requireOpen();
    checkInitializeElementStatus(this.parameters, query);
    await guard(() => this.miniclass.initializeElementStatus(query));
  }

  async setPosition(request: PositionRequest): Promise<void> {
    this.requireOpen();
    checkSetPosition(this.parameters, request);
    await guard(() => this.miniclass.setPosition(request));
  }

  async moveMedium(request: MoveRequest): Promise<void> {
    this.requireOpen();
    checkMoveMedium(this.parameters, request);
    await guard(() => this.miniclass.moveMedium(request));
  }

  async exchangeMedium(request: ExchangeRequest): Promise<void> {
    this.requireOpen();
    checkExchangeMedium(this.parameters, request);
    await guard(() => this.miniclass.exchangeMedium(request));
  }

  async reinitializeTransport(transport: ChangerElement): Promise<void> {
    this.requireOpen();
    checkReinitializeTransport(this.parameters, transport);
    await guard(() => this.miniclass.reinitializeTransport(transport));
  }

  async queryVolumeTags(query: VolumeTagQuery): Promise<ElementStatus[]> {
    this.requireOpen();
    checkQueryVolumeTags(this.parameters, query);
    return guard(() => this.miniclass.queryVolumeTags(query));
  }

  async performDiagnostics(): Promise<DiagnosticResult> {
    this.requireOpen();
    return guard(() => this.miniclass.performDiagnostics());
  }

  /**
   * IOCTL_STORAGE_PERSISTENT_RESERVE_IN (READ KEYS and READ RESERVATION). INVALID_DEVICE_REQUEST
   * when the changer has no persistent reservations.
   */
  async persistentReserveIn(): Promise<PersistentReservationState> {
    this.requireOpen();
    const read = this.miniclass.persistentReserveIn?.bind(this.miniclass);
    if (read === undefined) throw this.noPersistentReservations();
    return guard(read);
  }

  /**
   * IOCTL_STORAGE_PERSISTENT_RESERVE_OUT. RESERVATION_CONFLICT when the device refuses the key
   * given; INVALID_DEVICE_REQUEST when the changer has no persistent reservations.
   */
  async persistentReserveOut(request: PersistentReserveOutRequest): Promise<void> {
    this.requireOpen();
    checkPersistentReserveOut(request);
    const send = this.miniclass.persistentReserveOut?.bind(this.miniclass);
    if (send === undefined) throw this.noPersistentReservations();
    await guard(() => send(request));
  }

  /**
   * DeviceIoControl on the changer: one IOCTL_CHANGER_* code over Windows byte buffers, with the
   * class driver's length checks; every outcome is an NTSTATUS, never a throw (deviceIoControl.ts).
   */
  async deviceIoControl(code: number, input: Uint8Array, outputLength: number): Promise<IoctlResult> {
    return deviceIoControl(this, code, input, outputLength);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** IRP_MJ_CLOSE: release the device and the hold. A second close does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.miniclass.close();
    } finally {
      await this.hold.release();
    }
  }

  private noPersistentReservations(): ChangerError {
    return new ChangerError('INVALID_DEVICE_REQUEST', `${this.url}: the changer's driver does not support persistent reservations`);
  }

  private requireOpen(): void {
    if (this.closed) throw new ChangerError('INVALID_HANDLE', `${this.url} has been closed; open it again`);
  }
}

function requireValid(p: ChangerParameters, url: string): void {
  const violations = validateParameters(p);
  if (violations.length > 0) {
    throw new ChangerError('INVALID_PARAMETER', `${url} reports inconsistent changer parameters: ${violations.map((v) => v.message).join('; ')}`);
  }
}

/** Miniclass failures reach callers as ChangerErrors only. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isChangerError(e)) throw e;
    throw new ChangerError('IO_DEVICE_ERROR', `the device failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
