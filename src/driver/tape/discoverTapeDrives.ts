import { buildReportLunsCdb } from '../../scsi/cdb/reportLuns.ts';
import { parseReportLunsData } from '../../scsi/data/reportLunsData.ts';
import { PeripheralDeviceType } from '../../scsi/inquiry/standardInquiryData.ts';
import { parseDeviceUrl } from '../../transport/deviceUrl.ts';
import { formatIscsiUrl, parseIscsiUrl } from '../../transport/iscsiUrl.ts';
import { openTransport } from '../../transport/openTransport.ts';
import { ChangerError } from '../../shared/changerError.ts';
import { sgTapeDevicePaths, type SgScanOptions } from './sgTapeDevices.ts';
import { resolveSgDevice } from '../../transport/sg/sgDeviceName.ts';
import { TapeCommandRunner } from './tapeCommandRunner.ts';
import { readTapeDriveIdentity, type TapeDriveIdentity } from './tapeDriveIdentity.ts';

export interface DiscoveredTapeDrive {
  /** The device URL TapeDrive.open takes for this drive. */
  readonly url: string;
  readonly identity: TapeDriveIdentity;
}

export interface DiscoveryOptions {
  /** Per command; default 30 s. */
  readonly timeoutMs?: number;
  /** For sg: changers only. */
  readonly sg?: SgScanOptions;
}

/** Where the drives of a changer may be: their URLs, and for LUN-addressed targets the LUNs to ask about. */
interface Neighbourhood {
  /** A URL on the changer's target that REPORT LUNS can be sent through. */
  readonly probeUrl: string;
  readonly changerLun: number;
  urlOf(lun: number): string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const FIRST_REPORT_LUNS_LENGTH = 8 + 8 * 64;

/**
 * The tape drives behind a changer, each with the URL to open it and its identity (serial number
 * first of all: matchDriveDevices pairs them with drive elements). Asks the changer's target for
 * its LUNs over a transport of its own — REPORT LUNS and INQUIRY pass reservations and unit
 * attentions, so this works while a manager holds the changer — and keeps the sequential-access
 * devices. A LUN that does not answer is left out rather than failing the others.
 */
export async function discoverTapeDrives(changerUrl: string, options: DiscoveryOptions = {}): Promise<DiscoveredTapeDrive[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const parsed = parseDeviceUrl(changerUrl);
  if (parsed.scheme === 'sg') {
    // The changer's sg node first: sg:serial=… and by-id links are found in sysfs by it.
    const changerNode = await resolveSgDevice(parsed.path, options.sg?.sysfsRoot === undefined ? {} : { sysfsRoot: options.sg.sysfsRoot });
    const paths = await sgTapeDevicePaths(changerNode, options.sg);
    return identifyAll(paths.map((path) => `sg:${path}`), timeoutMs);
  }
  const place = neighbourhood(changerUrl);
  const luns = await reportLuns(place, timeoutMs);
  return identifyAll(luns.filter((lun) => lun !== place.changerLun).map((lun) => place.urlOf(lun)), timeoutMs);
}

function neighbourhood(changerUrl: string): Neighbourhood {
  const parsed = parseDeviceUrl(changerUrl);
  switch (parsed.scheme) {
    case 'virtual': {
      // LUN 0 would open the library's state itself; a drive LUN reaches the library already open
      // in this process, and REPORT LUNS on any LUN lists them all (every virtual library has a
      // drive, so LUN 1 is always there).
      const urlOf = (lun: number): string => `virtual:${parsed.dir}?lun=${lun}`;
      return { probeUrl: urlOf(1), changerLun: 0, urlOf };
    }
    case 'iscsi': {
      const iscsi = parseIscsiUrl(parsed.url);
      // Credentials stay in the drive URLs: the caller put them in the changer's, and needs them to open the drives.
      return { probeUrl: changerUrl, changerLun: iscsi.lun, urlOf: (lun) => formatIscsiUrl({ ...iscsi, lun }, { withCredentials: true }) };
    }
    default:
      throw new ChangerError('INVALID_DEVICE_REQUEST', `${changerUrl}: tape drives can be discovered behind virtual:, iscsi:// and sg: changers only`);
  }
}

async function reportLuns(place: Neighbourhood, timeoutMs: number): Promise<number[]> {
  const transport = await openTransport(place.probeUrl);
  try {
    const runner = new TapeCommandRunner(transport);
    let length = FIRST_REPORT_LUNS_LENGTH;
    for (;;) {
      const result = await runner.run({ name: 'REPORT LUNS', cdb: buildReportLunsCdb({ allocationLength: length }), timeoutMs, dataInLength: length }, { consumeAttentions: true });
      const data = parseReportLunsData(result.dataIn);
      if (!data.truncated) return data.luns;
      length = 8 + data.lunListLength;
    }
  } finally {
    await transport.close().catch(() => undefined);
  }
}

async function identifyAll(urls: readonly string[], timeoutMs: number): Promise<DiscoveredTapeDrive[]> {
  const drives: DiscoveredTapeDrive[] = [];
  for (const url of urls) {
    const identity = await identify(url, timeoutMs);
    if (identity?.deviceType === PeripheralDeviceType.SEQUENTIAL_ACCESS) drives.push({ url, identity });
  }
  return drives;
}

/** Undefined when the device cannot be reached or does not answer INQUIRY sensibly. */
async function identify(url: string, timeoutMs: number): Promise<TapeDriveIdentity | undefined> {
  let transport;
  try {
    transport = await openTransport(url);
    return await readTapeDriveIdentity(new TapeCommandRunner(transport), timeoutMs);
  } catch {
    return undefined;
  } finally {
    await transport?.close().catch(() => undefined);
  }
}
