/**
 * REPORT DENSITY SUPPORT (44h): with MEDIA = 0 every density the drive reads or writes, its own
 * generation first and marked DEFLT (PBS takes the highest primary code as the drive's
 * generation); with MEDIA = 1 the threaded tape's density, with the capacity the tape really has
 * here (a profile may make it smaller than native), and WRTOK only where this drive writes it.
 * A drive whose product names no LTO generation lists nothing.
 * MEDIUM TYPE = 1 (the medium type report) is not offered: 05/24/00.
 */
import { Opcode, buildDensitySupportData, parseReportDensitySupportCdb } from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import { driveGenerationOf, ltoMediumOf } from '../../tape/ltoMedia.ts';
import { densitiesOfDrive, densityDescriptor } from '../densityDescriptors.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';

function loadedMediumDensity(drive: DriveUnit, generation: number | undefined): ReturnType<typeof densityDescriptor>[] {
  const notReady = drive.notReadySense();
  if (notReady !== undefined) throw new CheckCondition(notReady);
  const lto = ltoMediumOf(drive.cartridge.label)?.lto;
  if (lto === undefined) return [];
  const known = generation === undefined ? undefined : densitiesOfDrive(generation).find((d) => d.lto === lto);
  const capacity = drive.tapeUsage()?.capacityBytes ?? lto.nativeCapacity;
  return [densityDescriptor({ lto, writable: known?.writable ?? false }, lto.generation === generation, capacity)];
}

export const reportDensitySupport: DriveCommandSpec = {
  opcode: Opcode.REPORT_DENSITY_SUPPORT,
  name: 'REPORT DENSITY SUPPORT',
  cdbLength: 10,
  parse: parseReportDensitySupportCdb,
  access: 'always',
  run({ cdb, drive }) {
    const c = parseReportDensitySupportCdb(cdb);
    if (c.mediumType) throw new CheckCondition(invalidField(true, 1, 1));
    const generation = driveGenerationOf(drive.identity.product);
    if (c.media) return truncate(buildDensitySupportData(loadedMediumDensity(drive, generation)), c.allocationLength);
    const descriptors = generation === undefined ? [] : densitiesOfDrive(generation).map((d) => densityDescriptor(d, d.lto.generation === generation));
    return truncate(buildDensitySupportData(descriptors), c.allocationLength);
  },
};
