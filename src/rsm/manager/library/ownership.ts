// How the manager comes to own one library: the changer opened exclusively through the class
// driver, which reports each unit attention after which element status may have changed, the
// library registered from what the changer says it is, then LibraryOwner (rsm/owner) — the catalog
// lease, the SCSI persistent reservation keyed by the lease's fencing key, renewal — over that very
// changer. What the manager then uses is the owner's guarded changer: the moment ownership is lost
// no command reaches the device.
import { Changer } from '../../../driver/changer.ts';
import type { ElementStatusChangeListener } from '../../../driver/unitAttention.ts';
import { layoutFromParameters, type Catalog, type Library } from '../../catalog/index.ts';
import { LibraryOwner, type LibraryOwnerOptions } from '../../owner/index.ts';
import type { ManagerLogger } from '../options.ts';

/** Open the changer behind `url` exclusively, hearing when its element status may have changed. */
export async function openWatchedChanger(url: string, owner: string, onElementStatusMayHaveChanged: ElementStatusChangeListener, takeFromSilentHolder = false): Promise<Changer> {
  await import('../../../driver/smc/connect.ts'); // installs the device-URL resolver (every changer we drive speaks SMC)
  return Changer.open(url, { owner, takeFromSilentHolder, onElementStatusMayHaveChanged });
}

export interface OwnLibraryOptions {
  readonly catalog: Catalog;
  readonly name: string;
  readonly deviceUrl: string;
  readonly ownerId: string;
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly logger: ManagerLogger;
  /** Each unit attention after which the library's element status may have changed. */
  readonly onAttention: ElementStatusChangeListener;
  /** LibraryConfig.readOnlyMonitoring; default true. */
  readonly readOnlyMonitoring?: boolean;
}

export interface OwnedLibrary {
  readonly library: Library;
  readonly owner: LibraryOwner;
}

/** The emulator profile a `virtual:<dir>?profile=<name>` URL names, recorded with the library. */
function profileOf(url: string): string | undefined {
  if (!url.toLowerCase().startsWith('virtual:')) return undefined;
  const query = url.indexOf('?');
  return query < 0 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('profile') ?? undefined);
}

/** The catalog's record of the library, from what the changer says it is. */
async function register(changer: Changer, options: OwnLibraryOptions): Promise<Library> {
  const product = await changer.getProductData();
  const layout = layoutFromParameters(options.name, options.deviceUrl, changer.cachedParameters, product, profileOf(options.deviceUrl));
  return options.catalog.libraries.upsert(layout);
}

function ownerOptions(options: OwnLibraryOptions, libraryId: string, openChanger: (url: string, ownerId: string) => Promise<Changer>): LibraryOwnerOptions {
  return {
    catalog: options.catalog,
    libraryId,
    deviceUrl: options.deviceUrl,
    ownerId: options.ownerId,
    ttlMs: options.ttlMs,
    waitMs: options.waitMs,
    openChanger,
    ...(options.readOnlyMonitoring === undefined ? {} : { readOnlyMonitoring: options.readOnlyMonitoring }),
    log: { info: (fields, message) => options.logger.info(fields, message), warn: (fields, message) => options.logger.warn(fields, message) },
  };
}

/**
 * Own, then register (elements upserted from GET_CHANGER_PARAMETERS and the product data).
 * Refused with LIBRARY_UNAVAILABLE while another manager's lease is live (after `waitMs`); then
 * nothing stays open here, so the next attempt starts clean.
 *
 * A library the catalog knows is leased before its changer is opened: holding the lease proves
 * that an earlier owner on this host which still holds the changer but no longer answers (stopped,
 * hung) has lost it, so its exclusive hold may be taken over (its persistent reservation is
 * preempted right after). A library new to the catalog must be opened first to be registered.
 */
export async function ownLibrary(options: OwnLibraryOptions): Promise<OwnedLibrary> {
  const known = await options.catalog.libraries.findByName(options.name);
  if (known !== undefined) {
    const open = (url: string, ownerId: string): Promise<Changer> => openWatchedChanger(url, ownerId, options.onAttention, true);
    const owner = await LibraryOwner.acquire(ownerOptions(options, known.id, open));
    try {
      return { library: await register(owner.changer, options), owner };
    } catch (error) {
      await owner.release();
      throw error;
    }
  }
  const changer = await openWatchedChanger(options.deviceUrl, options.ownerId, options.onAttention);
  try {
    const library = await register(changer, options);
    const owner = await LibraryOwner.acquire(ownerOptions(options, library.id, () => Promise.resolve(changer)));
    return { library, owner };
  } catch (error) {
    await changer.close().catch(() => undefined);
    throw error;
  }
}
