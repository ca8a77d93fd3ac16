/**
 * The state file's format: LibraryState ⇄ JSON text. Decoding trusts nothing — a file that does not
 * match this format or this profile is refused with what is wrong, never repaired or reset, since
 * silently resetting would "lose" every cartridge the file placed.
 */
import { mediumKindFromLabel, type Cartridge } from './cartridge.ts';
import { blankCartridgeMemory, decodeCartridgeMemory, encodeCartridgeMemory } from './cartridgeMemory.ts';
import type { ElementMap } from './elementMap.ts';
import { EmulatorError } from './emulatorError.ts';
import { LibraryState, type DriveCleaningState, type ElementRuntime, type PersistentReservationRecord } from './libraryState.ts';
import type { MediumKind, Profile } from './profile.ts';
import { FILEMARK, TAPE_CAPACITY_BYTES, record as tapeRecord, tapeUsage, type TapeEntry } from './tapeContents.ts';

export const STATE_FORMAT = 'changer-virtual-library-state';
export const STATE_VERSION = 1;

/**
 * A cartridge with only the fields that differ from a fresh cartridge of its label: a
 * 10,000-slot library then saves in a fraction of the space. `id` and `label` are always there.
 * Tapes are no longer in the file (emulator/tape keeps them); files written before that carry a
 * `tape` list in which a string is one record (base64) and a number that many consecutive
 * filemarks: decodeState hands those to its caller to move into the tape store.
 */
type CartridgeRecord = Partial<Cartridge> & Pick<Cartridge, 'id' | 'label'>;

/** Tapes found in an old-format state file, by cartridge id, still to be moved into the tape store. */
export type LegacyTapes = Map<number, TapeEntry[]>;

function compact(c: Cartridge): CartridgeRecord {
  const record: Record<string, unknown> = { id: c.id, label: c.label };
  if (c.labelB !== null) record.labelB = c.labelB;
  if (c.kind !== mediumKindFromLabel(c.label)) record.kind = c.kind;
  if (c.sides !== 1) record.sides = c.sides;
  if (c.tagA !== c.label) record.tagA = c.tagA;
  if (c.tagB !== c.labelB) record.tagB = c.tagB;
  if (c.flipped) record.flipped = true;
  if (c.labelUnreadable) record.labelUnreadable = true;
  if (c.cleaningUsesLeft !== null) record.cleaningUsesLeft = c.cleaningUsesLeft;
  if (c.source !== null) record.source = c.source;
  if (c.invertedSinceSource) record.invertedSinceSource = true;
  if (c.placedByOperator) record.placedByOperator = true;
  if (c.writeProtected) record.writeProtected = true;
  const mam = encodeCartridgeMemory(c.mam);
  if (mam !== undefined) record.mam = mam;
  return record as CartridgeRecord;
}

export interface ElementRecord {
  readonly address: number;
  readonly cartridge?: CartridgeRecord;
  readonly loaded?: boolean;
  readonly disabled?: boolean;
  readonly stuck?: boolean;
}

interface StateRecord {
  readonly format: string;
  readonly version: number;
  readonly profile: string;
  /** The id of the journal that continues this snapshot (stateJournal.ts); absent before journals. */
  readonly journal?: string;
  readonly elements: readonly ElementRecord[];
  readonly magazines: Record<string, boolean>;
  readonly stations: Record<string, boolean>;
  readonly doorOpen: boolean;
  readonly outside: readonly CartridgeRecord[];
  readonly nextCartridgeId: number;
  readonly savedMode: { readonly descriptorSense: boolean };
  readonly persistentReservations: PersistentReservationRecord | null;
  /** Drives whose cleaning state is not the fresh one; absent in files written before drives had one. */
  readonly drives?: readonly DriveRecord[];
}

interface DriveRecord {
  readonly address: number;
  readonly loadsSinceCleaning?: number;
  readonly cleanNow?: boolean;
  readonly cleanPeriodic?: boolean;
}

function driveRecords(state: LibraryState): DriveRecord[] {
  const records: DriveRecord[] = [];
  for (const [address, d] of state.driveCleaning) {
    if (d.loadsSinceCleaning === 0 && !d.cleanNow && !d.cleanPeriodic) continue;
    records.push({
      address,
      ...(d.loadsSinceCleaning === 0 ? {} : { loadsSinceCleaning: d.loadsSinceCleaning }),
      ...(d.cleanNow ? { cleanNow: true } : {}),
      ...(d.cleanPeriodic ? { cleanPeriodic: true } : {}),
    });
  }
  return records;
}

/** An element's record; an element with nothing to say is just its address (the journal's "now empty"). */
export function encodeElement(address: number, e: ElementRuntime): ElementRecord {
  return {
    address,
    ...(e.cartridge === null ? {} : { cartridge: compact(e.cartridge) }),
    ...(e.loaded ? { loaded: true } : {}),
    ...(e.disabled ? { disabled: true } : {}),
    ...(e.stuck ? { stuck: true } : {}),
  };
}

/** Everything but the elements: small whatever the library's size, so the journal writes it whole when it changed. */
export type RestRecord = Omit<StateRecord, 'format' | 'version' | 'profile' | 'journal' | 'elements'>;

/** The fields of RestRecord, the only top-level fields a journal record may set. */
const REST_FIELDS: readonly (keyof RestRecord)[] = ['magazines', 'stations', 'doorOpen', 'outside', 'nextCartridgeId', 'savedMode', 'persistentReservations', 'drives'];

export function encodeRest(state: LibraryState): RestRecord {
  return {
    magazines: Object.fromEntries(state.magazinePresent),
    stations: Object.fromEntries(state.stationOpen),
    doorOpen: state.doorOpen,
    outside: state.outside.map(compact),
    nextCartridgeId: state.nextCartridgeId,
    savedMode: state.savedMode,
    persistentReservations: state.persistentReservations,
    drives: driveRecords(state),
  };
}

/** The whole state; `journal` names the journal that continues this snapshot (absent in files written before journals). */
export function encodeState(profile: Profile, state: LibraryState, journal?: string): string {
  const elements: ElementRecord[] = [];
  for (const [address, e] of state.elements) {
    if (e.cartridge === null && !e.loaded && !e.disabled && !e.stuck) continue;
    elements.push(encodeElement(address, e));
  }
  const record: StateRecord = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    profile: profile.name,
    ...(journal === undefined ? {} : { journal }),
    elements,
    ...encodeRest(state),
  };
  return `${JSON.stringify(record)}\n`;
}

class Corrupt extends Error {}

type Json = Record<string, unknown>;

function obj(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Corrupt(`${what} is not an object`);
  return value as Json;
}

function int(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new Corrupt(`${what} is not an integer in ${min}…${max}`);
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new Corrupt(`${what} is not true/false`);
  return value;
}

function textOrNull(value: unknown, what: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > 64) throw new Corrupt(`${what} is not a short text or null`);
  return value;
}

const KINDS: readonly MediumKind[] = ['data', 'cleaning', 'diagnostic', 'worm'];

/** A field of a compact cartridge record: absent means the default. */
function field<T>(o: Json, key: string, fallback: T, read: (value: unknown, what: string) => T, what: string): T {
  return o[key] === undefined ? fallback : read(o[key], `${what}.${key}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function tape(value: unknown, what: string): TapeEntry[] {
  if (!Array.isArray(value)) throw new Corrupt(`${what} is not a list`);
  const entries: TapeEntry[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === 'number') {
      const count = int(item, `${what}[${i}]`, 1, TAPE_CAPACITY_BYTES);
      for (let k = 0; k < count; k++) entries.push(FILEMARK);
      return;
    }
    if (typeof item !== 'string' || item === '' || !BASE64.test(item)) throw new Corrupt(`${what}[${i}] is neither a base64 record nor a filemark count`);
    entries.push(tapeRecord(new Uint8Array(Buffer.from(item, 'base64'))));
  });
  if (tapeUsage(entries) > TAPE_CAPACITY_BYTES) throw new Corrupt(`${what} holds more than the ${TAPE_CAPACITY_BYTES} bytes a cartridge takes`);
  return entries;
}

function cartridge(value: unknown, what: string, legacyTapes: LegacyTapes): Cartridge {
  const o = obj(value, what);
  if (!('label' in o)) throw new Corrupt(`${what} has no label field`);
  const label = textOrNull(o.label, `${what}.label`);
  const labelB = field(o, 'labelB', null, textOrNull, what);
  const kind = field(o, 'kind', mediumKindFromLabel(label), (v, w) => {
    if (typeof v !== 'string' || !(KINDS as readonly string[]).includes(v)) throw new Corrupt(`${w} is not a medium kind`);
    return v as MediumKind;
  }, what);
  const intOrNull = (v: unknown, w: string): number | null => (v === null ? null : int(v, w, 0, 0xffff));
  const id = int(o.id, `${what}.id`, 1);
  const legacy = field(o, 'tape', [], tape, what);
  if (legacy.length > 0) legacyTapes.set(id, legacy);
  return {
    id,
    label,
    labelB,
    kind,
    sides: field(o, 'sides', 1, (v, w) => (int(v, w, 1, 2) === 2 ? 2 : 1), what),
    tagA: field(o, 'tagA', label, textOrNull, what),
    tagB: field(o, 'tagB', labelB, textOrNull, what),
    flipped: field(o, 'flipped', false, bool, what),
    labelUnreadable: field(o, 'labelUnreadable', false, bool, what),
    cleaningUsesLeft: field(o, 'cleaningUsesLeft', null, intOrNull, what),
    source: field(o, 'source', null, intOrNull, what),
    invertedSinceSource: field(o, 'invertedSinceSource', false, bool, what),
    placedByOperator: field(o, 'placedByOperator', false, bool, what),
    writeProtected: field(o, 'writeProtected', false, bool, what),
    mam: field(o, 'mam', blankCartridgeMemory(), (v, w) => decodeCartridgeMemory(v, w, (message) => new Corrupt(message)), what),
  };
}

function restoreDrives(value: unknown, state: LibraryState): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new Corrupt('"drives" is not an array');
  value.forEach((item: unknown, i) => {
    const o = obj(item, `drives[${i}]`);
    const address = int(o.address, `drives[${i}].address`, 0, 0xffff);
    const cleaning: DriveCleaningState | undefined = state.driveCleaning.get(address);
    if (cleaning === undefined) throw new Corrupt(`drives[${i}] names address ${address}, which is no drive of this profile`);
    cleaning.loadsSinceCleaning = field(o, 'loadsSinceCleaning', 0, (v, w) => int(v, w), `drives[${i}]`);
    cleaning.cleanNow = field(o, 'cleanNow', false, bool, `drives[${i}]`);
    cleaning.cleanPeriodic = field(o, 'cleanPeriodic', false, bool, `drives[${i}]`);
  });
}

function reservations(value: unknown): PersistentReservationRecord | null {
  if (value === null || value === undefined) return null;
  const o = obj(value, 'persistentReservations');
  const regs = o.registrations;
  if (!Array.isArray(regs)) throw new Corrupt('persistentReservations.registrations is not an array');
  const registrations = regs.map((r, i) => {
    const reg = obj(r, `registration ${i}`);
    if (typeof reg.initiator !== 'string' || typeof reg.key !== 'string' || !/^[0-9a-f]{16}$/.test(reg.key)) throw new Corrupt(`registration ${i} is malformed`);
    return { initiator: reg.initiator, key: reg.key };
  });
  let reservation: PersistentReservationRecord['reservation'] = null;
  if (o.reservation !== null) {
    const r = obj(o.reservation, 'persistentReservations.reservation');
    if (typeof r.holder !== 'string') throw new Corrupt('persistentReservations.reservation.holder is not text');
    reservation = { holder: r.holder, type: int(r.type, 'persistentReservations.reservation.type', 0, 15) };
  }
  return { generation: int(o.generation, 'persistentReservations.generation', 0, 0xffffffff), registrations, reservation };
}

function restoreElements(record: Json, map: ElementMap, state: LibraryState, legacyTapes: LegacyTapes): void {
  if (!Array.isArray(record.elements)) throw new Corrupt('"elements" is not an array');
  const ids = new Set<number>();
  record.elements.forEach((value, i) => {
    const e = obj(value, `elements[${i}]`);
    // Above FFFFh: a robot's second gripper (its internal address), which holds a cartridge only mid-exchange.
    const address = int(e.address, `elements[${i}].address`, 0, 0x1ffff);
    if (map.get(address) === undefined && !map.hiddenGrippers.includes(address)) throw new Corrupt(`elements[${i}] names address ${address}, which this profile does not have`);
    const runtime = state.element(address);
    if (e.cartridge !== undefined) {
      const c = cartridge(e.cartridge, `elements[${i}].cartridge`, legacyTapes);
      if (ids.has(c.id)) throw new Corrupt(`cartridge #${c.id} is in two places`);
      ids.add(c.id);
      runtime.cartridge = c;
    }
    runtime.loaded = e.loaded === undefined ? false : bool(e.loaded, `elements[${i}].loaded`);
    runtime.disabled = e.disabled === undefined ? false : bool(e.disabled, `elements[${i}].disabled`);
    runtime.stuck = e.stuck === undefined ? false : bool(e.stuck, `elements[${i}].stuck`);
  });
  if (!Array.isArray(record.outside)) throw new Corrupt('"outside" is not an array');
  state.outside = record.outside.map((c, i) => cartridge(c, `outside[${i}]`, legacyTapes));
  for (const c of state.outside) {
    if (ids.has(c.id)) throw new Corrupt(`cartridge #${c.id} is both inside and outside the library`);
    ids.add(c.id);
  }
  state.nextCartridgeId = int(record.nextCartridgeId, 'nextCartridgeId', 1);
  if ([...ids].some((id) => id >= state.nextCartridgeId)) throw new Corrupt('nextCartridgeId is not above every cartridge id');
}

function restoreFlags(source: unknown, target: Map<string, boolean>, what: string): void {
  const o = obj(source, what);
  for (const [name, value] of Object.entries(o)) {
    if (!target.has(name)) throw new Corrupt(`${what} names "${name}", which this profile does not have`);
    target.set(name, bool(value, `${what}.${name}`));
  }
}

/**
 * Parses a state file. `path` and `dir` only shape error messages. Throws EmulatorError
 * STATE_CORRUPT, STATE_VERSION or PROFILE_MISMATCH. Tapes of an old-format file are put in
 * `legacyTapes` (by cartridge id) for the caller to write into the tape store before saving again.
 */
export function decodeState(text: string, path: string, profile: Profile, map: ElementMap, legacyTapes: LegacyTapes = new Map()): LibraryState {
  return decodeStoredState({ snapshot: text, journal: null }, path, profile, map, legacyTapes).state;
}

/** A snapshot and the journal found beside it (scanned: torn tail cut, checksums good). */
export interface StoredState {
  readonly snapshot: string;
  readonly journal: { readonly path: string; readonly snapshotId: string | null; readonly changes: readonly string[] } | null;
}

export interface DecodedState {
  readonly state: LibraryState;
  /** The journal continues this snapshot and was replayed: later changes append to it. */
  readonly journalContinues: boolean;
}

/**
 * The snapshot with the journal's change sets laid over it, then judged as one state file. A
 * journal whose header names another snapshot is left out: it is what a crash between writing a
 * new snapshot and starting its journal leaves, and the snapshot already holds all of it.
 */
export function decodeStoredState(stored: StoredState, path: string, profile: Profile, map: ElementMap, legacyTapes: LegacyTapes = new Map()): DecodedState {
  const { snapshot: text, journal } = stored;
  let where = path;
  const refuse = (detail: string, cause?: unknown): never => {
    throw new EmulatorError(
      'STATE_CORRUPT',
      `Virtual library state file ${where} is corrupt: ${detail}. The library was not opened and the file was left as it is. ` +
        'Restore it from a backup, or move it aside to start again from the profile\'s initial cartridges (the positions it recorded would be forgotten).',
      { cause },
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return refuse(`not valid JSON (${(cause as Error).message})`, cause);
  }
  let journalContinues = false;
  try {
    let record = obj(json, 'the file');
    if (journal !== null && journal.snapshotId !== null && journal.snapshotId === record.journal) {
      journalContinues = true;
      if (journal.changes.length > 0) {
        record = replay(record, journal.changes, journal.path);
        where = `${path} (with the changes of its journal ${journal.path})`;
      }
    }
    if (record.format !== STATE_FORMAT) throw new Corrupt(`"format" is ${JSON.stringify(record.format)}, expected "${STATE_FORMAT}"`);
    if (record.version !== STATE_VERSION) {
      throw new EmulatorError(
        'STATE_VERSION',
        `Virtual library state file ${path} has format version ${JSON.stringify(record.version)}; this emulator reads version ${STATE_VERSION} only. ` +
          'Open it with the emulator version that wrote it, or move the file aside to start a new library.',
      );
    }
    if (record.profile !== profile.name) {
      throw new EmulatorError(
        'PROFILE_MISMATCH',
        `Virtual library state file ${path} holds a "${String(record.profile)}" library, not "${profile.name}". ` +
          `Open it with profile=${String(record.profile)}, or use another directory for a ${profile.name} library.`,
      );
    }
    const state = new LibraryState(map, profile.magazines.map((m) => m.name), profile.ieStations.map((s) => s.name));
    restoreElements(record, map, state, legacyTapes);
    restoreFlags(record.magazines, state.magazinePresent, 'magazines');
    restoreFlags(record.stations, state.stationOpen, 'stations');
    state.doorOpen = bool(record.doorOpen, 'doorOpen');
    state.savedMode = { descriptorSense: bool(obj(record.savedMode, 'savedMode').descriptorSense, 'savedMode.descriptorSense') };
    state.persistentReservations = reservations(record.persistentReservations);
    restoreDrives(record.drives, state);
    state.changedElements.clear();
    return { state, journalContinues };
  } catch (error) {
    if (error instanceof Corrupt) return refuse(error.message, error);
    throw error;
  }
}

/**
 * One journal change set: the elements a save found changed (an address alone: now empty) and,
 * when it changed, the rest of the state whole.
 */
export interface ChangeRecord {
  readonly elements?: readonly ElementRecord[];
  readonly rest?: RestRecord;
}

/** The snapshot's record with every change set applied in order; the result is judged like any state file. */
function replay(snapshot: Json, changes: readonly string[], journalPath: string): Json {
  if (!Array.isArray(snapshot.elements)) throw new Corrupt('"elements" is not an array');
  const elements = new Map<number, unknown>();
  snapshot.elements.forEach((value, i) => elements.set(int(obj(value, `elements[${i}]`).address, `elements[${i}].address`, 0, 0x1ffff), value));
  const merged: Json = { ...snapshot };
  changes.forEach((text, n) => {
    const what = `journal ${journalPath} change ${n + 1}`;
    let change: Json;
    try {
      change = obj(JSON.parse(text), what);
    } catch (cause) {
      throw new Corrupt(cause instanceof Corrupt ? cause.message : `${what} is not valid JSON`);
    }
    if (change.elements !== undefined) {
      if (!Array.isArray(change.elements)) throw new Corrupt(`${what}: "elements" is not an array`);
      change.elements.forEach((value, i) => {
        const e = obj(value, `${what} elements[${i}]`);
        const address = int(e.address, `${what} elements[${i}].address`, 0, 0x1ffff);
        if (Object.keys(e).length === 1) elements.delete(address);
        else elements.set(address, e);
      });
    }
    if (change.rest !== undefined) {
      const rest = obj(change.rest, `${what} rest`);
      for (const field of REST_FIELDS) if (field in rest) merged[field] = rest[field];
    }
  });
  merged.elements = [...elements.values()];
  return merged;
}
