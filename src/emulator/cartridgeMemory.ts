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
  /** Host attributes by identifier, as written (WRITE ATTRIBUTE); a zero-length write removes one. */
  readonly hostAttributes: Map<number, Uint8Array>;
}

export function blankCartridgeMemory(): CartridgeMemory {
  return { loadCount: 0, hostAttributes: new Map() };
}

/** The state file's form: absent when blank; attributes as 4-hex-digit id → base64. */
export interface CartridgeMemoryRecord {
  loadCount?: number;
  attributes?: Record<string, string>;
}

export function encodeCartridgeMemory(memory: CartridgeMemory): CartridgeMemoryRecord | undefined {
  if (memory.loadCount === 0 && memory.hostAttributes.size === 0) return undefined;
  const record: CartridgeMemoryRecord = {};
  if (memory.loadCount !== 0) record.loadCount = memory.loadCount;
  if (memory.hostAttributes.size > 0) {
    record.attributes = Object.fromEntries(
      [...memory.hostAttributes].map(([id, value]) => [id.toString(16).padStart(4, '0'), Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')]),
    );
  }
  return record;
}

/** Reads the state file's form back; `corrupt` makes the error the state file reports. */
export function decodeCartridgeMemory(value: unknown, what: string, corrupt: (message: string) => Error): CartridgeMemory {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(`${what} is not an object`);
  const { loadCount = 0, attributes = {} } = value as { loadCount?: unknown; attributes?: unknown };
  if (typeof loadCount !== 'number' || !Number.isSafeInteger(loadCount) || loadCount < 0) throw corrupt(`${what}.loadCount is not a count`);
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw corrupt(`${what}.attributes is not an object`);
  const hostAttributes = new Map<number, Uint8Array>();
  for (const [id, encoded] of Object.entries(attributes as Record<string, unknown>)) {
    if (!/^[0-9a-f]{4}$/.test(id) || typeof encoded !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw corrupt(`${what}.attributes.${id} is not an attribute`);
    hostAttributes.set(Number.parseInt(id, 16), new Uint8Array(Buffer.from(encoded, 'base64')));
  }
  return { loadCount, hostAttributes };
}
