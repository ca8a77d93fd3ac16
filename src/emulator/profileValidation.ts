/**
 * Turns an untrusted JSON value into a Profile. Every problem is collected with its JSON path so a
 * hand-edited profile gets one message listing all its mistakes, not one per attempt.
 */
import { EmulatorError } from './emulatorError.ts';
import {
  ELEMENT_KINDS,
  isMediumSeries,
  type AddressRange,
  type DriveGroupSpec,
  type ElementKind,
  type IeStationSpec,
  type MagazineSpec,
  type MediumKind,
  type MediumSeriesSpec,
  type MediumSpec,
  type Profile,
  type ProfileCapabilities,
  type ProfileFeatures,
  type ProfileInquiry,
  type ProfileTimings,
  type RobotSpec,
  type TapeMotionSpec,
} from './profile.ts';

type Json = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];
  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(p: Problems, value: unknown, path: string): Json {
  if (isObject(value)) return value;
  p.add(path, 'must be an object');
  return {};
}

function array(p: Problems, value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  p.add(path, 'must be an array');
  return [];
}

function text(p: Problems, o: Json, key: string, path: string, maxLength = 1000): string {
  const v = o[key];
  if (typeof v === 'string' && v.length <= maxLength && /^[\x20-\x7e]*$/.test(v)) return v;
  p.add(`${path}.${key}`, `must be printable ASCII text of at most ${maxLength} characters`);
  return '';
}

function optionalText(p: Problems, o: Json, key: string, path: string, maxLength = 1000): string | undefined {
  return o[key] === undefined ? undefined : text(p, o, key, path, maxLength);
}

function integer(p: Problems, o: Json, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  p.add(`${path}.${key}`, `must be an integer from ${min} to ${max}`);
  return min;
}

function flag(p: Problems, o: Json, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v === 'boolean') return v;
  p.add(`${path}.${key}`, 'must be true or false');
  return false;
}

function oneOf<T extends string>(p: Problems, o: Json, key: string, path: string, choices: readonly T[]): T {
  const v = o[key];
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  p.add(`${path}.${key}`, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
  return choices[0] as T;
}

function range(p: Problems, value: unknown, path: string): AddressRange {
  const o = object(p, value, path);
  const magazine = optionalText(p, o, 'magazine', path, 64);
  return {
    first: integer(p, o, 'first', path, 0, 0xffff),
    count: integer(p, o, 'count', path, 0, 0xffff),
    ...(magazine === undefined ? {} : { magazine }),
  };
}

function inquiry(p: Problems, value: unknown): ProfileInquiry {
  const path = 'inquiry';
  const o = object(p, value, path);
  const naa = text(p, o, 'naa', path, 16);
  if (!/^[56][0-9a-fA-F]{15}$/.test(naa)) p.add(`${path}.naa`, 'must be 16 hex digits starting with 5 or 6 (NAA IEEE Registered)');
  return {
    vendor: text(p, o, 'vendor', path, 8),
    product: text(p, o, 'product', path, 16),
    revision: text(p, o, 'revision', path, 4),
    serialNumber: text(p, o, 'serialNumber', path, 32),
    naa,
    version: integer(p, o, 'version', path, 0, 0xff),
  };
}

function robots(p: Problems, value: unknown): RobotSpec[] {
  return array(p, value, 'robots').map((r, i) => {
    const path = `robots[${i}]`;
    const o = object(p, r, path);
    const name = text(p, o, 'name', path, 64);
    if (o.pickers !== undefined) {
      // The older form: one picker address per robot is still its transport element.
      const pickers = array(p, o.pickers, `${path}.pickers`);
      if (pickers.length !== 1) {
        p.add(`${path}.pickers`, 'pickers are not individually addressable: give the robot one transport element address and its gripper count, as "transport": 1, "grippers": 2');
        return { name, transport: 0, grippers: 1 };
      }
      return { name, transport: address(p, pickers[0], `${path}.pickers[0]`), grippers: 1 };
    }
    const transport = address(p, o.transport, `${path}.transport`);
    const grippers = o.grippers === undefined ? 1 : integer(p, o, 'grippers', path, 1, 2) === 2 ? 2 : 1;
    return { name, transport, grippers };
  });
}

function address(p: Problems, a: unknown, path: string): number {
  if (typeof a === 'number' && Number.isInteger(a) && a >= 0 && a <= 0xffff) return a;
  p.add(path, 'must be an element address from 0 to 65535');
  return 0;
}

const VOLUME_TAG_ACTIONS = ['translate', 'assert', 'replace', 'undefine'] as const;

function drives(p: Problems, value: unknown): DriveGroupSpec[] {
  return array(p, value, 'drives').map((d, i) => {
    const path = `drives[${i}]`;
    const o = object(p, d, path);
    const cleanAfterLoads = o.cleanAfterLoads === undefined ? undefined : integer(p, o, 'cleanAfterLoads', path, 1, 1_000_000);
    return {
      ...range(p, d, path),
      vendor: text(p, o, 'vendor', path, 8),
      product: text(p, o, 'product', path, 16),
      revision: text(p, o, 'revision', path, 4),
      serialPrefix: text(p, o, 'serialPrefix', path, 8),
      ...(cleanAfterLoads === undefined ? {} : { cleanAfterLoads }),
    };
  });
}

function ieStations(p: Problems, value: unknown): IeStationSpec[] {
  return array(p, value, 'ieStations').map((s, i) => {
    const path = `ieStations[${i}]`;
    return { ...range(p, s, path), name: text(p, object(p, s, path), 'name', path, 64) };
  });
}

function magazines(p: Problems, value: unknown): MagazineSpec[] {
  return array(p, value, 'magazines').map((m, i) => {
    const path = `magazines[${i}]`;
    const o = object(p, m, path);
    return { name: text(p, o, 'name', path, 64), removable: flag(p, o, 'removable', path) };
  });
}

function features(p: Problems, value: unknown): ProfileFeatures {
  const path = 'features';
  const o = object(p, value, path);
  const f = (key: string): boolean => flag(p, o, key, path);
  return {
    barcodeReader: f('barcodeReader'),
    alternateVolumeTags: f('alternateVolumeTags'),
    exchange: f('exchange'),
    position: f('position'),
    predismountEjectRequired: f('predismountEjectRequired'),
    door: f('door'),
    removalLock: f('removalLock'),
    hostOpensIeport: f('hostOpensIeport'),
    hostClosesIeport: f('hostClosesIeport'),
    mediumFlip: f('mediumFlip'),
    initializeElementStatusWithRange: f('initializeElementStatusWithRange'),
    busyPolicy: oneOf(p, o, 'busyPolicy', path, ['queue', 'busy'] as const),
    powerOnClearsPicker: f('powerOnClearsPicker'),
    moveIntoDriveCompletes: o['moveIntoDriveCompletes'] === undefined ? 'after-load' : oneOf(p, o, 'moveIntoDriveCompletes', path, ['after-load', 'on-insertion'] as const),
    driveIdentifier: oneOf(p, o, 'driveIdentifier', path, ['serial', 't10'] as const),
    modePagesSavable: f('modePagesSavable'),
    statusNonVolatile: o['statusNonVolatile'] === undefined ? false : f('statusNonVolatile'),
    drivesNeedCleaning: o['drivesNeedCleaning'] === undefined ? true : f('drivesNeedCleaning'),
    cleanerAccessNotValid: o['cleanerAccessNotValid'] === undefined ? false : f('cleanerAccessNotValid'),
    drivesEmptyOnDoorAccess: o['drivesEmptyOnDoorAccess'] === undefined ? false : f('drivesEmptyOnDoorAccess'),
    keypadLock: o['keypadLock'] === undefined ? false : f('keypadLock'),
    volumeTagActions: o['volumeTagActions'] === undefined
      ? VOLUME_TAG_ACTIONS
      : array(p, o['volumeTagActions'], `${path}.volumeTagActions`).map((a, i) => {
        if (typeof a === 'string' && (VOLUME_TAG_ACTIONS as readonly string[]).includes(a)) return a as (typeof VOLUME_TAG_ACTIONS)[number];
        p.add(`${path}.volumeTagActions[${i}]`, `must be one of ${VOLUME_TAG_ACTIONS.join(', ')}`);
        return 'translate';
      }),
  };
}

const TIMING_KEYS = [
  'moveMs',
  'exchangeMs',
  'positionMs',
  'invertMs',
  'rezeroMs',
  'inventoryBaseMs',
  'inventoryPerElementMs',
  'inventoryPerElementNoLabelMs',
  'doorOpenMs',
  'doorCloseMs',
  'mailslotOpenMs',
  'mailslotCloseMs',
  'driveLoadMs',
  'driveUnloadMs',
  'powerOnMs',
] as const satisfies readonly (keyof ProfileTimings)[];

function timings(p: Problems, value: unknown): ProfileTimings {
  const o = object(p, value, 'timings');
  const entries = TIMING_KEYS.map((key) => [key, integer(p, o, key, 'timings', 0, 3_600_000)] as const);
  const t = Object.fromEntries(entries) as Record<(typeof TIMING_KEYS)[number], number>;
  // Older profiles had no cleaning time: the cycle took a load and an unload.
  const driveCleanMs = o['driveCleanMs'] === undefined ? t.driveLoadMs + t.driveUnloadMs : integer(p, o, 'driveCleanMs', 'timings', 0, 3_600_000);
  return { ...t, driveCleanMs };
}

function kindList(p: Problems, value: unknown, path: string): ElementKind[] {
  return array(p, value, path).map((k, i) => {
    if (typeof k === 'string' && (ELEMENT_KINDS as readonly string[]).includes(k)) return k as ElementKind;
    p.add(`${path}[${i}]`, `must be one of ${ELEMENT_KINDS.join(', ')}`);
    return 'slot';
  });
}

function matrix(p: Problems, value: unknown, path: string): Record<ElementKind, ElementKind[]> {
  const o = object(p, value, path);
  const rows = ELEMENT_KINDS.map((from) => [from, o[from] === undefined ? [] : kindList(p, o[from], `${path}.${from}`)] as const);
  for (const key of Object.keys(o)) if (!(ELEMENT_KINDS as readonly string[]).includes(key)) p.add(`${path}.${key}`, 'is not an element kind');
  return Object.fromEntries(rows) as Record<ElementKind, ElementKind[]>;
}

function capabilities(p: Problems, value: unknown): ProfileCapabilities {
  const o = object(p, value, 'capabilities');
  return {
    storage: kindList(p, o.storage, 'capabilities.storage'),
    move: matrix(p, o.move, 'capabilities.move'),
    exchange: matrix(p, o.exchange ?? {}, 'capabilities.exchange'),
  };
}

const MEDIUM_KINDS = ['data', 'cleaning', 'diagnostic', 'worm'] as const satisfies readonly MediumKind[];

function sides(p: Problems, o: Json, path: string): { sides?: 1 | 2 } {
  if (o.sides === undefined) return {};
  const n = integer(p, o, 'sides', path, 1, 2);
  return { sides: n === 2 ? 2 : 1 };
}

function medium(p: Problems, value: unknown, path: string): MediumSpec | MediumSeriesSpec {
  const o = object(p, value, path);
  if (o.fill !== undefined) {
    const fill = object(p, o.fill, `${path}.fill`);
    const alternateSuffix = optionalText(p, o, 'alternateSuffix', path, 8);
    const series: MediumSeriesSpec = {
      fill: { first: integer(p, fill, 'first', `${path}.fill`, 0, 0xffff), count: integer(p, fill, 'count', `${path}.fill`, 0, 0xffff) },
      prefix: text(p, o, 'prefix', path, 16),
      start: integer(p, o, 'start', path, 0, 1e9),
      digits: integer(p, o, 'digits', path, 1, 12),
      suffix: text(p, o, 'suffix', path, 8),
      ...(o.skipEvery === undefined ? {} : { skipEvery: integer(p, o, 'skipEvery', path, 0, 0xffff) }),
      ...sides(p, o, path),
      ...(alternateSuffix === undefined ? {} : { alternateSuffix }),
    };
    return series;
  }
  let barcode: string | null = null;
  if (o.barcode !== null) barcode = text(p, o, 'barcode', path, 32);
  const alternateTag = optionalText(p, o, 'alternateTag', path, 32);
  return {
    address: integer(p, o, 'address', path, 0, 0xffff),
    barcode,
    ...(o.kind === undefined ? {} : { kind: oneOf(p, o, 'kind', path, MEDIUM_KINDS) }),
    ...(o.cleaningUses === undefined ? {} : { cleaningUses: integer(p, o, 'cleaningUses', path, 0, 10_000) }),
    ...(alternateTag === undefined ? {} : { alternateTag }),
    ...sides(p, o, path),
  };
}

/** Checks that need the whole profile: unique addresses, known magazines, robots vs. exchange. */
function crossCheck(p: Problems, profile: Profile): void {
  const owner = new Map<number, string>();
  const claim = (address: number, what: string): void => {
    const previous = owner.get(address);
    if (previous !== undefined) p.add(what, `element address ${address} (0x${address.toString(16)}) is also used by ${previous}`);
    else owner.set(address, what);
  };
  profile.robots.forEach((r, i) => claim(r.transport, `robots[${i}].transport`));
  const claimRange = (r: AddressRange, what: string): void => {
    if (r.first + r.count - 1 > 0xffff) p.add(what, 'runs past element address 65535');
    for (let k = 0; k < r.count; k++) claim(r.first + k, what);
  };
  profile.slots.forEach((r, i) => claimRange(r, `slots[${i}]`));
  profile.ieStations.forEach((r, i) => claimRange(r, `ieStations[${i}]`));
  profile.drives.forEach((r, i) => claimRange(r, `drives[${i}]`));

  const magazineNames = new Set(profile.magazines.map((m) => m.name));
  if (magazineNames.size !== profile.magazines.length) p.add('magazines', 'magazine names must be unique');
  const checkMagazine = (r: AddressRange, what: string): void => {
    if (r.magazine !== undefined && !magazineNames.has(r.magazine)) p.add(`${what}.magazine`, `names no magazine in "magazines"`);
  };
  profile.slots.forEach((r, i) => checkMagazine(r, `slots[${i}]`));
  profile.ieStations.forEach((r, i) => checkMagazine(r, `ieStations[${i}]`));
  profile.drives.forEach((r, i) => {
    if (r.magazine !== undefined) p.add(`drives[${i}].magazine`, 'drives are not held in magazines');
  });
  if (new Set(profile.ieStations.map((s) => s.name)).size !== profile.ieStations.length) p.add('ieStations', 'station names must be unique');

  if (profile.robots.length === 0) p.add('robots', 'a library needs at least one robot');
  if (profile.slots.reduce((n, r) => n + r.count, 0) === 0) p.add('slots', 'a library needs at least one slot');
  if (profile.drives.reduce((n, r) => n + r.count, 0) === 0) p.add('drives', 'a library needs at least one drive');
  if (profile.features.exchange && profile.robots.some((r) => r.grippers < 2))
    p.add('features.exchange', 'EXCHANGE MEDIUM needs two grippers on every robot ("grippers": 2)');
  if (profile.cleanerSlot !== undefined && !profile.slots.some((r) => profile.cleanerSlot !== undefined && profile.cleanerSlot >= r.first && profile.cleanerSlot < r.first + r.count))
    p.add('cleanerSlot', `${profile.cleanerSlot} is not a slot address`);
  const exchangeRows = Object.values(profile.capabilities.exchange).some((row) => row.length > 0);
  if (exchangeRows !== profile.features.exchange) p.add('capabilities.exchange', 'must be non-empty exactly when features.exchange is true');
  const removableMagazine = profile.magazines.some((m) => m.removable);
  if (profile.features.removalLock && !profile.features.door && profile.ieStations.length === 0 && !removableMagazine)
    p.add('features.removalLock', 'there is no door, mailslot or removable magazine to lock');

  const labels = new Set<string>();
  profile.media.forEach((m, i) => {
    if (isMediumSeries(m)) return;
    if (m.barcode !== null) {
      if (labels.has(m.barcode)) p.add(`media[${i}].barcode`, `"${m.barcode}" appears twice`);
      labels.add(m.barcode);
    }
    const what = owner.get(m.address);
    if (what === undefined || what.startsWith('robots')) p.add(`media[${i}].address`, `${m.address} is not a slot, mailslot or drive address`);
  });
}

function tapeMotion(p: Problems, value: unknown): TapeMotionSpec {
  const o = object(p, value, 'tapeMotion');
  const fullTapeTravelMs = integer(p, o, 'fullTapeTravelMs', 'tapeMotion', 0, 3_600_000);
  return o.dataRateMBps === undefined ? { fullTapeTravelMs } : { fullTapeTravelMs, dataRateMBps: integer(p, o, 'dataRateMBps', 'tapeMotion', 1, 100_000) };
}

/** Validates `value` (parsed JSON) as a profile; `source` names the file in the error message. */
export function validateProfile(value: unknown, source: string): Profile {
  const p = new Problems();
  const o = object(p, value, '(profile)');
  const profile: Profile = {
    name: text(p, o, 'name', '(profile)', 64),
    description: text(p, o, 'description', '(profile)'),
    inquiry: inquiry(p, o.inquiry),
    robots: robots(p, o.robots),
    slots: array(p, o.slots, 'slots').map((r, i) => range(p, r, `slots[${i}]`)),
    ieStations: ieStations(p, o.ieStations ?? []),
    drives: drives(p, o.drives),
    magazines: magazines(p, o.magazines ?? []),
    features: features(p, o.features),
    timings: timings(p, o.timings),
    capabilities: capabilities(p, o.capabilities),
    media: array(p, o.media ?? [], 'media').map((m, i) => medium(p, m, `media[${i}]`)),
    ...(o.cleanerSlot === undefined ? {} : { cleanerSlot: address(p, o.cleanerSlot, 'cleanerSlot') }),
    cleaningUsesDefault: o.cleaningUsesDefault === undefined ? 50 : integer(p, o, 'cleaningUsesDefault', '(profile)', 0, 10_000),
    ...(o.tapeCapacityBytes === undefined ? {} : { tapeCapacityBytes: integer(p, o, 'tapeCapacityBytes', '(profile)', 4096, Number.MAX_SAFE_INTEGER) }),
    ...(o.tapeQuotaBytes === undefined ? {} : { tapeQuotaBytes: integer(p, o, 'tapeQuotaBytes', '(profile)', 0, Number.MAX_SAFE_INTEGER) }),
    ...(o.tapeMotion === undefined ? {} : { tapeMotion: tapeMotion(p, o.tapeMotion) }),
  };
  if (p.list.length === 0) crossCheck(p, profile);
  if (p.list.length > 0) {
    throw new EmulatorError('PROFILE_INVALID', `Library profile ${source} is invalid; fix these fields:\n  ${p.list.join('\n  ')}`);
  }
  return profile;
}
