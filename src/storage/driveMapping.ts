// Which OS device is which drive element. Libraries report each drive's serial number in its
// element descriptor (DVCID); each drive answers the same serial on its own INQUIRY VPD page 80h.
// The serial is the only safe key: the order in which devices are found is the order of a bus
// scan, not of element addresses (the Amanda issue #236 trap), so a drive whose serial is missing
// or shared stays unmatched rather than guessed.

/** A drive element as the changer reports it. */
export interface DriveElementSerial {
  /** Zero-based drive index. */
  readonly index: number;
  readonly serialNumber: string | undefined;
}

/** A drive device as discovery found it. */
export interface FoundDriveDevice {
  readonly url: string;
  readonly identity: { readonly serialNumber: string };
}

/** Drive index → device URL, for the drives whose serial names exactly one found device. */
export function matchDriveDevices(drives: readonly DriveElementSerial[], found: readonly FoundDriveDevice[]): Map<number, string> {
  const devicesBySerial = groupBy(found, (d) => serialKey(d.identity.serialNumber));
  const drivesBySerial = groupBy(drives, (d) => serialKey(d.serialNumber));
  const matched = new Map<number, string>();
  for (const drive of drives) {
    const key = serialKey(drive.serialNumber);
    if (key === undefined) continue;
    const devices = devicesBySerial.get(key) ?? [];
    // Two drives with one serial, or one serial on two devices: no way to tell which is which.
    if (devices.length !== 1 || drivesBySerial.get(key)?.length !== 1) continue;
    matched.set(drive.index, (devices[0] as FoundDriveDevice).url);
  }
  return matched;
}

/** Serials compare without surrounding spaces (tgt right-aligns them); empty means none. */
function serialKey(serial: string | undefined): string | undefined {
  const trimmed = serial?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
