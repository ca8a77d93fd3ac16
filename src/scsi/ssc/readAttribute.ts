import { Opcode } from '../opcodes.ts';
import { bit, fits, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** READ ATTRIBUTE service actions (ssc.md §2.13). */
export const ReadAttributeServiceAction = {
  ATTRIBUTE_VALUES: 0x00,
  ATTRIBUTE_LIST: 0x01,
  LOGICAL_VOLUME_LIST: 0x02,
  PARTITION_LIST: 0x03,
  SUPPORTED_ATTRIBUTES: 0x05,
} as const;

/**
 * READ ATTRIBUTE (8Ch): 1 bits 4–0 service action; 2–4 restricted (element address for a
 * changer); 5 logical volume number; 7 partition number; 8–9 first attribute identifier;
 * 10–13 allocation length; 14 bit 0 CACHE.
 */
export interface ReadAttributeCdb {
  serviceAction: number;
  logicalVolumeNumber: number;
  partitionNumber: number;
  firstAttributeIdentifier: number;
  allocationLength: number;
  cache: boolean;
  control: number;
}

type Optional = 'serviceAction' | 'logicalVolumeNumber' | 'partitionNumber' | 'firstAttributeIdentifier' | 'cache' | 'control';

export function buildReadAttributeCdb(input: CdbInput<ReadAttributeCdb, Optional>): Buffer {
  return startCdb(Opcode.READ_ATTRIBUTE, 16)
    .uint8(fits(input.serviceAction ?? 0, 5, 'service action'))
    .zeros(3)
    .uint8(input.logicalVolumeNumber ?? 0)
    .uint8(0)
    .uint8(input.partitionNumber ?? 0)
    .uint16(input.firstAttributeIdentifier ?? 0)
    .uint32(input.allocationLength)
    .uint8(bit(input.cache, 0))
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReadAttributeCdb(cdb: Uint8Array): ReadAttributeCdb {
  const r = openCdb(cdb, Opcode.READ_ATTRIBUTE, 16, 'READ ATTRIBUTE');
  const serviceAction = r.byteWithReserved(0xe0);
  r.reservedBytes(3);
  const logicalVolumeNumber = r.uint8();
  r.reservedBytes(1);
  const partitionNumber = r.uint8();
  const firstAttributeIdentifier = r.uint16();
  const allocationLength = r.uint32();
  const b14 = r.byteWithReserved(0xfe);
  return { serviceAction, logicalVolumeNumber, partitionNumber, firstAttributeIdentifier, allocationLength, cache: isSet(b14, 0), control: r.uint8() };
}
