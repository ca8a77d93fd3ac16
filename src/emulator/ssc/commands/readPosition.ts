/**
 * READ POSITION, short (SA 00h/01h, 20 bytes), long (06h, 32 bytes) and extended (08h, 32 bytes,
 * cut to the allocation length) forms. Positions count logical objects — records and filemarks
 * alike — from the beginning of the partition; the logical file identifier is the filemarks
 * before the head. BOP at object 0; EOP once the data before the head reaches early warning;
 * BPEW beyond programmable early warning (never while PEW is off). Writes go straight
 * to the store, so the buffer is always empty and first = last location.
 */
import { Opcode, ReadPositionForm, buildReadPositionShortData, parseReadPositionCdb } from '../../../scsi/index.ts';
import { buildReadPositionExtendedData } from '../../../scsi/ssc/readPositionExtendedData.ts';
import { buildReadPositionLongData } from '../../../scsi/ssc/readPositionLongData.ts';
import { truncate } from '../../command.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';

const SHORT_FORM_LIMIT = 0xffffffff;

interface Place {
  readonly partition: number;
  readonly object: number;
  readonly beginning: boolean;
  readonly pastEarlyWarning: boolean;
  readonly pastProgrammableEarlyWarning: boolean;
}

function placeOf(drive: DriveUnit): Place {
  const partition = drive.partitionNumber;
  const object = drive.position;
  return { partition, object, beginning: object === 0, ...drive.warningsAt(drive.partition.usedBytes(object)) };
}

export const readPosition: DriveCommandSpec = {
  opcode: Opcode.READ_POSITION,
  name: 'READ POSITION',
  cdbLength: 10,
  parse: parseReadPositionCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseReadPositionCdb(cdb);
    const place = placeOf(drive);
    switch (c.form) {
      case ReadPositionForm.LONG:
        return buildReadPositionLongData({
          beginningOfPartition: place.beginning,
          endOfPartition: place.pastEarlyWarning,
          markPositionUnknown: false,
          objectNumberUnknown: false,
          beyondEarlyWarning: place.pastProgrammableEarlyWarning,
          partitionNumber: place.partition,
          logicalObjectNumber: BigInt(place.object),
          logicalFileIdentifier: BigInt(drive.partition.index.filemarksBefore(place.object)),
        });
      case ReadPositionForm.EXTENDED:
        return truncate(
          buildReadPositionExtendedData({
            beginningOfPartition: place.beginning,
            endOfPartition: place.pastEarlyWarning,
            beyondEarlyWarning: place.pastProgrammableEarlyWarning,
            partitionNumber: place.partition,
            objectsInBuffer: 0,
            firstObjectLocation: BigInt(place.object),
            lastObjectLocation: BigInt(place.object),
            bytesInBuffer: 0n,
          }),
          c.allocationLength,
        );
      default: {
        const overflow = place.object > SHORT_FORM_LIMIT;
        const block = overflow ? 0 : place.object;
        return buildReadPositionShortData({
          beginningOfPartition: place.beginning,
          endOfPartition: place.pastEarlyWarning,
          objectCountUnknown: false,
          byteCountUnknown: false,
          locationUnknown: overflow,
          positionError: overflow,
          beyondEarlyWarning: place.pastProgrammableEarlyWarning,
          partitionNumber: place.partition,
          firstBlockLocation: block,
          lastBlockLocation: block,
          blocksInBuffer: 0,
          bytesInBuffer: 0,
        });
      }
    }
  },
};
