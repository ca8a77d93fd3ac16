// How the manager comes to own one library: the changer opened exclusively through a transport
// that reports unit attentions, the library registered from what the changer says it is, then
// LibraryOwner (rsm/owner) — the catalog lease, the SCSI persistent reservation keyed by the
// lease's fencing key, renewal — over that very changer. What the manager then uses is the
// owner's guarded changer: the moment ownership is lost no command reaches the device.
import { Changer } from '../../driver/changer.ts';
import { holdKeyFor } from '../../driver/smc/connect.ts';
import { SmcMiniclass } from '../../driver/smc/smcMiniclass.ts';
import { openTransport } from '../../transport/openTransport.ts';
import { layoutFromParameters, type Catalog, type Library } from '../catalog/index.ts';
import { LibraryOwner } from '../owner/index.ts';
import { parseDeviceUrl } from '../../transport/deviceUrl.ts';
import { AttentionWatchingTransport, type UnitAttention } from './attentionWatch.ts';
import type { ManagerLogger } from './options.ts';

/** Open the changer behind `url` exclusively, reporting every unit attention it raises. */
export async function openWatchedChanger(url: string, owner: string, onAttention: (attention: UnitAttention) => void): Promise<Changer> {
  return Changer.open(url, {
    owner,
    deviceKey: holdKeyFor(url),
    connect: async (u) => new SmcMiniclass(new AttentionWatchingTransport(await openTransport(u), onAttention)),
  });
}

export interface OwnLibraryOptions {
  readonly catalog: Catalog;
  readonly name: string;
  readonly deviceUrl: string;
  readonly ownerId: string;
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly logger: ManagerLogger;
  readonly onAttention: (attention: UnitAttention) => void;
}

export interface OwnedLibrary {
  readonly library: Library;
  readonly owner: LibraryOwner;
}

function profileOf(url: string): string | undefined {
  try {
    const parsed = parseDeviceUrl(url);
    return parsed.scheme === 'virtual' ? parsed.profile : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Open, register (elements upserted from GET_CHANGER_PARAMETERS and the product data), then own.
 * Refused with LIBRARY_UNAVAILABLE while another manager's lease is live (after `waitMs`).
 */
export async function ownLibrary(options: OwnLibraryOptions): Promise<OwnedLibrary> {
  const changer = await openWatchedChanger(options.deviceUrl, options.ownerId, options.onAttention);
  let library: Library;
  try {
    const product = await changer.getProductData();
    const layout = layoutFromParameters(options.name, options.deviceUrl, changer.cachedParameters, product, profileOf(options.deviceUrl));
    library = await options.catalog.libraries.upsert(layout);
  } catch (error) {
    await changer.close().catch(() => undefined);
    throw error;
  }
  // LibraryOwner closes the changer itself if it cannot own the library.
  const owner = await LibraryOwner.acquire({
    catalog: options.catalog,
    libraryId: library.id,
    deviceUrl: options.deviceUrl,
    ownerId: options.ownerId,
    ttlMs: options.ttlMs,
    waitMs: options.waitMs,
    openChanger: () => Promise.resolve(changer),
    log: { info: (fields, message) => options.logger.info(fields, message), warn: (fields, message) => options.logger.warn(fields, message) },
  });
  return { library, owner };
}
