// Stable names for Linux SCSI generic devices. /dev/sgN numbers follow probe order and change
// between boots (a drive added, an HBA slower to come up), so a service names its changer by what
// does not change: `sg:serial=<the changer's serial>` (INQUIRY VPD page 80h, which the kernel
// reads at probe time and shows as sysfs' vpd_pg80), or a udev link such as
// /dev/tape/by-id/scsi-<id>-changer or /dev/disk/by-id/…, which may point at the sg node itself or
// at the same device's st, ch or sd node. Each is resolved through sysfs to /dev/sgN at open time.
import { readFile, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ChangerError } from '../../shared/changerError.ts';

export interface SgNaming {
  /** Root of sysfs; a parameter so the resolution can be checked on a tree built for a test. */
  readonly sysfsRoot?: string;
  /** Where the sg nodes are; default /dev. */
  readonly devRoot?: string;
}

const SERIAL_PREFIX = 'serial=';
const SG_NAME = /^sg\d+$/;
/** SCSI peripheral device types as sysfs `type` shows them (SPC-4 table 49). */
const TYPE_NAMES: Readonly<Record<number, string>> = { 0: 'disk', 1: 'tape', 5: 'cd/dvd', 8: 'changer', 12: 'raid', 13: 'enclosure' };
const MEDIUM_CHANGER = 8;

/** The serial in a VPD page 80h as sysfs keeps it: 4 header bytes, then PAGE LENGTH bytes of ASCII. */
export function unitSerialOf(page: Buffer): string | undefined {
  if (page.length < 4 || page[1] !== 0x80) return undefined;
  const length = page.readUInt16BE(2);
  const serial = page.subarray(4, 4 + length).toString('latin1').replace(/\0/g, '').trim();
  return serial === '' ? undefined : serial;
}

interface SgCandidate {
  readonly name: string;
  readonly serial: string | undefined;
  readonly type: number | undefined;
}

async function candidate(classDir: string, name: string): Promise<SgCandidate> {
  const device = join(classDir, name, 'device');
  const page = await readFile(join(device, 'vpd_pg80')).catch(() => undefined);
  const typeText = await readFile(join(device, 'type'), 'utf8').catch(() => undefined);
  const type = typeText !== undefined && /^\d+\s*$/.test(typeText) ? Number(typeText) : undefined;
  return { name, serial: page === undefined ? undefined : unitSerialOf(page), type };
}

function describe(c: SgCandidate): string {
  const type = c.type === undefined ? 'unknown type' : (TYPE_NAMES[c.type] ?? `type ${c.type}`);
  return `${c.name} (${type}, serial ${c.serial ?? 'unknown'})`;
}

function byNumber(a: string, b: string): number {
  return Number(a.slice(2)) - Number(b.slice(2));
}

async function bySerial(serial: string, naming: SgNaming): Promise<string> {
  const classDir = join(naming.sysfsRoot ?? '/sys', 'class', 'scsi_generic');
  let names: string[];
  try {
    names = (await readdir(classDir)).filter((n) => SG_NAME.test(n)).sort(byNumber);
  } catch {
    throw new ChangerError('NO_SUCH_DEVICE', `sg:serial=${serial}: ${classDir} does not exist; load the SCSI generic driver (modprobe sg) and check the library is attached (lsscsi -g)`);
  }
  const candidates = await Promise.all(names.map((n) => candidate(classDir, n)));
  const matching = candidates.filter((c) => c.serial === serial);
  // A changer seen over two paths (multipath) has two sg nodes; either reaches it. Prefer the
  // changer type when a drive happens to report the same serial as its library.
  const chosen = matching.find((c) => c.type === MEDIUM_CHANGER) ?? matching[0];
  if (chosen !== undefined) return join(naming.devRoot ?? '/dev', chosen.name);
  const seen = candidates.length === 0 ? 'none' : candidates.map(describe).join(', ');
  throw new ChangerError('NO_SUCH_DEVICE', `sg:serial=${serial}: no SCSI generic device has that serial (seen: ${seen}); check the serial with lsscsi -g and sg_inq -p 0x80 /dev/sgN`);
}

/** The sg node of the SCSI device behind a st, ch or sd node: <class>/<name>/device/scsi_generic/sgN. */
async function genericOf(node: string, naming: SgNaming): Promise<string | undefined> {
  const name = basename(node);
  for (const cls of ['scsi_changer', 'scsi_tape', 'block']) {
    const dir = join(naming.sysfsRoot ?? '/sys', 'class', cls, name, 'device', 'scsi_generic');
    const generic = (await readdir(dir).catch(() => [] as string[])).find((n) => SG_NAME.test(n));
    if (generic !== undefined) return join(dirname(node), generic);
  }
  return undefined;
}

/**
 * The /dev/sgN to open for what an `sg:` URL names: `serial=<serial>`, or a path (/dev/sgN, a
 * by-id link, a st/ch/sd node). A path whose SCSI device has no sg node is returned as resolved:
 * SG_IO works on st, ch and sd nodes too.
 */
export async function resolveSgDevice(spec: string, naming: SgNaming = {}): Promise<string> {
  if (spec.startsWith(SERIAL_PREFIX)) return bySerial(spec.slice(SERIAL_PREFIX.length), naming);
  let node: string;
  try {
    node = await realpath(spec);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such device file (is the library attached? ls -l /dev/tape/by-id /dev/sg*)' : (e as Error).message;
    throw new ChangerError('NO_SUCH_DEVICE', `sg:${spec}: ${why}`, { cause: e });
  }
  if (SG_NAME.test(basename(node))) return node;
  return (await genericOf(node, naming)) ?? node;
}
