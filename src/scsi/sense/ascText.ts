/**
 * Standard ASC/ASCQ meanings (SPC's additional sense code table), limited to the codes a media
 * changer, its drives and its initiators meet (smc.md §4). Texts are in sentence case as tools
 * print them. Keys are (ASC << 8) | ASCQ.
 */
const TEXT: ReadonlyMap<number, string> = new Map([
  [0x0000, 'No additional sense information'],
  [0x0001, 'Filemark detected'],
  [0x0002, 'End-of-partition/medium detected'],
  [0x0004, 'Beginning-of-partition/medium detected'],
  [0x0005, 'End-of-data detected'],
  [0x0016, 'Operation in progress'],
  [0x0017, 'Cleaning requested'],
  [0x0400, 'Logical unit not ready, cause not reportable'],
  [0x0401, 'Logical unit is in process of becoming ready'],
  [0x0402, 'Logical unit not ready, initializing command required'],
  [0x0403, 'Logical unit not ready, manual intervention required'],
  [0x0404, 'Logical unit not ready, format in progress'],
  [0x0407, 'Logical unit not ready, operation in progress'],
  [0x0409, 'Logical unit not ready, self-test in progress'],
  [0x040c, 'Logical unit not ready, target port in unavailable state'],
  [0x0412, 'Logical unit not ready, offline'],
  [0x0500, 'Logical unit does not respond to selection'],
  [0x0800, 'Logical unit communication failure'],
  [0x0801, 'Logical unit communication time-out'],
  [0x0802, 'Logical unit communication parity error'],
  [0x1500, 'Random positioning error'],
  [0x1501, 'Mechanical positioning error'],
  [0x1502, 'Positioning error detected by read of medium'],
  [0x1a00, 'Parameter list length error'],
  [0x2000, 'Invalid command operation code'],
  [0x2100, 'Logical block address out of range'],
  [0x2101, 'Invalid element address'],
  [0x2400, 'Invalid field in CDB'],
  [0x2500, 'Logical unit not supported'],
  [0x2600, 'Invalid field in parameter list'],
  [0x2601, 'Parameter not supported'],
  [0x2602, 'Parameter value invalid'],
  [0x2603, 'Threshold parameters not supported'],
  [0x2604, 'Invalid release of persistent reservation'],
  [0x2700, 'Write protected'],
  [0x2800, 'Not ready to ready change, medium may have changed'],
  [0x2801, 'Import or export element accessed'],
  [0x2802, 'Format-layer may have changed'],
  [0x2900, 'Power on, reset, or bus device reset occurred'],
  [0x2901, 'Power on occurred'],
  [0x2902, 'SCSI bus reset occurred'],
  [0x2903, 'Bus device reset function occurred'],
  [0x2904, 'Device internal reset'],
  [0x2905, 'Transceiver mode changed to single-ended'],
  [0x2906, 'Transceiver mode changed to LVD'],
  [0x2907, 'I_T nexus loss occurred'],
  [0x2a00, 'Parameters changed'],
  [0x2a01, 'Mode parameters changed'],
  [0x2a02, 'Log parameters changed'],
  [0x2a03, 'Reservations preempted'],
  [0x2a04, 'Reservations released'],
  [0x2a05, 'Registrations preempted'],
  [0x2a10, 'Timestamp changed'],
  [0x2c00, 'Command sequence error'],
  [0x2f00, 'Commands cleared by another initiator'],
  [0x3000, 'Incompatible medium installed'],
  [0x3003, 'Cleaning cartridge installed'],
  [0x3007, 'Cleaning failure'],
  [0x300c, 'WORM medium - overwrite attempted'],
  [0x3900, 'Saving parameters not supported'],
  [0x3a00, 'Medium not present'],
  [0x3a01, 'Medium not present - tray closed'],
  [0x3a02, 'Medium not present - tray open'],
  [0x3a03, 'Medium not present - loadable'],
  [0x3a04, 'Medium not present - medium auxiliary memory accessible'],
  [0x3b0d, 'Medium destination element full'],
  [0x3b0e, 'Medium source element empty'],
  [0x3b0f, 'End of medium reached'],
  [0x3b11, 'Medium magazine not accessible'],
  [0x3b12, 'Medium magazine removed'],
  [0x3b13, 'Medium magazine inserted'],
  [0x3b14, 'Medium magazine locked'],
  [0x3b15, 'Medium magazine unlocked'],
  [0x3b16, 'Mechanical positioning or changer error'],
  [0x3e00, 'Logical unit has not self-configured yet'],
  [0x3e01, 'Logical unit failure'],
  [0x3e02, 'Timeout on logical unit'],
  [0x3f00, 'Target operating conditions have changed'],
  [0x3f01, 'Microcode has been changed'],
  [0x3f02, 'Changed operating definition'],
  [0x3f03, 'Inquiry data has changed'],
  [0x3f0e, 'Reported LUNs data has changed'],
  [0x4400, 'Internal target failure'],
  [0x4500, 'Select or reselect failure'],
  [0x4700, 'SCSI parity error'],
  [0x4900, 'Invalid message error'],
  [0x4b00, 'Data phase error'],
  [0x4e00, 'Overlapped commands attempted'],
  [0x5300, 'Media load or eject failed'],
  [0x5301, 'Unload tape failure'],
  [0x5302, 'Medium removal prevented'],
  [0x5503, 'Insufficient resources'],
  [0x5504, 'Insufficient registration resources'],
  [0x5a01, 'Operator medium removal request'],
  [0x5b02, 'Log counter at maximum'],
  [0x5d00, 'Failure prediction threshold exceeded'],
]);

/** The standard text for an ASC/ASCQ pair, or undefined when the table does not know it. */
export function findSenseText(asc: number, ascq: number): string | undefined {
  const known = TEXT.get(((asc & 0xff) << 8) | (ascq & 0xff));
  if (known !== undefined) return known;
  // 40/NN is a family: the qualifier names the failed component.
  if (asc === 0x40 && ascq >= 0x80) return `Diagnostic failure on component ${hex(ascq)}h`;
  return undefined;
}

/**
 * Text for any ASC/ASCQ: the standard meaning if known, otherwise a neutral description that
 * still says whether the code is in a vendor-specific range (ASC or ASCQ ≥ 80h).
 */
export function senseText(asc: number, ascq: number): string {
  const known = findSenseText(asc, ascq);
  if (known !== undefined) return known;
  const vendor = asc >= 0x80 || ascq >= 0x80 ? 'Vendor specific' : 'Unknown';
  return `${vendor} ASC/ASCQ ${hex(asc)}h/${hex(ascq)}h`;
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
