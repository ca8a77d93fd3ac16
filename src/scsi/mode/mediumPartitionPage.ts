/**
 * Medium Partition mode page 11h (ssc.md §2.10, page length 6 + 2 × partition sizes): how many
 * partitions the drive can make and has, how sizes are expressed (PSUM, PARTITION UNITS: LTFS uses
 * 10^9 bytes) and POFM (MODE SELECT only records; FORMAT MEDIUM applies), then one 2-byte size per
 * partition (FFFFh: the rest of the medium). What `mt mkpartition` and mkltfs read and set.
 */
import { field, flag, isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';
import { BufferReader } from '../bufferReader.ts';

export const MEDIUM_PARTITION_PAGE_CODE = 0x11;
const FIXED_LENGTH = 6;

export const PartitionSizeUnit = {
  BYTES: 0,
  KILOBYTES: 1,
  MEGABYTES: 2,
  /** 10^PARTITION UNITS bytes. */
  POWER_OF_TEN: 3,
} as const;

export interface MediumPartitionPage {
  maximumAdditionalPartitions: number;
  additionalPartitionsDefined: number;
  /** Byte 4: FDP, SDP, IDP, PSUM (2 bits), POFM, CLEAR, ADDP. */
  fixedDataPartitions: boolean;
  selectDataPartitions: boolean;
  initiatorDefinedPartitions: boolean;
  partitionSizeUnitOfMeasure: number;
  partitionOnFormat: boolean;
  clear: boolean;
  addPartition: boolean;
  mediumFormatRecognition: number;
  /** Byte 6 bits 7–4. */
  partitioningType: number;
  /** Byte 6 bits 3–0: the power of ten of PSUM 11b. */
  partitionUnits: number;
  partitionSizes: number[];
}

export function encodeMediumPartitionPage(p: MediumPartitionPage): Buffer {
  const w = startSscModePage(MEDIUM_PARTITION_PAGE_CODE, FIXED_LENGTH + 2 * p.partitionSizes.length)
    .uint8(p.maximumAdditionalPartitions)
    .uint8(p.additionalPartitionsDefined)
    .uint8(
      flag(p.fixedDataPartitions, 7) |
        flag(p.selectDataPartitions, 6) |
        flag(p.initiatorDefinedPartitions, 5) |
        (field(p.partitionSizeUnitOfMeasure, 2, 'PSUM') << 3) |
        flag(p.partitionOnFormat, 2) |
        flag(p.clear, 1) |
        flag(p.addPartition, 0),
    )
    .uint8(p.mediumFormatRecognition)
    .uint8((field(p.partitioningType, 4, 'partitioning type') << 4) | field(p.partitionUnits, 4, 'partition units'))
    .uint8(0);
  for (const size of p.partitionSizes) w.uint16(size);
  return w.toBuffer();
}

export function decodeMediumPartitionPage(bytes: Uint8Array): MediumPartitionPage {
  const header = new BufferReader(bytes, 'medium partition mode page');
  header.skip(1);
  const pageLength = header.uint8();
  if (pageLength < FIXED_LENGTH || (pageLength - FIXED_LENGTH) % 2 !== 0) throw header.error(`page length ${pageLength} is not 6 + 2 per partition`, 1);
  const r = openSscModePage(bytes, 'medium partition mode page', MEDIUM_PARTITION_PAGE_CODE, pageLength);
  const maximumAdditionalPartitions = r.uint8();
  const additionalPartitionsDefined = r.uint8();
  const b4 = r.uint8();
  const mediumFormatRecognition = r.uint8();
  const b6 = r.uint8();
  r.skip(1);
  const partitionSizes: number[] = [];
  for (let i = FIXED_LENGTH; i < pageLength; i += 2) partitionSizes.push(r.uint16());
  return {
    maximumAdditionalPartitions,
    additionalPartitionsDefined,
    fixedDataPartitions: isOn(b4, 7),
    selectDataPartitions: isOn(b4, 6),
    initiatorDefinedPartitions: isOn(b4, 5),
    partitionSizeUnitOfMeasure: (b4 >> 3) & 0x03,
    partitionOnFormat: isOn(b4, 2),
    clear: isOn(b4, 1),
    addPartition: isOn(b4, 0),
    mediumFormatRecognition,
    partitioningType: b6 >> 4,
    partitionUnits: b6 & 0x0f,
    partitionSizes,
  };
}
