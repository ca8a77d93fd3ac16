// A miniclass that records what the class driver lets through. It stands in for a device only in
// the class-driver unit tests, whose subject is exactly that boundary; the full stack
// (driver → smc miniclass → loopback → virtual library) is tested in test/integration.
import type { ChangerElement } from '../../src/driver/changerElement.ts';
import type { ChangerParameters } from '../../src/driver/changerParameters.ts';
import { ExceptionCode, type ElementStatus } from '../../src/driver/elementStatus.ts';
import type { Miniclass } from '../../src/driver/miniclass.ts';
import type { ProductData } from '../../src/driver/productData.ts';
import { DeviceProblem, type AccessControl, type DiagnosticResult, type ElementStatusQuery, type ExchangeRequest, type InitializeQuery, type MoveRequest, type PositionRequest, type VolumeTagQuery } from '../../src/driver/requests.ts';

export interface RecordedCall {
  readonly routine: string;
  readonly args: readonly unknown[];
}

export class RecordingMiniclass implements Miniclass {
  readonly calls: RecordedCall[] = [];
  closed = 0;
  /** When set, the next routine call fails with it. */
  failWith: unknown = undefined;

  constructor(private readonly parameters: ChangerParameters) {}

  private record(routine: string, ...args: unknown[]): void {
    this.calls.push({ routine, args });
    if (this.failWith !== undefined) {
      const e = this.failWith;
      this.failWith = undefined;
      throw e;
    }
  }

  routines(): string[] {
    return this.calls.map((c) => c.routine).filter((r) => r !== 'initialize' && r !== 'getParameters');
  }

  async initialize(): Promise<void> {
    this.record('initialize');
  }
  async getParameters(): Promise<ChangerParameters> {
    this.record('getParameters');
    return this.parameters;
  }
  async getStatus(): Promise<void> {
    this.record('getStatus');
  }
  async getProductData(): Promise<ProductData> {
    this.record('getProductData');
    return { vendorId: 'CHANGER', productId: 'TEST', revision: '0001', serialNumber: 'S1', deviceType: 8 };
  }
  async setAccess(element: ChangerElement, control: AccessControl): Promise<void> {
    this.record('setAccess', element, control);
  }
  async getElementStatus(query: ElementStatusQuery): Promise<ElementStatus[]> {
    this.record('getElementStatus', query);
    return Array.from({ length: query.count }, (_, i) => ({
      element: { type: query.element.type, index: query.element.index + i },
      sourceElement: undefined, flags: 0, exceptionCode: ExceptionCode.None, targetId: 0, lun: 0,
      primaryVolumeId: undefined, alternateVolumeId: undefined, driveIdentity: undefined,
    }));
  }
  async initializeElementStatus(query: InitializeQuery): Promise<void> {
    this.record('initializeElementStatus', query);
  }
  async setPosition(request: PositionRequest): Promise<void> {
    this.record('setPosition', request);
  }
  async moveMedium(request: MoveRequest): Promise<void> {
    this.record('moveMedium', request);
  }
  async exchangeMedium(request: ExchangeRequest): Promise<void> {
    this.record('exchangeMedium', request);
  }
  async reinitializeTransport(transport: ChangerElement): Promise<void> {
    this.record('reinitializeTransport', transport);
  }
  async queryVolumeTags(query: VolumeTagQuery): Promise<ElementStatus[]> {
    this.record('queryVolumeTags', query);
    return [];
  }
  async performDiagnostics(): Promise<DiagnosticResult> {
    this.record('performDiagnostics');
    return { problem: DeviceProblem.None, detail: 'ok' };
  }
  async close(): Promise<void> {
    this.closed++;
  }
}
