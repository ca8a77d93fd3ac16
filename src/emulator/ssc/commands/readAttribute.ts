/**
 * READ ATTRIBUTE of a tape drive (MAM, ssc.md §2.13): ATTRIBUTE VALUES from the first identifier
 * asked, in order (PBS reads all from 0000h; LTFS one at a time, allocation = size + 4); ATTRIBUTE
 * LIST of what the partition holds; SUPPORTED ATTRIBUTES; the logical volume and partition lists.
 * AVAILABLE DATA is the whole answer's size whatever the allocation length cut. Nothing at or
 * above the first identifier is 05/24/00 at that field (as mhVTL), a partition the tape lacks at
 * byte 7.
 */
import {
  DEVICE_ATTRIBUTES,
  HOST_ATTRIBUTES,
  Opcode,
  ReadAttributeServiceAction as SA,

  buildAttributeIdentifiers,
  buildAttributeValues,
  parseReadAttributeCdb,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { mediumAttributes } from '../mediumAttributes.ts';

const SUPPORTED = [...DEVICE_ATTRIBUTES, ...HOST_ATTRIBUTES].map((d) => d.identifier).sort((a, b) => a - b);

export const readAttribute: DriveCommandSpec = {
  opcode: Opcode.READ_ATTRIBUTE,
  name: 'READ ATTRIBUTE',
  cdbLength: 16,
  parse: parseReadAttributeCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseReadAttributeCdb(cdb);
    const usage = drive.tapeUsage();
    if (usage === undefined) throw new CheckCondition(drive.notReadySense() ?? invalidField(true, 0));
    if (c.logicalVolumeNumber !== 0) throw new CheckCondition(invalidField(true, 5));
    const partitions = usage.partitions.length;
    if (c.partitionNumber >= partitions) throw new CheckCondition(invalidField(true, 7));
    switch (c.serviceAction) {
      case SA.ATTRIBUTE_VALUES: {
        const attributes = mediumAttributes(drive, usage, c.partitionNumber).filter((a) => a.identifier >= c.firstAttributeIdentifier);
        if (attributes.length === 0) throw new CheckCondition(invalidField(true, 8));
        // Built whole for AVAILABLE DATA, then cut: a MAM is a few KiB at most.
        return truncate(buildAttributeValues(attributes), c.allocationLength);
      }
      case SA.ATTRIBUTE_LIST: {
        const identifiers = mediumAttributes(drive, usage, c.partitionNumber).map((a) => a.identifier).filter((id) => id >= c.firstAttributeIdentifier);
        return truncate(buildAttributeIdentifiers(identifiers), c.allocationLength);
      }
      case SA.SUPPORTED_ATTRIBUTES:
        return truncate(buildAttributeIdentifiers(SUPPORTED.filter((id) => id >= c.firstAttributeIdentifier)), c.allocationLength);
      case SA.LOGICAL_VOLUME_LIST:
        // AVAILABLE DATA (2 bytes), first logical volume 0, one volume.
        return truncate(Buffer.from([0, 2, 0, 1]), c.allocationLength);
      case SA.PARTITION_LIST:
        return truncate(Buffer.from([0, 2, 0, partitions]), c.allocationLength);
      default:
        throw new CheckCondition(invalidField(true, 1, 4));
    }
  },
};

