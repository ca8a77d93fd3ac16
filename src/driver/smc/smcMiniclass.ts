import { buildExchangeMediumCdb } from '../../scsi/cdb/exchangeMedium.ts';
import { buildInitializeElementStatusCdb } from '../../scsi/cdb/initializeElementStatus.ts';
import { buildInitializeElementStatusWithRangeCdb } from '../../scsi/cdb/initializeElementStatusWithRange.ts';
import { buildInquiryCdb } from '../../scsi/cdb/inquiry.ts';
import { buildModeSense10Cdb } from '../../scsi/cdb/modeSense10.ts';
import { buildModeSense6Cdb } from '../../scsi/cdb/modeSense6.ts';
import { buildMoveMediumCdb } from '../../scsi/cdb/moveMedium.ts';
import { buildOpenCloseImportExportElementCdb, ImportExportAction } from '../../scsi/cdb/openCloseImportExportElement.ts';
import { buildPositionToElementCdb } from '../../scsi/cdb/positionToElement.ts';
import { buildPreventAllowMediumRemovalCdb } from '../../scsi/cdb/preventAllowMediumRemoval.ts';
import { buildReadElementStatusCdb } from '../../scsi/cdb/readElementStatus.ts';
import { buildReportSupportedOperationCodesCdb, ReportingOptions } from '../../scsi/cdb/reportSupportedOperationCodes.ts';
import { buildRequestVolumeElementAddressCdb } from '../../scsi/cdb/requestVolumeElementAddress.ts';
import { buildRezeroUnitCdb } from '../../scsi/cdb/rezeroUnit.ts';
import { buildSendVolumeTagCdb } from '../../scsi/cdb/sendVolumeTag.ts';
import { buildTestUnitReadyCdb } from '../../scsi/cdb/testUnitReady.ts';
import { CommandSupport, parseAllCommandsData, parseOneCommandData } from '../../scsi/data/supportedOperationCodes.ts';
import type { ElementTypeCode } from '../../scsi/elementTypeCode.ts';
import { parseElementStatusData } from '../../scsi/elementStatus/elementStatusData.ts';
import { buildSendVolumeTagParameters } from '../../scsi/elementStatus/sendVolumeTagParameters.ts';
import { parseVolumeElementAddressData } from '../../scsi/elementStatus/volumeElementAddressData.ts';
import { parseStandardInquiryData } from '../../scsi/inquiry/standardInquiryData.ts';
import { parseUnitSerialNumberPage } from '../../scsi/inquiry/vpdPages.ts';
import type { DeviceCapabilitiesPage } from '../../scsi/mode/deviceCapabilitiesPage.ts';
import type { ElementAddressAssignmentPage } from '../../scsi/mode/elementAddressAssignmentPage.ts';
import type { ModePage } from '../../scsi/mode/modePage.ts';
import { parseModeParameterList } from '../../scsi/mode/modeParameterList.ts';
import type { TransportGeometryPage } from '../../scsi/mode/transportGeometryPage.ts';
import { Opcode } from '../../scsi/opcodes.ts';
import type { ScsiTransport } from '../../transport/scsiTransport.ts';
import type { ChangerElement } from '../changerElement.ts';
import { ChangerError, isChangerError, type SenseSummary } from '../../shared/changerError.ts';
import { elementCount, type ChangerParameters } from '../changerParameters.ts';
import { ElementStatusFlags, type ElementStatus } from '../elementStatus.ts';
import { ElementType, MEDIA_ELEMENT_TYPES, type MediaElementType } from '../elementType.ts';
import { Features0, hasFeature } from '../features.ts';
import type { Miniclass } from '../miniclass.ts';
import type { PersistentReservationState, PersistentReserveOutRequest } from '../persistentReservation.ts';
import { MEDIUM_CHANGER_DEVICE_TYPE, type ProductData } from '../productData.ts';
import type { UnitAttention } from '../unitAttention.ts';
import {
  AccessControl, DeviceProblem, type DiagnosticResult, type ElementStatusQuery, type ExchangeRequest, type InitializeQuery,
  type MoveRequest, type PositionRequest, type VolumeTagQuery,
} from '../requests.ts';
import { AddressMap } from './addressMap.ts';
import { CommandRunner, DEFAULT_TIMEOUTS, type CommandTimeouts } from './commandRunner.ts';
import { addressMapFrom, parametersFrom } from './configuration.ts';
import { descriptorToStatus } from './descriptorToStatus.ts';
import { readPersistentReservations, sendPersistentReserveOut } from './persistentReserve.ts';
import { factsFor, type ProductFacts } from './productFacts.ts';

export interface SmcOptions {
  readonly timeouts?: Partial<CommandTimeouts>;
  /** Overrides for the product's fact table entry (e.g. from a config file). */
  readonly facts?: Partial<ProductFacts>;
}

/** READ ELEMENT STATUS chunks: at most 1000 elements and 64 KiB per command (as Proxmox and Bareos do). */
const MAX_ELEMENTS_PER_READ = 1000;
const MAX_READ_BYTES = 65_535;
/** Worst-case descriptor: 12 + two 36-byte tags + a 4-byte header and up to 48 bytes of identifier. */
const WORST_DESCRIPTOR = 12 + 72 + 52;

interface Configuration {
  readonly map: AddressMap;
  readonly parameters: ChangerParameters;
  readonly facts: ProductFacts;
  readonly rangeOpcodeVendor: boolean;
  /** REZERO UNIT is listed by REPORT SUPPORTED OPERATION CODES (or the device cannot say). */
  readonly rezero: boolean;
}

/**
 * The SCSI miniclass: one for any SMC-3 medium changer. It speaks CDBs through a ScsiTransport and
 * answers in the Windows model — zero-based elements, ChangerErrors — translating element addresses
 * with the map of page 1Dh (reference windows-changer §6).
 */
export class SmcMiniclass implements Miniclass {
  private readonly runner: CommandRunner;
  private readonly timeouts: CommandTimeouts;
  private product: ProductData | undefined;
  private config: Configuration | undefined;
  private voltagRejected = false;
  private dvcidRejected = false;

  constructor(private readonly transport: ScsiTransport, private readonly options: SmcOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.runner = new CommandRunner(transport, () => this.configure(true));
  }

  async initialize(): Promise<void> {
    const inquiry = await this.runner.run(buildInquiryCdb({ allocationLength: 96 }), { name: 'INQUIRY', timeoutMs: this.timeouts.shortMs, dataInLength: 96 });
    const std = parseStandardInquiryData(inquiry.dataIn);
    if (std.peripheralDeviceType !== MEDIUM_CHANGER_DEVICE_TYPE) {
      throw new ChangerError('NO_SUCH_DEVICE', `${this.transport.description} is not a medium changer (peripheral device type ${std.peripheralDeviceType.toString(16).padStart(2, '0')}h)`);
    }
    const serial = await this.optional(async () => {
      const r = await this.runner.run(buildInquiryCdb({ evpd: true, pageCode: 0x80, allocationLength: 255 }), { name: 'INQUIRY VPD 80h', timeoutMs: this.timeouts.shortMs, dataInLength: 255 });
      return parseUnitSerialNumberPage(r.dataIn).serialNumber.trim();
    });
    this.product = {
      vendorId: std.vendorIdentification, productId: std.productIdentification, revision: std.productRevisionLevel,
      serialNumber: serial ?? '', deviceType: MEDIUM_CHANGER_DEVICE_TYPE,
    };
    await this.configure(false);
  }

  async getParameters(): Promise<ChangerParameters> {
    return this.configured().parameters;
  }

  async getStatus(): Promise<void> {
    await this.runner.run(buildTestUnitReadyCdb(), { name: 'TEST UNIT READY', timeoutMs: this.timeouts.shortMs });
  }

  async getProductData(): Promise<ProductData> {
    if (this.product === undefined) throw new ChangerError('NO_SUCH_DEVICE', 'the changer has not been initialized');
    return this.product;
  }

  async setAccess(element: ChangerElement, control: AccessControl): Promise<void> {
    const c = this.configured();
    if (control === AccessControl.Lock || control === AccessControl.Unlock) {
      // SCSI has one prevent state for the whole changer: door, mailslots and keypad together.
      const prevent = control === AccessControl.Lock;
      await this.runner.run(buildPreventAllowMediumRemovalCdb({ prevent }), { name: prevent ? 'PREVENT MEDIUM REMOVAL' : 'ALLOW MEDIUM REMOVAL', timeoutMs: this.timeouts.shortMs });
      return;
    }
    const address = c.map.toAddress(element);
    const open = control === AccessControl.ExtendIEPort;
    await this.runner.run(buildOpenCloseImportExportElementCdb({ elementAddress: address, action: open ? ImportExportAction.OPEN : ImportExportAction.CLOSE }), {
      name: open ? 'OPEN IMPORT/EXPORT ELEMENT' : 'CLOSE IMPORT/EXPORT ELEMENT', timeoutMs: this.timeouts.moveMs,
    });
  }

  async getElementStatus(query: ElementStatusQuery): Promise<ElementStatus[]> {
    const c = this.configured();
    if (query.element.type === ElementType.AllElements) {
      const out: ElementStatus[] = [];
      for (const type of MEDIA_ELEMENT_TYPES) {
        const n = elementCount(c.parameters, type);
        if (n > 0) out.push(...(await this.readStatus(type, 0, n, query.volumeTagInfo)));
      }
      return out;
    }
    return this.readStatus(query.element.type as MediaElementType, query.element.index, query.count, query.volumeTagInfo);
  }

  async initializeElementStatus(query: InitializeQuery): Promise<void> {
    const c = this.configured();
    if (query.element.type === ElementType.AllElements) {
      await this.runner.run(buildInitializeElementStatusCdb(), { name: 'INITIALIZE ELEMENT STATUS', timeoutMs: this.timeouts.inventoryMs });
      return;
    }
    const start = c.map.toAddress(query.element);
    await this.runner.run(
      buildInitializeElementStatusWithRangeCdb({ vendorOpcode: c.rangeOpcodeVendor, range: true, fast: !query.barCodeScan, startingElementAddress: start, numberOfElements: query.count }),
      { name: 'INITIALIZE ELEMENT STATUS WITH RANGE', timeoutMs: this.timeouts.inventoryMs },
    );
  }

  async setPosition(request: PositionRequest): Promise<void> {
    const c = this.configured();
    const transport = c.map.toAddress(request.transport);
    const destination = c.map.toAddress(request.destination);
    await this.runner.run(buildPositionToElementCdb({ transportElementAddress: transport, destinationAddress: destination, invert: request.flip }), {
      name: 'POSITION TO ELEMENT', timeoutMs: this.timeouts.moveMs,
    });
  }

  async moveMedium(request: MoveRequest): Promise<void> {
    const c = this.configured();
    const transport = c.map.toAddress(request.transport);
    const source = c.map.toAddress(request.source);
    const destination = c.map.toAddress(request.destination);
    await this.runner.run(buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: source, destinationAddress: destination, invert: request.flip }), {
      name: `MOVE MEDIUM from element address ${source} to ${destination}`,
      timeoutMs: this.timeouts.moveMs,
      elementAddressOnError: (s) => blamed(s, source, destination),
    });
  }

  async exchangeMedium(request: ExchangeRequest): Promise<void> {
    const c = this.configured();
    const transport = c.map.toAddress(request.transport);
    const source = c.map.toAddress(request.source);
    const first = c.map.toAddress(request.destination1);
    const second = c.map.toAddress(request.destination2);
    await this.runner.run(
      buildExchangeMediumCdb({ transportElementAddress: transport, sourceAddress: source, firstDestinationAddress: first, secondDestinationAddress: second, invert1: request.flip1, invert2: request.flip2 }),
      { name: `EXCHANGE MEDIUM ${source} → ${first} → ${second}`, timeoutMs: this.timeouts.moveMs, elementAddressOnError: (s) => blamed(s, source, first) },
    );
  }

  async reinitializeTransport(transport: ChangerElement): Promise<void> {
    const c = this.configured();
    if (!c.rezero && hasFeature(c.parameters.features0, Features0.POSITION_TO_ELEMENT)) {
      // Without REZERO UNIT, positioning the transport to itself homes it (the Exabyte sample's way).
      const address = c.map.toAddress(transport);
      await this.runner.run(buildPositionToElementCdb({ transportElementAddress: address, destinationAddress: address }), { name: 'POSITION TO ELEMENT (home)', timeoutMs: this.timeouts.moveMs });
      return;
    }
    await this.runner.run(buildRezeroUnitCdb(), { name: 'REZERO UNIT', timeoutMs: this.timeouts.moveMs });
  }

  async queryVolumeTags(query: VolumeTagQuery): Promise<ElementStatus[]> {
    const c = this.configured();
    const all = query.startingElement.type === ElementType.AllElements;
    const type = (all ? 0 : query.startingElement.type) as ElementTypeCode;
    const address = all ? c.map.lowAddress : c.map.toAddress(query.startingElement);
    const parameters = buildSendVolumeTagParameters({ volumeIdentificationTemplate: query.template, minimumSequenceNumber: 0, maximumSequenceNumber: 0 });
    await this.runner.run(buildSendVolumeTagCdb({ elementType: type, elementAddress: address, sendActionCode: query.action, parameterListLength: parameters.length }), {
      name: 'SEND VOLUME TAG', timeoutMs: this.timeouts.inventoryMs, dataOut: parameters,
    });
    if (query.action > 0x6) return []; // assert/replace/undefine report nothing back
    const total = elementCount(c.parameters, ElementType.AllElements);
    const allocation = Math.min(MAX_READ_BYTES, 8 + 8 * 4 + total * (12 + 72));
    const r = await this.runner.run(buildRequestVolumeElementAddressCdb({ volumeTag: true, elementType: type, elementAddress: address, numberOfElements: total, allocationLength: allocation }), {
      name: 'REQUEST VOLUME ELEMENT ADDRESS', timeoutMs: this.timeouts.shortMs, dataInLength: allocation,
    });
    const data = parseVolumeElementAddressData(r.dataIn, { deviceId: false });
    return data.pages.flatMap((page) => page.descriptors.flatMap((d) => {
      const element = c.map.fromAddress(d.elementAddress, page.elementType as MediaElementType);
      return element === undefined ? [] : [descriptorToStatus(d, element, c.map)];
    }));
  }

  async performDiagnostics(): Promise<DiagnosticResult> {
    try {
      await this.getStatus();
    } catch (e) {
      if (!isChangerError(e)) throw e;
      return { problem: problemFor(e), detail: e.message };
    }
    const c = this.configured();
    const pickers = await this.readStatus(ElementType.Transport, 0, c.parameters.numberTransportElements, false);
    const stuck = pickers.find((s) => (s.flags & ElementStatusFlags.FULL) !== 0);
    if (stuck !== undefined) return { problem: DeviceProblem.CHMError, detail: `transport ${stuck.element.index} still holds a cartridge; reinitialize the transport or open the door and remove it` };
    const broken = pickers.find((s) => (s.flags & ElementStatusFlags.EXCEPT) !== 0);
    if (broken !== undefined) return { problem: DeviceProblem.CHMError, detail: `transport ${broken.element.index} reports an exception (ASC/ASCQ ${hex(broken.asc ?? 0)}/${hex(broken.ascq ?? 0)})` };
    return { problem: DeviceProblem.None, detail: 'the changer is ready and its transport is empty' };
  }

  async persistentReserveIn(): Promise<PersistentReservationState> {
    return readPersistentReservations(this.runner, this.timeouts.shortMs);
  }

  async persistentReserveOut(request: PersistentReserveOutRequest): Promise<void> {
    await sendPersistentReserveOut(this.runner, request, this.timeouts.shortMs);
  }

  watchUnitAttentions(listener: (attention: UnitAttention) => void): void {
    this.runner.watchUnitAttentions(listener);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  // --- configuration -----------------------------------------------------------------------

  private configured(): Configuration {
    if (this.config === undefined) throw new ChangerError('NO_SUCH_DEVICE', 'the changer has not been initialized');
    return this.config;
  }

  /**
   * Reads the mode pages and the command set, and probes for a bar-code reader. Called at
   * initialize and after a unit attention that may have changed them (then past further
   * attentions without re-reading again, to avoid recursion).
   */
  private async configure(afterAttention: boolean): Promise<void> {
    const product = await this.getProductData();
    const facts = { ...factsFor(product.vendorId, product.productId), ...this.options.facts };
    const pages = await this.modePages(afterAttention);
    const addressPage = pages.find((p): p is ElementAddressAssignmentPage => p.kind === 'element-address-assignment');
    if (addressPage === undefined) throw new ChangerError('IO_DEVICE_ERROR', `${this.transport.description} did not return the element address assignment page (1Dh)`);
    const opcodes = await this.optional(() => this.supportedOpcodes());
    const usage = {
      openClose: opcodes?.has(Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT) === true ? await this.optional(() => this.cdbUsage(Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT)) : undefined,
      sendVolumeTag: opcodes?.has(Opcode.SEND_VOLUME_TAG) === true ? await this.optional(() => this.cdbUsage(Opcode.SEND_VOLUME_TAG)) : undefined,
    };
    const map = await this.learnAddresses(addressPage);
    const barcodeReader = await this.probeBarcodeReader(map);
    const parameters = parametersFrom({
      addressPage,
      geometry: pages.find((p): p is TransportGeometryPage => p.kind === 'transport-geometry'),
      capabilities: pages.find((p): p is DeviceCapabilitiesPage => p.kind === 'device-capabilities'),
      supportedOpcodes: opcodes,
      usage: {
        ...(usage.openClose === undefined ? {} : { openClose: usage.openClose }),
        ...(usage.sendVolumeTag === undefined ? {} : { sendVolumeTag: usage.sendVolumeTag }),
      },
      barcodeReader,
      serialNumberValid: product.serialNumber !== '',
      facts,
    });
    const rangeOpcodeVendor = facts.rangeInitOpcodeE7 || (opcodes !== undefined && !opcodes.has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE) && opcodes.has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR));
    this.config = { map, parameters, facts, rangeOpcodeVendor, rezero: opcodes === undefined || opcodes.has(Opcode.REZERO_UNIT) };
  }

  /**
   * Every element's real address, read with READ ELEMENT STATUS (no tags, no identifiers) from each
   * type's first address on, in chunks: page 1Dh alone cannot tell about gaps.
   */
  private async learnAddresses(page: ElementAddressAssignmentPage): Promise<AddressMap> {
    const ranges = { [ElementType.Transport]: page.transport, [ElementType.Slot]: page.storage, [ElementType.IEPort]: page.importExport, [ElementType.Drive]: page.dataTransfer };
    const found = { [ElementType.Transport]: [] as number[], [ElementType.Slot]: [] as number[], [ElementType.IEPort]: [] as number[], [ElementType.Drive]: [] as number[] };
    for (const type of MEDIA_ELEMENT_TYPES) {
      const { firstAddress, count } = ranges[type];
      let start = firstAddress;
      while (found[type].length < count && start <= 0xffff) {
        const n = Math.min(MAX_ELEMENTS_PER_READ, count - found[type].length);
        const allocation = Math.min(MAX_READ_BYTES, 16 + n * 12);
        const r = await this.runner.run(buildReadElementStatusCdb({ elementType: type as ElementTypeCode, startingElementAddress: start, numberOfElements: n, allocationLength: allocation }), {
          name: 'READ ELEMENT STATUS (addresses)', timeoutMs: this.timeouts.inventoryMs, dataInLength: allocation,
        });
        const addresses = parseElementStatusData(r.dataIn, { deviceId: false }).pages.filter((p) => p.elementType === type).flatMap((p) => p.descriptors.map((d) => d.elementAddress));
        if (addresses.length === 0) break;
        found[type].push(...addresses.slice(0, count - found[type].length));
        start = Math.max(...addresses) + 1;
      }
      if (found[type].length !== count) return addressMapFrom(page); // a device that will not list them: trust 1Dh
    }
    return new AddressMap(found);
  }

  /** MODE SENSE 1Dh/1Eh/1Fh: (6) with DBD first, then (6) without DBD, then (10), as peers fall back. */
  private async modePages(afterAttention: boolean): Promise<ModePage[]> {
    const out: ModePage[] = [];
    for (const pageCode of [0x1d, 0x1e, 0x1f]) {
      const page = await this.modePage(pageCode, afterAttention);
      if (page !== undefined) out.push(page);
    }
    return out;
  }

  private async modePage(pageCode: number, afterAttention: boolean): Promise<ModePage | undefined> {
    const send = afterAttention ? this.runner.runPastAttentions.bind(this.runner) : this.runner.run.bind(this.runner);
    const attempts: { cdb: Buffer; length: 6 | 10 }[] = [
      { cdb: buildModeSense6Cdb({ disableBlockDescriptors: true, pageCode, allocationLength: 255 }), length: 6 },
      { cdb: buildModeSense6Cdb({ disableBlockDescriptors: false, pageCode, allocationLength: 255 }), length: 6 },
      { cdb: buildModeSense10Cdb({ disableBlockDescriptors: true, pageCode, allocationLength: 1024 }), length: 10 },
    ];
    let lastError: unknown;
    for (const a of attempts) {
      try {
        const r = await send(a.cdb, { name: `MODE SENSE(${a.length}) page ${pageCode.toString(16).toUpperCase()}h`, timeoutMs: this.timeouts.shortMs, dataInLength: a.length === 6 ? 255 : 1024 });
        const list = parseModeParameterList(r.dataIn, { cdbLength: a.length, purpose: 'sense' });
        return list.pages.find((p) => pageCodeOf(p) === pageCode);
      } catch (e) {
        if (!isChangerError(e) || (e.code !== 'INVALID_PARAMETER' && e.code !== 'INVALID_DEVICE_REQUEST')) throw e;
        lastError = e;
      }
    }
    if (pageCode === 0x1d) throw lastError;
    return undefined;
  }

  private async supportedOpcodes(): Promise<Set<number>> {
    const allocation = 4096;
    const r = await this.runner.run(buildReportSupportedOperationCodesCdb({ allocationLength: allocation }), { name: 'REPORT SUPPORTED OPERATION CODES', timeoutMs: this.timeouts.shortMs, dataInLength: allocation });
    return new Set(parseAllCommandsData(r.dataIn).commands.map((c) => c.opcode));
  }

  /**
   * The CDB usage map of one command (REPORT SUPPORTED OPERATION CODES, reporting options 001b):
   * which bits of each CDB byte the device looks at; undefined when it says the command is not
   * supported.
   */
  private async cdbUsage(opcode: number): Promise<Uint8Array | undefined> {
    const allocation = 64;
    const r = await this.runner.run(buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: opcode, allocationLength: allocation }), {
      name: `REPORT SUPPORTED OPERATION CODES (${opcode.toString(16).toUpperCase().padStart(2, '0')}h)`, timeoutMs: this.timeouts.shortMs, dataInLength: allocation,
    });
    // A device that ignores the reporting options (or answers in the all-commands format) gives
    // no usable map: then the product facts decide, as they would without RSOC.
    let one: ReturnType<typeof parseOneCommandData>;
    try {
      one = parseOneCommandData(r.dataIn);
    } catch {
      return undefined;
    }
    const supported = one.support === CommandSupport.SUPPORTED || one.support === CommandSupport.SUPPORTED_VENDOR_SPECIFIC;
    return supported && one.cdbUsage[0] === opcode ? one.cdbUsage : undefined;
  }

  /** A bar-code reader shows as PVolTag in the page header when one slot is read with VOLTAG = 1. */
  private async probeBarcodeReader(map: AddressMap): Promise<boolean> {
    if (map.count(ElementType.Slot) === 0) return false;
    const first = map.toAddress({ type: ElementType.Slot, index: 0 });
    const r = await this.optional(() => this.runner.run(buildReadElementStatusCdb({ volumeTag: true, elementType: ElementType.Slot as ElementTypeCode, startingElementAddress: first, numberOfElements: 1, allocationLength: 1024 }), {
      name: 'READ ELEMENT STATUS (bar-code probe)', timeoutMs: this.timeouts.inventoryMs, dataInLength: 1024,
    }));
    if (r === undefined) return false;
    return parseElementStatusData(r.dataIn, { deviceId: false }).pages.some((p) => p.pVolTag);
  }

  // --- element status ------------------------------------------------------------------------

  /**
   * READ ELEMENT STATUS for `count` elements of one type from `index`, in chunks, looping by
   * address. VOLTAG/DVCID are dropped for good if the device rejects them with ILLEGAL REQUEST.
   */
  private async readStatus(type: MediaElementType, index: number, count: number, volumeTags: boolean): Promise<ElementStatus[]> {
    const c = this.configured();
    const out: ElementStatus[] = [];
    let next = index;
    while (next < index + count) {
      const chunk = Math.min(MAX_ELEMENTS_PER_READ, index + count - next, Math.floor((MAX_READ_BYTES - 16) / WORST_DESCRIPTOR));
      const statuses = await this.readChunk(type, c.map.toAddress({ type, index: next }), chunk, volumeTags);
      const inRange = statuses.filter((s) => s.element.index >= next && s.element.index < index + count);
      if (inRange.length === 0) break;
      out.push(...inRange);
      next = (inRange[inRange.length - 1]?.element.index ?? next) + 1;
    }
    if (out.length !== count) throw new ChangerError('IO_DEVICE_ERROR', `READ ELEMENT STATUS returned ${out.length} of ${count} ${ElementType[type]} elements`);
    return out;
  }

  private async readChunk(type: MediaElementType, address: number, n: number, volumeTags: boolean): Promise<ElementStatus[]> {
    const c = this.configured();
    for (;;) {
      const voltag = volumeTags && !this.voltagRejected;
      const dvcid = type === ElementType.Drive && c.facts.deviceIdentifiers && !this.dvcidRejected;
      const allocation = Math.min(MAX_READ_BYTES, 16 + n * WORST_DESCRIPTOR);
      try {
        const r = await this.runner.run(buildReadElementStatusCdb({ volumeTag: voltag, elementType: type as ElementTypeCode, startingElementAddress: address, numberOfElements: n, deviceId: dvcid, allocationLength: allocation }), {
          name: 'READ ELEMENT STATUS', timeoutMs: this.timeouts.inventoryMs, dataInLength: allocation,
        });
        const data = parseElementStatusData(r.dataIn, { deviceId: dvcid });
        return data.pages.filter((p) => p.elementType === type).flatMap((p) => p.descriptors.flatMap((d) => {
          const element = c.map.fromAddress(d.elementAddress, type);
          return element === undefined || element.type !== type ? [] : [descriptorToStatus(d, element, c.map)];
        }));
      } catch (e) {
        if (!isChangerError(e) || e.sense?.key !== 0x5 || e.sense.asc !== 0x24) throw e;
        if (dvcid) this.dvcidRejected = true;
        else if (voltag) this.voltagRejected = true;
        else throw e;
      }
    }
  }

  private async optional<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (e) {
      if (isChangerError(e) && (e.code === 'INVALID_DEVICE_REQUEST' || e.code === 'INVALID_PARAMETER')) return undefined;
      throw e;
    }
  }
}

function pageCodeOf(p: ModePage): number {
  switch (p.kind) {
    case 'element-address-assignment':
      return 0x1d;
    case 'transport-geometry':
      return 0x1e;
    case 'device-capabilities':
      return 0x1f;
    case 'control':
      return 0x0a;
    default:
      return p.pageCode;
  }
}

/** The element a move failure is about: the source when it is empty, the destination when full. */
function blamed(s: SenseSummary, source: number, destination: number): number | undefined {
  if (s.asc === 0x3b && s.ascq === 0x0e) return source;
  if (s.asc === 0x3b && s.ascq === 0x0d) return destination;
  return undefined;
}

function problemFor(e: ChangerError): DeviceProblem {
  if (e.code === 'DEVICE_DOOR_OPEN') return DeviceProblem.DoorOpen;
  if (e.sense?.key === 0x4 && e.sense.asc === 0x15) return DeviceProblem.CHMMoveError;
  if (e.sense?.key === 0x4) return DeviceProblem.Hardware;
  if (e.code === 'DEVICE_NOT_CONNECTED' || e.code === 'TIMEOUT') return DeviceProblem.TargetFailure;
  return DeviceProblem.Hardware;
}

function hex(v: number): string {
  return v.toString(16).toUpperCase().padStart(2, '0');
}
