/**
 * What a cartridge's memory chip (LTO-CM, read and written through MAM: READ/WRITE ATTRIBUTE)
 * keeps across drives and restarts: how many times a drive threaded it, and the attributes hosts
 * wrote — application vendor/name/version, the user's label, barcode, media pool, LTFS's volume
 * coherency. The device-maintained attributes (capacity, density, manufacturer…) are computed from
 * the tape itself when read and need no room here.
 */

export interface CartridgeMemory {
  /** Times a drive threaded the cartridge (MAM 0003h, log page 17h thread count). */
  loadCount: number;
  /** The drives that threaded it last, newest first, as vendor (8) + serial (MAM 020Ah–020Dh). */
  readonly lastDrives: string[];
  /** Host attributes by attributeKey(partition, identifier), as written; a zero-length write removes one. */
  readonly hostAttributes: Map<number, Uint8Array>;
}

/** Host attributes are per partition (LTFS keeps its volume coherency information in each). */
export function attributeKey(partition: number, identifier: number): number {
  return partition * 0x10000 + identifier;
}

export function keyPartition(key: number): number {
  return Math.floor(key / 0x10000);
}

export function keyIdentifier(key: number): number {
  return key % 0x10000;
}

/** How many loads MAM remembers the drive of (020Ah: the last load … 020Dh: three before). */
const REMEMBERED_LOADS = 4;

export function blankCartridgeMemory(): CartridgeMemory {
  return { loadCount: 0, lastDrives: [], hostAttributes: new Map() };
}

/** A drive threaded the cartridge: one more load, and that drive is the last one. */
export function recordLoad(memory: CartridgeMemory, vendor: string, serial: string): void {
  memory.loadCount++;
  memory.lastDrives.unshift(vendor.padEnd(8).slice(0, 8) + serial);
  memory.lastDrives.splice(REMEMBERED_LOADS);
}

/** The state file's form: absent when blank; attributes as partition (2 hex digits) + identifier (4) → base64. */
export interface CartridgeMemoryRecord {
  loadCount?: number;
  lastDrives?: string[];
  attributes?: Record<string, string>;
}

export function encodeCartridgeMemory(memory: CartridgeMemory): CartridgeMemoryRecord | undefined {
  if (memory.loadCount === 0 && memory.lastDrives.length === 0 && memory.hostAttributes.size === 0) return undefined;
  const record: CartridgeMemoryRecord = {};
  if (memory.loadCount !== 0) record.loadCount = memory.loadCount;
  if (memory.lastDrives.length > 0) record.lastDrives = [...memory.lastDrives];
  if (memory.hostAttributes.size > 0) {
    record.attributes = Object.fromEntries(
      [...memory.hostAttributes].map(([id, value]) => [id.toString(16).padStart(6, '0'), Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')]),
    );
  }
  return record;
}

/** Reads the state file's form back; `corrupt` makes the error the state file reports. */
export function decodeCartridgeMemory(value: unknown, what: string, corrupt: (message: string) => Error): CartridgeMemory {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(`${what} is not an object`);
  const { loadCount = 0, lastDrives = [], attributes = {} } = value as { loadCount?: unknown; lastDrives?: unknown; attributes?: unknown };
  if (typeof loadCount !== 'number' || !Number.isSafeInteger(loadCount) || loadCount < 0) throw corrupt(`${what}.loadCount is not a count`);
  if (!Array.isArray(lastDrives) || lastDrives.length > REMEMBERED_LOADS || !lastDrives.every((d): d is string => typeof d === 'string' && d.length <= 40)) {
    throw corrupt(`${what}.lastDrives is not a list of drive identities`);
  }
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw corrupt(`${what}.attributes is not an object`);
  const hostAttributes = new Map<number, Uint8Array>();
  for (const [id, encoded] of Object.entries(attributes as Record<string, unknown>)) {
    if (!/^[0-9a-f]{6}$/.test(id) || typeof encoded !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw corrupt(`${what}.attributes.${id} is not an attribute`);
    hostAttributes.set(Number.parseInt(id, 16), new Uint8Array(Buffer.from(encoded, 'base64')));
  }
  return { loadCount, lastDrives, hostAttributes };
}
