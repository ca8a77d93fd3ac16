// `npm start` serves the drives of the manager's embedded libraries over iSCSI, so a backup host
// writes to the cartridge the manager mounted (DESIGN §1: applications reach drives through the
// drives' own devices, never through the manager). Each library is one target as `changer emulate`
// serves it: the changer stays visible at LUN 0 as on a real library, but the manager holds a Write
// Exclusive persistent reservation on it, so any other initiator may read element status and
// is answered RESERVATION CONFLICT when it tries to move a cartridge.
import type { Logger } from 'pino';
import type { VirtualLibrary } from '../emulator/index.ts';
import type { ChapCredentials } from '../iscsi/login/chap.ts';
import { IscsiTarget } from '../iscsi/target/index.ts';
import type { Manager } from '../rsm/index.ts';
import { parseDeviceUrl } from '../transport/deviceUrl.ts';
import { embeddedLibrary } from '../transport/embeddedLibraries.ts';
import { formatIscsiUrl } from '../transport/iscsiUrl.ts';
import { CHANGER_LUN, DEFAULT_IQN_PREFIX, libraryIqn, libraryTarget, servedDrives, type ServedDrive } from './libraryTarget.ts';
import { formatPortalAddress } from '../iscsi/target/sendTargets.ts';

export interface DriveTargetSettings {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Initiators log in with these; the served URLs carry the user name only. */
  readonly chap?: ChapCredentials;
}

export interface ServedLibraryDrives {
  readonly library: string;
  readonly iqn: string;
  /** The changer LUN: visible to everyone, moves refused to all but the manager (persistent reservation). */
  readonly changerUrl: string;
  readonly drives: readonly ServedDrive[];
}

/** What came of serving: the portal and its libraries, or why nothing is served (start goes on regardless). */
export type ManagerDrives =
  | { readonly state: 'served'; readonly host: string; readonly port: number; readonly chapUser: string | null; readonly libraries: readonly ServedLibraryDrives[]; close(): Promise<void> }
  | { readonly state: 'off' | 'unavailable'; readonly reason: string; close(): Promise<void> };

const NOTHING = (): Promise<void> => Promise.resolve();

interface Embedded {
  readonly name: string;
  readonly dir: string;
  readonly library: VirtualLibrary;
}

/** The libraries this manager owns that run in this process (virtual: URLs); real ones have drives of their own. */
function embeddedOf(manager: Manager): Embedded[] {
  const found: Embedded[] = [];
  for (const configured of manager.configuredLibraries()) {
    if (!configured.ownedHere) continue;
    const parsed = parseDeviceUrl(configured.deviceUrl);
    const library = embeddedLibrary(configured.deviceUrl);
    if (parsed.scheme === 'virtual' && library !== undefined) found.push({ name: configured.name, dir: parsed.dir, library });
  }
  return found;
}

/** Why the portal could not listen, in the user's terms: start goes on without it. */
function listenFailure(error: unknown, at: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `${at} is already in use (another iSCSI target such as tgtd, changer emulate or another manager); choose another with --iscsi-listen or CHANGER_ISCSI_LISTEN`;
  if (code === 'EACCES') return `${at}: permission denied (ports below 1024 need root); choose another with --iscsi-listen`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `${at}: no such local address; choose another with --iscsi-listen`;
  return `${at}: ${(error as Error).message}`;
}

/**
 * Serves the drives of the embedded libraries `wanted` names (default: all of them; a configuration
 * file may say `serve-drives: false` for a library).
 */
export async function serveManagerDrives(manager: Manager, settings: DriveTargetSettings | 'off', logger: Logger, wanted: (library: string) => boolean = () => true): Promise<ManagerDrives> {
  if (settings === 'off') return { state: 'off', reason: 'turned off (--iscsi-listen off)', close: NOTHING };
  const embedded = embeddedOf(manager).filter((e) => wanted(e.name));
  if (embedded.length === 0) return { state: 'off', reason: 'no embedded library is owned here', close: NOTHING };
  const named = embedded.map((e) => ({ ...e, iqn: libraryIqn(DEFAULT_IQN_PREFIX, e.dir) }));
  const log = logger.child({ component: 'iscsi' });
  const target = new IscsiTarget({
    targets: named.map((e) => libraryTarget(e.iqn, e.dir, e.library, settings.chap)),
    logger: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
  });
  const at = formatPortalAddress(settings.host, settings.port);
  let port: number;
  try {
    port = (await target.listen(settings.port, settings.host)).port;
  } catch (error) {
    await target.close({ graceMs: 0 });
    const reason = listenFailure(error, at);
    logger.warn({ listen: at }, `drives not served over iSCSI: ${reason}`);
    return { state: 'unavailable', reason, close: NOTHING };
  }
  const where = { host: settings.host, port };
  const libraries = named.map((e) => ({
    library: e.name,
    iqn: e.iqn,
    changerUrl: formatIscsiUrl({ ...where, targetName: e.iqn, lun: CHANGER_LUN }),
    drives: servedDrives(e.library, e.iqn, where),
  }));
  try {
    for (const l of libraries) await manager.publishDriveUrls(l.library, new Map(l.drives.map((d) => [d.serial, d.url])));
  } catch (error) {
    await target.close({ graceMs: 0 });
    throw error;
  }
  logger.info({ listen: `${settings.host}:${port}`, targets: libraries.map((l) => l.iqn) }, 'drives served over iSCSI');
  return {
    state: 'served',
    host: settings.host,
    port,
    chapUser: settings.chap?.username ?? null,
    libraries,
    // Initiators are asked to log out first: the libraries are saved after the target is gone.
    close: () => target.close({ graceMs: 1000 }),
  };
}
