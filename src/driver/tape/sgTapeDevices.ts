import { readFile, readdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ChangerError } from '../../shared/changerError.ts';

/** Where a SCSI device sits on a Linux host: host:channel:target:lun, as sysfs names it. */
interface ScsiAddress {
  readonly host: number;
  readonly channel: number;
  readonly target: number;
  readonly lun: number;
}

export interface SgScanOptions {
  /** Root of sysfs; injectable so the scan can be checked on a tree built for a test. */
  readonly sysfsRoot?: string;
  /**
   * 'target' (default): tape drives behind the changer's own host:channel:target, as an
   * embedded library (one target, drive LUNs) presents them. 'system': every sg tape device on
   * the host — libraries on Fibre Channel or SAS usually show each drive as its own target, and
   * matching by serial number keeps only this library's drives anyway.
   */
  readonly scope?: 'target' | 'system';
}

const SEQUENTIAL_ACCESS = 1;

/**
 * The /dev/sgN paths of tape drives (sysfs type 1) to look at for a changer at `changerPath`.
 * Reads /sys/class/scsi_generic/sgN/device (a link to the H:C:T:L directory) and its `type`.
 */
export async function sgTapeDevicePaths(changerPath: string, options: SgScanOptions = {}): Promise<string[]> {
  const classDir = join(options.sysfsRoot ?? '/sys', 'class', 'scsi_generic');
  const changerName = basename(await realpath(changerPath).catch(() => changerPath));
  const changer = await addressOf(classDir, changerName);
  if (changer === undefined) throw new ChangerError('NO_SUCH_DEVICE', `sg:${changerPath}: sysfs has no ${join(classDir, changerName)} (is it an sg device?)`);
  let names: string[];
  try {
    names = await readdir(classDir);
  } catch (e) {
    throw new ChangerError('NO_SUCH_DEVICE', `cannot list ${classDir}: ${(e as Error).message}`, { cause: e });
  }
  const found: { path: string; address: ScsiAddress }[] = [];
  for (const name of names) {
    if (name === changerName) continue;
    const address = await addressOf(classDir, name);
    if (address === undefined || (options.scope !== 'system' && !sameTarget(address, changer))) continue;
    if ((await deviceType(classDir, name)) === SEQUENTIAL_ACCESS) found.push({ path: `/dev/${name}`, address });
  }
  return found.sort((a, b) => compareAddress(a.address, b.address)).map((f) => f.path);
}

async function addressOf(classDir: string, name: string): Promise<ScsiAddress | undefined> {
  let target: string;
  try {
    target = await realpath(join(classDir, name, 'device'));
  } catch {
    return undefined;
  }
  const match = /^(\d+):(\d+):(\d+):(\d+)$/.exec(basename(target));
  if (match === null) return undefined;
  return { host: Number(match[1]), channel: Number(match[2]), target: Number(match[3]), lun: Number(match[4]) };
}

async function deviceType(classDir: string, name: string): Promise<number | undefined> {
  try {
    const text = (await readFile(join(classDir, name, 'device', 'type'), 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

function sameTarget(a: ScsiAddress, b: ScsiAddress): boolean {
  return a.host === b.host && a.channel === b.channel && a.target === b.target;
}

function compareAddress(a: ScsiAddress, b: ScsiAddress): number {
  return a.host - b.host || a.channel - b.channel || a.target - b.target || a.lun - b.lun;
}
