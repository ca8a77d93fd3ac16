// The API under test the way clients see it: a real Manager over a real embedded virtual library
// (virtual clock) and a real catalog — a SQLite file, or a database in a throwaway PostgreSQL
// cluster — served by buildApiServer on 127.0.0.1:0 and called with fetch over real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore, type Role } from '../../../src/api/index.ts';
import type { Engine } from '../../../src/rsm/catalog/index.ts';
import { Manager, type ManagerOptions } from '../../../src/rsm/index.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../../../src/transport/embeddedLibraries.ts';
import { engineSuite, forEachEngineSuite } from '../../helpers/engineSuites.ts';
import { startPostgres, type PostgresCluster } from '../../helpers/postgres.ts';
import { ApiClient } from './apiClient.ts';

export const LIBRARY = 'lib';

export interface ApiStartOptions extends Partial<Omit<ManagerOptions, 'libraries' | 'catalogUrl'>> {
  readonly profile?: string;
  readonly libraryDir?: string;
  readonly catalogUrl?: string;
  readonly events?: { readonly bufferSize?: number; readonly heartbeatMs?: number };
  /** The API's log (default: silent). */
  readonly apiLogger?: FastifyBaseLogger;
}

export interface ApiFixture {
  readonly url: string;
  readonly server: FastifyInstance;
  readonly manager: Manager;
  readonly catalogUrl: string;
  readonly libraryDir: string;
  readonly deviceUrl: string;
  readonly admin: ApiClient;
  readonly operator: ApiClient;
  /** Two applications with their own tokens. */
  readonly backup: ApiClient;
  readonly restore: ApiClient;
  readonly reader: ApiClient;
  /** No Authorization header at all. */
  readonly anonymous: ApiClient;
  /** Stops the server and the manager (the harness does it at the end otherwise). */
  stop(): Promise<void>;
}

export class ApiHarness {
  #dir = '';
  #count = 0;
  #cluster: PostgresCluster | undefined;
  readonly #running: ApiFixture[] = [];

  constructor(readonly engine: Engine) {}

  async begin(): Promise<void> {
    this.#dir = mkdtempSync(join(tmpdir(), 'changer-api-'));
    if (this.engine === 'postgres') this.#cluster = await startPostgres();
  }

  async end(): Promise<void> {
    for (const fixture of this.#running) await fixture.stop();
    this.#cluster?.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #fresh(prefix: string): string {
    this.#count += 1;
    return join(this.#dir, `${prefix}-${this.#count}`);
  }

  async start(options: ApiStartOptions = {}): Promise<ApiFixture> {
    const libraryDir = options.libraryDir ?? this.#fresh('library');
    const catalogUrl = options.catalogUrl ?? (this.engine === 'postgres' ? await (this.#cluster as PostgresCluster).createDatabase() : `${this.#fresh('catalog')}.sqlite`);
    const deviceUrl = `virtual:${libraryDir}?profile=${options.profile ?? 'library-24'}&clock=virtual`;
    const { events, apiLogger, profile: _profile, libraryDir: _dir, catalogUrl: _url, ...managerOptions } = options;
    const manager = await Manager.start({ pollIntervalMs: 20, ...managerOptions, catalogUrl, libraries: [{ name: LIBRARY, deviceUrl, clock: embeddedLibraryClock(deviceUrl) }] });
    const tokens = await FileTokenStore.open(`${this.#fresh('tokens')}.json`);
    const issue = async (name: string, role: Role): Promise<string> => (await tokens.create(name, role)).token;
    const server = buildApiServer({
      service: manager,
      tokens,
      embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel),
      ...(events === undefined ? {} : { events }),
      ...(apiLogger === undefined ? {} : { logger: apiLogger }),
    });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    let stopped = false;
    const fixture: ApiFixture = {
      url: address,
      server,
      manager,
      catalogUrl,
      libraryDir,
      deviceUrl,
      admin: new ApiClient(address, await issue('admin', 'admin')),
      operator: new ApiClient(address, await issue('operator', 'operator')),
      backup: new ApiClient(address, await issue('backup', 'application')),
      restore: new ApiClient(address, await issue('restore', 'application')),
      reader: new ApiClient(address, await issue('reader', 'reader')),
      anonymous: new ApiClient(address, null),
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.close();
        await manager.close();
      },
    };
    this.#running.push(fixture);
    return fixture;
  }
}

/** The same suite on a SQLite file and on PostgreSQL (skipped, with the reason, where it cannot run). */
export function forEachEngine(title: string, body: (h: ApiHarness) => void): void {
  forEachEngineSuite(title, (engine) => new ApiHarness(engine), body);
}

/** A suite on SQLite only: for what does not depend on the catalog engine. */
export function onSqlite(title: string, body: (h: ApiHarness) => void): void {
  engineSuite(title, 'sqlite', (engine) => new ApiHarness(engine), body);
}
