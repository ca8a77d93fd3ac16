// A manager and its API in one process: what `changer serve` (and `npm start`) runs. Opens the libraries and the
// catalog through Manager.start, the token store and admin token in the data directory, lets the
// caller attach what else serves the manager's libraries (changer serve: the drives over iSCSI), and
// serves the API; close() stops the server first (no new requests), then the attachment, then the
// manager (which finishes robot work under way, saves the libraries' state and releases them).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Manager, type LibraryConfig } from '../rsm/index.ts';
import type { LibrarySummary } from '../rsm/service.ts';
import { buildApiServer } from './apiServer.ts';
import { ensureAdminToken } from './auth/adminToken.ts';
import { FileTokenStore } from './auth/tokenStore.ts';
import { embeddedLibrariesOf, type FrontPanelAt } from './routes/frontPanel.ts';

export interface ManagerServerConfig {
  /** Token store and admin token live here (api-tokens.json, admin-token). */
  readonly dataDir: string;
  /** Where the admin token's secret is kept instead (mode 0600): a service's `token-file`. */
  readonly adminTokenFile?: string;
  readonly catalogUrl: string;
  readonly libraries: readonly LibraryConfig[];
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** The catalog lease's life; a standby takes over this long after the owner stops renewing. Default 30 s. */
  readonly leaseTtlMs?: number;
  /**
   * Runs once the manager owns its libraries and before the API answers, so the first answers
   * already know what it set up (the drives' served URLs); closed before the manager.
   */
  readonly attach?: (manager: Manager) => Promise<ManagerAttachment>;
  /** Finds the front panel of an embedded (`virtual:`) library: the front-panel routes answer 409 without one. */
  readonly frontPanelAt?: FrontPanelAt;
}

export interface ManagerAttachment {
  close(): Promise<void>;
}

export interface RunningManager {
  readonly url: string;
  readonly adminToken: string;
  readonly adminTokenCreated: boolean;
  readonly adminTokenFile: string;
  readonly libraries: readonly LibrarySummary[];
  readonly catalogLocation: string;
  close(): Promise<void>;
}

export const TOKEN_FILE = 'api-tokens.json';
export const ADMIN_TOKEN_FILE = 'admin-token';

export async function startManagerServer(config: ManagerServerConfig): Promise<RunningManager> {
  await mkdir(config.dataDir, { recursive: true });
  const tokens = await FileTokenStore.open(join(config.dataDir, TOKEN_FILE));
  const adminTokenFile = config.adminTokenFile ?? join(config.dataDir, ADMIN_TOKEN_FILE);
  const admin = await ensureAdminToken(tokens, adminTokenFile);
  const manager = await Manager.start({
    catalogUrl: config.catalogUrl,
    libraries: config.libraries,
    logger: config.logger.child({ component: 'rsm' }),
    ...(config.leaseTtlMs === undefined ? {} : { leaseTtlMs: config.leaseTtlMs }),
  });
  let attachment: ManagerAttachment | undefined;
  try {
    attachment = await config.attach?.(manager);
  } catch (error) {
    await manager.close();
    throw error;
  }
  const server = buildApiServer({ service: manager, tokens, logger: config.logger.child({ component: 'api' }), embedded: embeddedLibrariesOf(manager, config.frontPanelAt ?? (() => undefined)) });
  let url: string;
  try {
    url = await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    await server.close().catch(() => undefined);
    await attachment?.close().catch(() => undefined);
    await manager.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    adminToken: admin.token,
    adminTokenCreated: admin.created,
    adminTokenFile,
    libraries: await manager.libraries(),
    catalogLocation: manager.catalogLocation,
    close() {
      closing ??= (async () => {
        await server.close();
        await attachment?.close().catch((error: unknown) => config.logger.warn({ err: (error as Error).message }, 'could not close what served the libraries'));
        await manager.close();
      })();
      return closing;
    },
  };
}
