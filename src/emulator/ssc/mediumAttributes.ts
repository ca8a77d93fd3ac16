/**
 * The MAM attributes of the threaded cartridge, per partition, as READ ATTRIBUTE reports them
 * (ssc.md §2.13): device attributes computed from the tape and the cartridge — capacity from the
 * same usage view as the log pages (in MiB here, as SPC counts them), load count, density, medium
 * type — and the host attributes applications wrote, kept in the cartridge memory.
 */
import { AttributeFormat, DEVICE_ATTRIBUTES, attributeDefinition, type MamAttribute } from '../../scsi/index.ts';
import { keyIdentifier, keyPartition } from '../cartridgeMemory.ts';
import type { Library } from '../library.ts';
import { ltoMediumOf } from '../tape/ltoMedia.ts';
import type { TapeUsage } from '../tape/tapeUsage.ts';
import { LTO_WIDTH_TENTHS_MM, tapeLengthMeters } from './densityDescriptors.ts';
import type { DriveUnit } from './driveUnit.ts';

/** Bytes of cartridge memory for host attributes (LTO-CM sizes per generation are not published; 16 KiB). */
export const MAM_CAPACITY = 16384;
const MIB = 1024 * 1024;
/** MAM 0408h medium type: 00h data, 01h cleaning, 80h WORM. */
const MEDIUM_TYPE = { data: 0x00, cleaning: 0x01, worm: 0x80, diagnostic: 0x00 } as const;

function binary(value: number | bigint, width: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  return Buffer.from(b.subarray(8 - width));
}

function ascii(text: string, width: number): Buffer {
  return Buffer.from(text.slice(0, width).padEnd(width, ' '), 'latin1');
}

/** Host attribute bytes in use (value plus its 5-byte header). */
export function hostAttributeBytes(attributes: ReadonlyMap<number, Uint8Array>): number {
  let total = 0;
  for (const value of attributes.values()) total += 5 + value.length;
  return total;
}

/**
 * Volume change reference: changes whenever what is recorded changes (LTFS compares it with the
 * copy in its 080Ch to tell whether the tape was written after its index). Derived from what the
 * store says is on each partition, so no write path has to remember to bump it.
 */
function volumeChangeReference(usage: TapeUsage): number {
  let hash = 0x811c9dc5;
  for (const p of usage.partitions) {
    for (const n of [p.objects, p.filemarks, p.usedBytes, p.uncompressedBytes]) {
      hash = Math.imul(hash ^ (n % 0x100000000), 0x01000193) >>> 0;
      hash = Math.imul(hash ^ Math.floor(n / 0x100000000), 0x01000193) >>> 0;
    }
  }
  return hash;
}

function deviceValue(identifier: number, drive: DriveUnit, library: Library, usage: TapeUsage, partition: number): Buffer | undefined {
  const cartridge = drive.cartridge;
  const lto = ltoMediumOf(cartridge.label)?.lto;
  const space = usage.partitions.find((p) => p.partition === partition);
  switch (identifier) {
    case 0x0000:
      return binary(Math.floor((space?.remainingBytes ?? 0) / MIB), 8);
    case 0x0001:
      return binary(Math.floor((space?.capacityBytes ?? 0) / MIB), 8);
    case 0x0003:
      return binary(cartridge.mam.loadCount, 8);
    case 0x0004:
      return binary(Math.max(0, MAM_CAPACITY - hostAttributeBytes(cartridge.mam.hostAttributes)), 8);
    case 0x0005:
    case 0x0404:
      return ascii('LTO-CVE', 8);
    case 0x0006:
      return binary(usage.density, 1);
    case 0x0009:
      return binary(volumeChangeReference(usage), 4);
    case 0x020a:
    case 0x020b:
    case 0x020c:
    case 0x020d: {
      const loaded = cartridge.mam.lastDrives[identifier - 0x020a];
      return loaded === undefined ? undefined : ascii(loaded, 40);
    }
    case 0x0400:
      return ascii('VIRTUAL', 8);
    case 0x0401:
      return ascii(`${library.profile.inquiry.serialNumber}-${cartridge.id}`, 32);
    case 0x0402:
      return binary(lto === undefined ? 0 : tapeLengthMeters(lto), 4);
    case 0x0403:
      return binary(LTO_WIDTH_TENTHS_MM, 4);
    case 0x0405:
      return binary(lto?.density ?? 0, 1);
    case 0x0407:
      return binary(MAM_CAPACITY, 8);
    case 0x0408:
      return binary(MEDIUM_TYPE[cartridge.kind], 1);
    default:
      return undefined;
  }
}

/** Every attribute of `partition`, in identifier order. */
export function mediumAttributes(drive: DriveUnit, usage: TapeUsage, partition: number): MamAttribute[] {
  const attributes: MamAttribute[] = [];
  for (const d of DEVICE_ATTRIBUTES) {
    const value = deviceValue(d.identifier, drive, drive.library, usage, partition);
    if (value !== undefined) attributes.push({ identifier: d.identifier, readOnly: true, format: d.format, value });
  }
  for (const [key, value] of drive.cartridge.mam.hostAttributes) {
    if (keyPartition(key) !== partition) continue;
    const identifier = keyIdentifier(key);
    attributes.push({ identifier, readOnly: false, format: attributeDefinition(identifier)?.format ?? AttributeFormat.BINARY, value: Buffer.from(value) });
  }
  return attributes.sort((a, b) => a.identifier - b.identifier);
}

