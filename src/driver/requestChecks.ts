import { canExchange, canMove, canPosition, lockUnlockBit } from './capabilities.ts';
import type { ChangerElement } from './changerElement.ts';
import { formatElement, sameElement } from './changerElement.ts';
import { ChangerError } from '../shared/changerError.ts';
import { elementCount, type ChangerParameters } from './changerParameters.ts';
import { ElementType, elementTypeName, isElementType, type MediaElementType } from './elementType.ts';
import { Features0, hasFeature } from './features.ts';
import {
  AccessControl, MAX_VOLUME_TEMPLATE_SIZE, VolumeTagAction, type ElementStatusQuery, type ExchangeRequest,
  type InitializeQuery, type MoveRequest, type PositionRequest, type VolumeTagQuery,
} from './requests.ts';

/**
 * The class driver's checks, made before a request reaches the miniclass (reference
 * windows-changer §5.3 and §6.1). Order, everywhere: the feature a request needs
 * (INVALID_DEVICE_REQUEST: this changer cannot do it at all), then the shape of the request —
 * element types, flags, counts (INVALID_PARAMETER), then the zero-based indexes
 * (ILLEGAL_ELEMENT_ADDRESS). Each check throws a ChangerError; nothing else is thrown.
 */

function unsupported(what: string): ChangerError {
  return new ChangerError('INVALID_DEVICE_REQUEST', `this changer does not support ${what}`);
}

function invalid(message: string): ChangerError {
  return new ChangerError('INVALID_PARAMETER', message);
}

function requireFeature(p: ChangerParameters, flag: number, what: string): void {
  if (!hasFeature(p.features0, flag)) throw unsupported(what);
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isBool(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

/** The element is well formed and its type is one of `allowed`. */
function requireType<T extends ElementType>(e: ChangerElement, allowed: readonly T[], role: string): asserts e is ChangerElement & { type: T } {
  if (typeof e !== 'object' || e === null || !isElementType(e.type)) throw invalid(`${role}: not an element type`);
  if (!isIndex(e.index)) throw invalid(`${role}: the element index must be a non-negative integer`);
  if (!allowed.includes(e.type as T)) {
    throw invalid(`${role}: a ${elementTypeName(e.type)} is not allowed here (allowed: ${allowed.map(elementTypeName).join(', ')})`);
  }
}

/** Zero-based index in range for its type (and the type present at all). */
function requireInRange(p: ChangerParameters, e: ChangerElement, role: string): void {
  const n = elementCount(p, e.type);
  if (e.index >= n) {
    throw new ChangerError('ILLEGAL_ELEMENT_ADDRESS', n === 0
      ? `${role}: this changer has no ${elementTypeName(e.type)}`
      : `${role}: ${formatElement(e)} does not exist (${elementTypeName(e.type)} indexes are 0..${n - 1})`);
  }
}

const MEDIA_TYPES = [ElementType.Transport, ElementType.Slot, ElementType.IEPort, ElementType.Drive] as const;

function requireTransport(t: ChangerElement): void {
  requireType(t, [ElementType.Transport], 'transport');
}

export function checkSetAccess(p: ChangerParameters, e: ChangerElement, control: AccessControl): void {
  if (!Number.isInteger(control) || control < AccessControl.Lock || control > AccessControl.RetractIEPort) {
    throw invalid(`access control ${String(control)} is not lock (0), unlock (1), extend (2) or retract (3)`);
  }
  if (control === AccessControl.Lock || control === AccessControl.Unlock) {
    requireFeature(p, Features0.LOCK_UNLOCK, 'locking and unlocking');
    requireType(e, [ElementType.IEPort, ElementType.Door, ElementType.Keypad], 'element');
    const bit = lockUnlockBit(e.type) ?? 0;
    const keypadByFeature = e.type === ElementType.Keypad && hasFeature(p.features0, Features0.KEYPAD_ENABLE_DISABLE);
    if ((p.lockUnlockCapabilities & bit) === 0 && !keypadByFeature) throw invalid(`this changer cannot lock its ${elementTypeName(e.type)}`);
  } else {
    const extend = control === AccessControl.ExtendIEPort;
    requireFeature(p, extend ? Features0.OPEN_IEPORT : Features0.CLOSE_IEPORT, extend ? 'extending the IE port' : 'retracting the IE port');
    requireType(e, [ElementType.IEPort], 'element');
  }
  requireInRange(p, e, 'element');
}

export function checkGetElementStatus(p: ChangerParameters, q: ElementStatusQuery): void {
  if (typeof q !== 'object' || q === null) throw invalid('no element status query');
  requireType(q.element, [ElementType.AllElements, ...MEDIA_TYPES], 'element');
  if (!isIndex(q.count) || q.count === 0) throw invalid('the number of elements must be a positive integer');
  if (!isBool(q.volumeTagInfo)) throw invalid('volumeTagInfo must be true or false');
  if (q.volumeTagInfo && !hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED) && !hasFeature(p.features0, Features0.VOLUME_IDENTIFICATION)) {
    throw invalid('volume tags were asked for, but this changer has no bar-code reader or volume identification');
  }
  if (q.element.type === ElementType.AllElements) {
    const total = elementCount(p, ElementType.AllElements);
    if (q.element.index !== 0 || q.count !== total) throw invalid(`AllElements must start at 0 and count every element (${total})`);
    return;
  }
  requireInRange(p, q.element, 'first element');
  requireInRange(p, { type: q.element.type, index: q.element.index + q.count - 1 }, 'last element');
}

export function checkInitializeElementStatus(p: ChangerParameters, q: InitializeQuery): void {
  if (typeof q !== 'object' || q === null) throw invalid('no initialize query');
  requireType(q.element, [ElementType.AllElements, ...MEDIA_TYPES], 'element');
  if (!isBool(q.barCodeScan)) throw invalid('barCodeScan must be true or false');
  if (q.barCodeScan && !hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED)) throw invalid('a bar-code scan was asked for, but no bar-code reader is installed');
  if (q.element.type === ElementType.AllElements) return; // the count is ignored for AllElements
  if (!hasFeature(p.features0, Features0.INIT_ELEM_STAT_WITH_RANGE)) throw invalid('this changer initializes element status only for AllElements (no range support)');
  if (!isIndex(q.count) || q.count === 0) throw invalid('the number of elements must be a positive integer');
  requireInRange(p, q.element, 'first element');
  requireInRange(p, { type: q.element.type, index: q.element.index + q.count - 1 }, 'last element');
}

export function checkSetPosition(p: ChangerParameters, r: PositionRequest): void {
  requireFeature(p, Features0.POSITION_TO_ELEMENT, 'positioning the transport to an element');
  if (typeof r !== 'object' || r === null) throw invalid('no position request');
  requireTransport(r.transport);
  requireType(r.destination, [ElementType.Slot, ElementType.IEPort, ElementType.Drive], 'destination');
  if (!isBool(r.flip)) throw invalid('flip must be true or false');
  if (!canPosition(p, r.destination.type)) throw invalid(`the transport cannot position to a ${elementTypeName(r.destination.type)}`);
  if (r.flip && !hasFeature(p.features0, Features0.MEDIUM_FLIP)) throw invalid('this changer cannot flip media');
  requireInRange(p, r.transport, 'transport');
  requireInRange(p, r.destination, 'destination');
}

export function checkMoveMedium(p: ChangerParameters, r: MoveRequest): void {
  if (typeof r !== 'object' || r === null) throw invalid('no move request');
  requireTransport(r.transport);
  requireType(r.source, MEDIA_TYPES, 'source');
  requireType(r.destination, MEDIA_TYPES, 'destination');
  if (!isBool(r.flip)) throw invalid('flip must be true or false');
  if (r.flip && !hasFeature(p.features0, Features0.MEDIUM_FLIP)) throw invalid('this changer cannot flip media');
  if (!canMove(p, r.source.type as MediaElementType, r.destination.type as MediaElementType)) {
    throw unsupported(`moves from a ${elementTypeName(r.source.type)} to a ${elementTypeName(r.destination.type)}`);
  }
  requireInRange(p, r.transport, 'transport');
  requireInRange(p, r.source, 'source');
  requireInRange(p, r.destination, 'destination');
}

export function checkExchangeMedium(p: ChangerParameters, r: ExchangeRequest): void {
  requireFeature(p, Features0.EXCHANGE_MEDIA, 'EXCHANGE MEDIUM');
  if (typeof r !== 'object' || r === null) throw invalid('no exchange request');
  requireTransport(r.transport);
  requireType(r.source, MEDIA_TYPES, 'source');
  requireType(r.destination1, MEDIA_TYPES, 'first destination');
  requireType(r.destination2, MEDIA_TYPES, 'second destination');
  if (!isBool(r.flip1) || !isBool(r.flip2)) throw invalid('flip1 and flip2 must be true or false');
  if ((r.flip1 || r.flip2) && !hasFeature(p.features0, Features0.MEDIUM_FLIP)) throw invalid('this changer cannot flip media');
  if (sameElement(r.source, r.destination1)) throw invalid('an exchange needs two different elements (source = first destination)');
  // The medium at the first destination has nowhere to go if it must stay where it is.
  if (sameElement(r.destination1, r.destination2)) throw invalid('the medium at the first destination must leave it (first destination = second destination)');
  // Both legs are moves the transport makes: source → first destination, then first → second destination.
  requireExchangeLeg(p, r.source, r.destination1, 'source → first destination');
  requireExchangeLeg(p, r.destination1, r.destination2, 'first destination → second destination');
  requireInRange(p, r.transport, 'transport');
  requireInRange(p, r.source, 'source');
  requireInRange(p, r.destination1, 'first destination');
  requireInRange(p, r.destination2, 'second destination');
}

function requireExchangeLeg(p: ChangerParameters, from: ChangerElement, to: ChangerElement, leg: string): void {
  if (!canExchange(p, from.type as MediaElementType, to.type as MediaElementType)) {
    throw unsupported(`exchanges ${elementTypeName(from.type)} → ${elementTypeName(to.type)} (the ${leg} leg)`);
  }
}

export function checkReinitializeTransport(p: ChangerParameters, t: ChangerElement): void {
  requireFeature(p, Features0.DEVICE_REINITIALIZE_CAPABLE, 'reinitializing the transport');
  requireTransport(t);
  requireInRange(p, t, 'transport');
}

const SEARCH_ACTIONS = new Set([VolumeTagAction.SearchAll, VolumeTagAction.SearchPrimary, VolumeTagAction.SearchAlternate, VolumeTagAction.SearchAllNoSeq, VolumeTagAction.SearchPrimaryNoSeq, VolumeTagAction.SearchAlternateNoSeq]);

/** The Features0 flag that gates a volume tag action; undefined for an unassigned action code. */
export function volumeTagActionFeature(action: number): number | undefined {
  if (SEARCH_ACTIONS.has(action)) return Features0.VOLUME_SEARCH;
  if (action === VolumeTagAction.AssertPrimary || action === VolumeTagAction.AssertAlternate) return Features0.VOLUME_ASSERT;
  if (action === VolumeTagAction.ReplacePrimary || action === VolumeTagAction.ReplaceAlternate) return Features0.VOLUME_REPLACE;
  if (action === VolumeTagAction.UndefinePrimary || action === VolumeTagAction.UndefineAlternate) return Features0.VOLUME_UNDEFINE;
  return undefined;
}

export function checkQueryVolumeTags(p: ChangerParameters, q: VolumeTagQuery): void {
  requireFeature(p, Features0.VOLUME_IDENTIFICATION, 'volume tag queries');
  if (typeof q !== 'object' || q === null) throw invalid('no volume tag query');
  const gate = volumeTagActionFeature(q.action);
  if (gate === undefined) throw invalid(`volume tag action ${String(q.action)} does not exist`);
  requireFeature(p, gate, `volume tag action ${VolumeTagAction[q.action] ?? q.action}`);
  if (typeof q.template !== 'string' || Buffer.byteLength(q.template, 'latin1') > MAX_VOLUME_TEMPLATE_SIZE || /[^\x20-\x7e]/.test(q.template)) {
    throw invalid(`the volume template must be printable ASCII of at most ${MAX_VOLUME_TEMPLATE_SIZE} characters`);
  }
  requireType(q.startingElement, [ElementType.AllElements, ...MEDIA_TYPES], 'starting element');
  if (q.startingElement.type !== ElementType.AllElements) requireInRange(p, q.startingElement, 'starting element');
  else if (q.startingElement.index !== 0) throw invalid('an AllElements search starts at index 0');
}
