// `npm start` serves the drives of the manager's embedded libraries over iSCSI, so a backup host
// writes to the cartridge the manager mounted (DESIGN §1: applications reach drives through the
// drives' own devices, never through the manager). Each library is one target as `changer emulate`
// serves it: the changer stays visible at LUN 0 as on a real library, but the manager holds a Write
// Exclusive persistent reservation on it, so any other initiator may read element status and
// is answered RESERVATION CONFLICT when it tries to move a cartridge.
import type { Logger } from 'pino';
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

/**
 * What came of serving: the portal and its libraries, or why nothing is served (start goes on
 * regardless). `libraries` are those served now; `standingBy` the embedded libraries another
 * manager owns, whose drives are served here from the moment this manager takes one over.
 */
export type ManagerDrives =
  | { readonly state: 'served'; readonly host: string; readonly port: number; readonly chapUser: string | null; readonly libraries: readonly ServedLibraryDrives[]; readonly standingBy: readonly string[]; close(): Promise<void> }
  | { readonly state: 'off' | 'unavailable'; readonly reason: string; close(): Promise<void> };

const NOTHING = (): Promise<void> => Promise.resolve();

interface Embedded {
  readonly name: string;
  readonly dir: string;
  readonly deviceUrl: string;
}

/** The libraries configured in this manager that run in this process (virtual: URLs); real ones have drives of their own. */
function embeddedOf(manager: Manager): Embedded[] {
  const found: Embedded[] = [];
  for (const configured of manager.configuredLibraries()) {
    const parsed = parseDeviceUrl(configured.deviceUrl);
    if (parsed.scheme === 'virtual') found.push({ name: configured.name, dir: parsed.dir, deviceUrl: configured.deviceUrl });
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
 * file may say `serve-drives: false` for a library): those owned here now at once, and any other
 * from the moment this manager takes it over (a standby whose peer died); a library it loses stops
 * being served, its sessions asked to log out.
 */
export async function serveManagerDrives(manager: Manager, settings: DriveTargetSettings | 'off', logger: Logger, wanted: (library: string) => boolean = () => true): Promise<ManagerDrives> {
  if (settings === 'off') return { state: 'off', reason: 'turned off (--iscsi-listen off)', close: NOTHING };
  const embedded = new Map(embeddedOf(manager).filter((e) => wanted(e.name)).map((e) => [e.name, { ...e, iqn: libraryIqn(DEFAULT_IQN_PREFIX, e.dir) }]));
  if (embedded.size === 0) return { state: 'off', reason: 'no embedded library is configured to be served', close: NOTHING };
  const log = logger.child({ component: 'iscsi' });
  const target = new IscsiTarget({ targets: [], logger: { info: (message) => log.info(message), warn: (message) => log.warn(message) } });
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
  const served = new Map<string, ServedLibraryDrives>();

  /** Starts serving `name` if it is embedded, wanted, owned here and open in this process; undefined if not. */
  const serve = async (name: string): Promise<ServedLibraryDrives | undefined> => {
    const e = embedded.get(name);
    const library = e === undefined ? undefined : embeddedLibrary(e.deviceUrl);
    const owned = manager.configuredLibraries().some((c) => c.name === name && c.ownedHere);
    if (e === undefined || library === undefined || !owned || served.has(name)) return undefined;
    target.addTarget(libraryTarget(e.iqn, e.dir, library, settings.chap));
    const drives: ServedLibraryDrives = { library: name, iqn: e.iqn, changerUrl: formatIscsiUrl({ ...where, targetName: e.iqn, lun: CHANGER_LUN }), drives: servedDrives(library, e.iqn, where) };
    served.set(name, drives);
    await manager.publishDriveUrls(name, new Map(drives.drives.map((d) => [d.serial, d.url])));
    return drives;
  };
  const stop = async (name: string): Promise<void> => {
    const drives = served.get(name);
    if (drives === undefined) return;
    served.delete(name);
    await target.removeTarget(drives.iqn);
    log.info({ library: name, target: drives.iqn }, `drives of library ${name} no longer served: it is not owned here any more`);
  };

  try {
    for (const name of embedded.keys()) await serve(name);
  } catch (error) {
    await target.close({ graceMs: 0 });
    throw error;
  }
  // Ownership changes one library at a time, in the order they happen: a library is served once
  // the manager has put it into service, and no longer once it is released (or its lease lost).
  let changes = Promise.resolve();
  const queue = (work: () => Promise<void>, name: string): void => {
    changes = changes.then(work).catch((error: unknown) => log.warn({ library: name }, `drives of library ${name}: ${(error as Error).message}`));
  };
  const stopAdoptions = manager.onLibraryAdopted((name) => queue(async () => {
    const drives = await serve(name);
    if (drives !== undefined) log.info({ library: name, target: drives.iqn, listen: `${settings.host}:${port}` }, `drives of library ${name} served over iSCSI from now on: this manager took it over`);
  }, name));
  const stopEvents = manager.subscribe((event) => {
    if (event.type === 'library' && event.state === 'released' && event.library !== null && embedded.has(event.library)) {
      const name = event.library;
      queue(() => stop(name), name);
    }
  });
  const libraries = [...served.values()];
  logger.info({ listen: `${settings.host}:${port}`, targets: libraries.map((l) => l.iqn) }, 'drives served over iSCSI');
  return {
    state: 'served',
    host: settings.host,
    port,
    chapUser: settings.chap?.username ?? null,
    libraries,
    standingBy: [...embedded.keys()].filter((name) => !served.has(name)),
    // Initiators are asked to log out first: the libraries are saved after the target is gone.
    close: async () => {
      stopAdoptions();
      stopEvents();
      await changes;
      await target.close({ graceMs: 1000 });
    },
  };
}
