/**
 * The library's state as element status pages (smc.md §2): what READ ELEMENT STATUS and REQUEST
 * VOLUME ELEMENT ADDRESS report. The rules real libraries follow are applied here in one place:
 * Access reflects reachability (a pulled magazine, an open mailslot, a disabled element, a drive
 * whose tape is still threaded under predismount eject), Except carries the reason, ImpExp says
 * who put a cartridge in a mailslot, SValid + source address say where a cartridge came from.
 */
import {
  Association,
  CodeSet,
  DesignatorType,
  ElementTypeCode,
  MediumType,
  type AddressableElementTypeCode,
  type Designator,
  type ElementDescriptor,
  type ElementStatusPage,
} from '../scsi/index.ts';
import { alternateTag, primaryTag, type Cartridge } from './cartridge.ts';
import type { ElementInfo } from './elementMap.ts';
import type { Library } from './library.ts';
import type { ElementRuntime } from './libraryState.ts';
import type { ElementKind, MediumKind } from './profile.ts';
import { ELEMENT_EXCEPTION } from './senseForCondition.ts';

export const TYPE_CODE: Readonly<Record<ElementKind, AddressableElementTypeCode>> = {
  transport: ElementTypeCode.MEDIUM_TRANSPORT,
  slot: ElementTypeCode.STORAGE,
  ieport: ElementTypeCode.IMPORT_EXPORT,
  drive: ElementTypeCode.DATA_TRANSFER,
};

export const KIND_OF_TYPE: Readonly<Record<AddressableElementTypeCode, ElementKind>> = {
  [ElementTypeCode.MEDIUM_TRANSPORT]: 'transport',
  [ElementTypeCode.STORAGE]: 'slot',
  [ElementTypeCode.IMPORT_EXPORT]: 'ieport',
  [ElementTypeCode.DATA_TRANSFER]: 'drive',
};

const MEDIUM_TYPE: Readonly<Record<MediumKind, number>> = {
  data: MediumType.DATA,
  cleaning: MediumType.CLEANING,
  diagnostic: MediumType.DIAGNOSTIC,
  worm: MediumType.WORM,
};

export interface ReportOptions {
  /** VOLTAG: volume tag fields (PVolTag, and AVolTag where the library keeps alternate tags). */
  readonly volumeTags: boolean;
  /** DVCID: identification descriptors (drive serial numbers). */
  readonly deviceIds: boolean;
}

/** The drive's identity as a DVCID designator: serial only (SL150 style) or T10 vendor+product+serial (STK style, 34 bytes). */
function driveDesignator(library: Library, info: ElementInfo): Designator | undefined {
  if (info.drive === null) return undefined;
  const { vendor, product, serial } = info.drive;
  const t10 = library.profile.features.driveIdentifier === 't10';
  const text = t10 ? vendor.padEnd(8).slice(0, 8) + product.padEnd(16).slice(0, 16) + serial.padEnd(10).slice(0, 10) : serial;
  return {
    protocolIdentifier: 0,
    codeSet: CodeSet.ASCII,
    protocolIdentifierValid: false,
    association: Association.LOGICAL_UNIT,
    designatorType: t10 ? DesignatorType.T10_VENDOR_ID : DesignatorType.VENDOR_SPECIFIC,
    identifier: Buffer.from(text, 'latin1'),
  };
}

function exception(library: Library, runtime: ElementRuntime, magazinePresent: boolean, cartridge: Cartridge | null): { asc: number; ascq: number } | undefined {
  if (runtime.disabled) return ELEMENT_EXCEPTION.ELEMENT_DISABLED;
  if (!magazinePresent) return ELEMENT_EXCEPTION.MAGAZINE_REMOVED;
  if (cartridge?.labelUnreadable === true && library.profile.features.barcodeReader) return ELEMENT_EXCEPTION.LABEL_UNREADABLE;
  return undefined;
}

function access(library: Library, info: ElementInfo, runtime: ElementRuntime, magazinePresent: boolean): boolean {
  if (info.kind === 'transport') return false;
  // library.reachable(info), with the runtime and magazine already looked up.
  if (runtime.disabled || !magazinePresent || library.isStationOpen(info)) return false;
  if (info.kind === 'drive' && runtime.cartridge !== null && runtime.loaded && library.profile.features.predismountEjectRequired) return false;
  // A library whose ACCESS bit is not valid for a drive holding a cleaner reports it clear there.
  if (info.kind === 'drive' && runtime.cartridge?.kind === 'cleaning' && library.profile.features.cleanerAccessNotValid) return false;
  return true;
}

/** One element as READ ELEMENT STATUS reports it; built field by field, as an inventory of 10,000 elements builds 10,000 of these. */
export function describeElement(library: Library, info: ElementInfo, options: ReportOptions): ElementDescriptor {
  const runtime = library.state.element(info.address);
  const magazinePresent = library.isMagazinePresent(info);
  // A cartridge in a pulled magazine is out of the robot's world: the slot reads empty.
  const cartridge = magazinePresent ? runtime.cartridge : null;
  const except = exception(library, runtime, magazinePresent, cartridge);
  const ieport = info.kind === 'ieport';
  const sValid = cartridge !== null && cartridge.source !== null;
  const d: ElementDescriptor = {
    elementAddress: info.address,
    oir: false,
    cmc: false,
    inEnab: ieport,
    exEnab: ieport,
    access: access(library, info, runtime, magazinePresent),
    except: except !== undefined,
    impExp: ieport && cartridge?.placedByOperator === true,
    full: cartridge !== null,
    asc: except?.asc ?? 0,
    ascq: except?.ascq ?? 0,
    notBus: false,
    idValid: false,
    luValid: false,
    lun: 0,
    scsiBusAddress: 0,
    sValid,
    invert: sValid && cartridge.invertedSinceSource,
    ed: runtime.disabled,
    mediumType: cartridge === null ? MediumType.UNSPECIFIED : MEDIUM_TYPE[cartridge.kind],
    sourceAddress: cartridge?.source ?? 0,
  };
  if (options.volumeTags) {
    const tag = cartridge === null ? null : primaryTag(cartridge);
    if (tag !== null) d.primaryVolumeTag = { volumeIdentifier: tag, sequenceNumber: 0 };
    if (library.profile.features.alternateVolumeTags) {
      const alternate = cartridge === null ? null : alternateTag(cartridge);
      if (alternate !== null) d.alternateVolumeTag = { volumeIdentifier: alternate, sequenceNumber: 0 };
    }
  }
  if (options.deviceIds && info.kind === 'drive') {
    const designator = driveDesignator(library, info);
    if (designator !== undefined) d.identification = designator;
  }
  return d;
}

/**
 * Pages for `elements` (ascending addresses): one page per run of elements of one type, so an
 * "all types" report follows the address map's own order (types are not contiguous, smc.md §1.8).
 */
export function elementStatusPages(library: Library, elements: readonly ElementInfo[], options: ReportOptions): ElementStatusPage[] {
  const pages: ElementStatusPage[] = [];
  const alternate = options.volumeTags && library.profile.features.alternateVolumeTags;
  for (const info of elements) {
    const type = TYPE_CODE[info.kind];
    let page = pages.at(-1);
    if (page?.elementType !== type) {
      page = { elementType: type, pVolTag: options.volumeTags, aVolTag: alternate, deviceId: options.deviceIds, descriptors: [] };
      pages.push(page);
    }
    page.descriptors.push(describeElement(library, info, options));
  }
  return pages;
}
