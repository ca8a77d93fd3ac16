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

export const KIND_OF_TYPE: Readonly<Record<AddressableElementTypeCode, ElementKind>> = {
  [ElementTypeCode.MEDIUM_TRANSPORT]: 'transport',
  [ElementTypeCode.STORAGE]: 'slot',
  [ElementTypeCode.IMPORT_EXPORT]: 'ieport',
  [ElementTypeCode.DATA_TRANSFER]: 'drive',
};

/**
 * The medium type code of a cartridge kind, and the page type of an element kind, as switches:
 * a lookup by a varying string key is a megamorphic load, once per element of an inventory.
 */
function mediumTypeOf(kind: MediumKind): number {
  switch (kind) {
    case 'data': return MediumType.DATA;
    case 'cleaning': return MediumType.CLEANING;
    case 'diagnostic': return MediumType.DIAGNOSTIC;
    case 'worm': return MediumType.WORM;
  }
}

export function typeCodeOf(kind: ElementKind): AddressableElementTypeCode {
  switch (kind) {
    case 'transport': return ElementTypeCode.MEDIUM_TRANSPORT;
    case 'slot': return ElementTypeCode.STORAGE;
    case 'ieport': return ElementTypeCode.IMPORT_EXPORT;
    case 'drive': return ElementTypeCode.DATA_TRANSFER;
  }
}

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

/** What a report asks and the profile allows, looked up once per report rather than once per element. */
interface DescribeContext {
  readonly library: Library;
  readonly volumeTags: boolean;
  readonly alternateTags: boolean;
  readonly deviceIds: boolean;
  readonly barcodeReader: boolean;
  readonly predismountEjectRequired: boolean;
  readonly cleanerAccessNotValid: boolean;
}

function describeContext(library: Library, options: ReportOptions): DescribeContext {
  const features = library.profile.features;
  return {
    library,
    volumeTags: options.volumeTags,
    alternateTags: options.volumeTags && features.alternateVolumeTags,
    deviceIds: options.deviceIds,
    barcodeReader: features.barcodeReader,
    predismountEjectRequired: features.predismountEjectRequired,
    cleanerAccessNotValid: features.cleanerAccessNotValid,
  };
}

function exception(context: DescribeContext, runtime: ElementRuntime, magazinePresent: boolean, cartridge: Cartridge | null): { asc: number; ascq: number } | undefined {
  if (runtime.disabled) return ELEMENT_EXCEPTION.ELEMENT_DISABLED;
  if (!magazinePresent) return ELEMENT_EXCEPTION.MAGAZINE_REMOVED;
  if (cartridge?.labelUnreadable === true && context.barcodeReader) return ELEMENT_EXCEPTION.LABEL_UNREADABLE;
  return undefined;
}

function access(context: DescribeContext, info: ElementInfo, runtime: ElementRuntime, magazinePresent: boolean): boolean {
  if (info.kind === 'transport') return false;
  // library.reachable(info), with the runtime and magazine already looked up.
  if (runtime.disabled || !magazinePresent || context.library.isStationOpen(info)) return false;
  if (info.kind === 'drive' && runtime.cartridge !== null && runtime.loaded && context.predismountEjectRequired) return false;
  // A library whose ACCESS bit is not valid for a drive holding a cleaner reports it clear there.
  if (info.kind === 'drive' && runtime.cartridge?.kind === 'cleaning' && context.cleanerAccessNotValid) return false;
  return true;
}

/** One element as READ ELEMENT STATUS reports it. */
export function describeElement(library: Library, info: ElementInfo, options: ReportOptions): ElementDescriptor {
  return describe(describeContext(library, options), info);
}

/** describeElement for many elements of one report: what the report asks is looked up once. */
export function elementDescriber(library: Library, options: ReportOptions): (info: ElementInfo) => ElementDescriptor {
  const context = describeContext(library, options);
  return (info) => describe(context, info);
}

/**
 * Built field by field, as an inventory of 10,000 elements builds 10,000 of these: every
 * descriptor gets the same fields in the same order (absent ones undefined), so the writer that
 * reads them sees one object shape.
 */
function describe(context: DescribeContext, info: ElementInfo): ElementDescriptor {
  const library = context.library;
  const runtime = library.state.element(info.address);
  const magazinePresent = library.isMagazinePresent(info);
  // A cartridge in a pulled magazine is out of the robot's world: the slot reads empty.
  const cartridge = magazinePresent ? runtime.cartridge : null;
  const except = exception(context, runtime, magazinePresent, cartridge);
  const ieport = info.kind === 'ieport';
  const sValid = cartridge !== null && cartridge.source !== null;
  const primary = context.volumeTags && cartridge !== null ? primaryTag(cartridge) : null;
  const alternate = context.alternateTags && cartridge !== null ? alternateTag(cartridge) : null;
  const designator = context.deviceIds && info.kind === 'drive' ? driveDesignator(library, info) : undefined;
  return {
    elementAddress: info.address,
    oir: false,
    cmc: false,
    inEnab: ieport,
    exEnab: ieport,
    access: access(context, info, runtime, magazinePresent),
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
    mediumType: cartridge === null ? MediumType.UNSPECIFIED : mediumTypeOf(cartridge.kind),
    sourceAddress: cartridge?.source ?? 0,
    primaryVolumeTag: primary === null ? undefined : { volumeIdentifier: primary, sequenceNumber: 0 },
    alternateVolumeTag: alternate === null ? undefined : { volumeIdentifier: alternate, sequenceNumber: 0 },
    identification: designator,
  };
}

/**
 * Pages for `elements` (ascending addresses): one page per run of elements of one type, so an
 * "all types" report follows the address map's own order (types are not contiguous, smc.md §1.8).
 */
export function elementStatusPages(library: Library, elements: readonly ElementInfo[], options: ReportOptions): ElementStatusPage[] {
  const pages: ElementStatusPage[] = [];
  const context = describeContext(library, options);
  let page: ElementStatusPage | undefined;
  for (const info of elements) {
    const type = typeCodeOf(info.kind);
    if (page?.elementType !== type) {
      page = { elementType: type, pVolTag: context.volumeTags, aVolTag: context.alternateTags, deviceId: context.deviceIds, descriptors: [] };
      pages.push(page);
    }
    page.descriptors.push(describe(context, info));
  }
  return pages;
}
