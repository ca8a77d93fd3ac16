import type { ChangerParameters } from '../changerParameters.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** The three WMI data blocks the class driver registers (§3.15). */
export const WmiChangerGuids = {
  MSChangerParameters: '24eb52ac-7c77-438b-ab61-d024dab0c03a',
  MSChangerProblemEvent: '45db06a5-20d5-4de3-a36c-3ab974600a4c',
  MSChangerProblemDeviceError: '56b396a8-0b95-42fe-bbce-d36fda904f8e',
} as const;

/** WMI_CHANGER_PARAMETERS: the counts a management console shows, each widened to a ULONG. */
export interface WmiChangerParameters {
  readonly numberOfSlots: number;
  readonly numberOfDrives: number;
  readonly numberOfIEPorts: number;
  readonly numberOfTransports: number;
  readonly numberOfDoors: number;
  readonly numberOfCleanerSlots: number;
  readonly magazineSize: number;
}

export const WMI_CHANGER_PARAMETERS_LENGTH = 28;

const STRUCTURE = 'WMI_CHANGER_PARAMETERS';

/** The block's counts, taken member by member from GET_CHANGER_PARAMETERS. */
export function wmiChangerParametersOf(p: ChangerParameters): WmiChangerParameters {
  return {
    numberOfSlots: p.numberStorageElements,
    numberOfDrives: p.numberDataTransferElements,
    numberOfIEPorts: p.numberIEElements,
    numberOfTransports: p.numberTransportElements,
    numberOfDoors: p.numberOfDoors,
    numberOfCleanerSlots: p.numberCleanerSlots,
    magazineSize: p.magazineSize,
  };
}

export function encodeWmiChangerParameters(p: WmiChangerParameters): Uint8Array {
  const w = new LeWriter(STRUCTURE, WMI_CHANGER_PARAMETERS_LENGTH);
  w.u32(p.numberOfSlots, 'NumberOfSlots')
    .u32(p.numberOfDrives, 'NumberOfDrives')
    .u32(p.numberOfIEPorts, 'NumberOfIEPorts')
    .u32(p.numberOfTransports, 'NumberOfTransports')
    .u32(p.numberOfDoors, 'NumberOfDoors')
    .u32(p.numberOfCleanerSlots, 'NumberOfCleanerSlots')
    .u32(p.magazineSize, 'MagazineSize');
  return w.finish();
}

export function decodeWmiChangerParameters(bytes: Uint8Array): WmiChangerParameters {
  requireLength(STRUCTURE, bytes, WMI_CHANGER_PARAMETERS_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  return {
    numberOfSlots: r.u32(),
    numberOfDrives: r.u32(),
    numberOfIEPorts: r.u32(),
    numberOfTransports: r.u32(),
    numberOfDoors: r.u32(),
    numberOfCleanerSlots: r.u32(),
    magazineSize: r.u32(),
  };
}
