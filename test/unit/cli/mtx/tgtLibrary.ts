// The library the samples were taken from (tgt's virtual changer: 2 drives, 20 slots, 1 mailslot,
// barcodes TST0nnL6), as element statuses and as an in-memory miniclass that answers like the
// SMC miniclass would: SCSI sense and the element address on move failures.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ChangerTo } from '../../../../src/driver/capabilities.ts';
import { Changer } from '../../../../src/driver/changer.ts';
import type { ChangerElement } from '../../../../src/driver/changerElement.ts';
import { ChangerError, type ChangerErrorCode } from '../../../../src/shared/changerError.ts';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../../../../src/driver/changerParameters.ts';
import { ElementStatusFlags as F, ExceptionCode, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../../src/driver/elementType.ts';
import { Features0, features0Word } from '../../../../src/driver/features.ts';
import type { Miniclass } from '../../../../src/driver/miniclass.ts';
import type { ProductData } from '../../../../src/driver/productData.ts';
import { DeviceProblem, type DiagnosticResult, type ElementStatusQuery, type ExchangeRequest, type MoveRequest, type PositionRequest } from '../../../../src/driver/requests.ts';
import { buildFixedSense } from '../../../../src/scsi/sense/fixedSense.ts';
import type { SenseKey } from '../../../../src/scsi/sense/senseKey.ts';
import type { ChangerOpener } from '../../../../src/cli/mtx/openChanger.ts';

export function sample(name: string): string {
  return readFileSync(new URL(`./samples/${name}`, import.meta.url), 'latin1');
}

/** What each element holds: a barcode, or null; a drive also where its cartridge came from. */
export interface TgtContents {
  drives: ({ tag: string; from: ChangerElement } | null)[];
  slots: (string | null)[];
  ports: (string | null)[];
}

/** tgt-mtx-2-status.txt: TST001–004, 006, 010 in slots, IMP001L6 in the mailslot. */
export function initialContents(): TgtContents {
  const slots: (string | null)[] = Array.from({ length: 20 }, () => null);
  for (const n of [1, 2, 3, 4, 6, 10]) slots[n - 1] = `TST${String(n).padStart(3, '0')}L6`;
  return { drives: [null, null], slots, ports: ['IMP001L6'] };
}

/** tgt's element addresses (page 1Dh in tgt-mtx-extra.txt). */
const FIRST_ADDRESS: Record<number, number> = { [T.Transport]: 1, [T.Slot]: 1000, [T.IEPort]: 900, [T.Drive]: 500 };

export function addressOf(e: ChangerElement): number {
  return (FIRST_ADDRESS[e.type] ?? 0) + e.index;
}

function status(element: ChangerElement, tag: string | null, from?: ChangerElement): ElementStatus {
  const full = tag !== null;
  return {
    element,
    sourceElement: from,
    flags: (full ? F.FULL : 0) | F.ACCESS | F.PVOLTAG | (from !== undefined ? F.SVALID : 0) | (element.type === T.IEPort ? F.EXENAB | F.INENAB : 0),
    exceptionCode: ExceptionCode.None,
    targetId: 0,
    lun: 0,
    // tgt reports a volume tag field for every element, blank when it is empty.
    primaryVolumeId: tag ?? '',
    alternateVolumeId: undefined,
    driveIdentity: undefined,
  };
}

export function tgtStatuses(c: TgtContents): ElementStatus[] {
  return [
    status({ type: T.Transport, index: 0 }, null),
    ...c.slots.map((tag, index) => status({ type: T.Slot, index }, tag)),
    ...c.ports.map((tag, index) => status({ type: T.IEPort, index }, tag)),
    ...c.drives.map((d, index) => status({ type: T.Drive, index }, d?.tag ?? null, d?.from)),
  ];
}

const ALL = ChangerTo.SLOT | ChangerTo.IEPORT | ChangerTo.DRIVE;

export function tgtParameters(c: TgtContents): ChangerParameters {
  return {
    ...EMPTY_PARAMETERS,
    numberTransportElements: 1,
    numberStorageElements: c.slots.length,
    numberIEElements: c.ports.length,
    numberDataTransferElements: c.drives.length,
    firstSlotNumber: 1,
    firstIEPortNumber: c.ports.length > 0 ? c.slots.length + 1 : 0,
    features0: features0Word(Features0.STORAGE_SLOT, Features0.STORAGE_IEPORT, Features0.STORAGE_DRIVE, Features0.BAR_CODE_SCANNER_INSTALLED,
      Features0.VOLUME_IDENTIFICATION, Features0.EXCHANGE_MEDIA, Features0.POSITION_TO_ELEMENT, Features0.OPEN_IEPORT),
    moveFromTransport: ALL, moveFromSlot: ALL, moveFromIePort: ALL, moveFromDrive: ALL,
    exchangeFromSlot: ALL, exchangeFromIePort: ALL, exchangeFromDrive: ALL,
    positionCapabilities: ALL,
  };
}

/** A ChangerError as driver/smc makes one from CHECK CONDITION sense. */
export function senseError(code: ChangerErrorCode, key: number, asc: number, ascq: number, elementAddress?: number): ChangerError {
  const raw = buildFixedSense({ senseKey: key as SenseKey, asc, ascq });
  return new ChangerError(code, `sense ${key}/${asc}/${ascq}`, { sense: { key, asc, ascq, raw }, ...(elementAddress === undefined ? {} : { elementAddress }) });
}

/** The tgt library behind the class driver; records what it was asked. */
export class TgtMiniclass implements Miniclass {
  readonly requests: string[] = [];
  /** Make the next request(s) of this routine fail with this error (once unless `times`). */
  failNext: { routine: string; error: ChangerError; times?: number } | undefined;

  constructor(readonly contents: TgtContents = initialContents()) {}

  private record(routine: string, detail = ''): void {
    this.requests.push(detail === '' ? routine : `${routine} ${detail}`);
    const failure = this.failNext;
    if (failure?.routine === routine) {
      const left = (failure.times ?? 1) - 1;
      this.failNext = left > 0 ? { ...failure, times: left } : undefined;
      throw failure.error;
    }
  }

  async initialize(): Promise<void> {}
  async getParameters(): Promise<ChangerParameters> {
    return tgtParameters(this.contents);
  }
  async getStatus(): Promise<void> {}
  async getProductData(): Promise<ProductData> {
    this.record('getProductData');
    return { vendorId: 'IET', productId: 'VIRTUAL-CHANGER', revision: '0001', serialNumber: 'HCHG000001', deviceType: 8 };
  }
  async setAccess(e: ChangerElement, control: number): Promise<void> {
    this.record('setAccess', `${e.type}:${e.index} ${control}`);
  }
  async getElementStatus(q: ElementStatusQuery): Promise<ElementStatus[]> {
    this.record('getElementStatus', q.volumeTagInfo ? 'tags' : 'no-tags');
    const all = tgtStatuses(this.contents);
    return q.volumeTagInfo ? all : all.map((s) => ({ ...s, flags: s.flags & ~F.PVOLTAG, primaryVolumeId: undefined }));
  }
  async initializeElementStatus(): Promise<void> {
    this.record('initializeElementStatus');
  }
  async setPosition(r: PositionRequest): Promise<void> {
    this.record('setPosition', `${addressOf(r.destination)}`);
  }

  private get(e: ChangerElement): string | null {
    if (e.type === T.Slot) return this.contents.slots[e.index] ?? null;
    if (e.type === T.IEPort) return this.contents.ports[e.index] ?? null;
    return this.contents.drives[e.index]?.tag ?? null;
  }

  private set(e: ChangerElement, tag: string | null, from: ChangerElement): void {
    if (e.type === T.Slot) this.contents.slots[e.index] = tag;
    else if (e.type === T.IEPort) this.contents.ports[e.index] = tag;
    else this.contents.drives[e.index] = tag === null ? null : { tag, from };
  }

  async moveMedium(r: MoveRequest): Promise<void> {
    this.record('moveMedium', `${addressOf(r.source)}->${addressOf(r.destination)}${r.flip ? ' flip' : ''}`);
    const tag = this.get(r.source);
    if (tag === null) throw senseError('SOURCE_ELEMENT_EMPTY', 5, 0x3b, 0x0e, addressOf(r.source));
    if (this.get(r.destination) !== null) throw senseError('DESTINATION_ELEMENT_FULL', 5, 0x3b, 0x0d, addressOf(r.destination));
    this.set(r.source, null, r.source);
    this.set(r.destination, tag, r.source);
  }

  async exchangeMedium(r: ExchangeRequest): Promise<void> {
    this.record('exchangeMedium', `${addressOf(r.source)}->${addressOf(r.destination1)}->${addressOf(r.destination2)}`);
    const first = this.get(r.source);
    const second = this.get(r.destination1);
    if (first === null) throw senseError('SOURCE_ELEMENT_EMPTY', 5, 0x3b, 0x0e, addressOf(r.source));
    this.set(r.source, null, r.source);
    this.set(r.destination2, second, r.destination1);
    this.set(r.destination1, first, r.source);
  }

  async reinitializeTransport(): Promise<void> {}
  async queryVolumeTags(): Promise<ElementStatus[]> {
    return [];
  }
  async performDiagnostics(): Promise<DiagnosticResult> {
    return { problem: DeviceProblem.None, detail: '' };
  }
  async close(): Promise<void> {}
}

/** An opener for runMtxWith: every URL reaches `mini`, under a hold of its own. */
export function openerFor(mini: Miniclass): ChangerOpener {
  const key = randomUUID();
  return (url) => Changer.open(url, { owner: 'test', deviceKey: `${key}:${url}`, connect: async () => mini });
}
