// Runs one catalog suite against every engine: SQLite in a temp file, PostgreSQL in a throwaway
// cluster (test/helpers/postgres.ts). Suites are written once against `CatalogHarness`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Catalog, type OpenCatalogOptions } from '../../../../src/rsm/catalog/index.ts';
import type { Engine } from '../../../../src/rsm/catalog/index.ts';
import { postgresUnavailableReason, startPostgres, type PostgresCluster } from '../../../helpers/postgres.ts';

export interface CatalogHarness {
  readonly engine: Engine;
  /** URL of a new, empty database or file. */
  freshUrl(): Promise<string>;
  /** Open a catalog (on a fresh URL unless given); closed after the suite. */
  open(url?: string, options?: OpenCatalogOptions): Promise<Catalog>;
}

class SqliteHarness implements CatalogHarness {
  readonly engine = 'sqlite' as const;
  private dir = '';
  private files = 0;
  private readonly opened: Catalog[] = [];

  start(): void {
    this.dir = mkdtempSync(join(tmpdir(), 'changer-catalog-'));
  }

  freshUrl(): Promise<string> {
    this.files += 1;
    return Promise.resolve(join(this.dir, `catalog-${this.files}.sqlite`));
  }

  async open(url?: string, options?: OpenCatalogOptions): Promise<Catalog> {
    const catalog = await Catalog.open(url ?? (await this.freshUrl()), options);
    this.opened.push(catalog);
    return catalog;
  }

  async stop(): Promise<void> {
    for (const catalog of this.opened) await catalog.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

class PostgresHarness implements CatalogHarness {
  readonly engine = 'postgres' as const;
  private cluster: PostgresCluster | undefined;
  private readonly opened: Catalog[] = [];

  async start(): Promise<void> {
    this.cluster = await startPostgres();
  }

  freshUrl(): Promise<string> {
    if (this.cluster === undefined) throw new Error('PostgreSQL cluster not started');
    return this.cluster.createDatabase();
  }

  async open(url?: string, options?: OpenCatalogOptions): Promise<Catalog> {
    const catalog = await Catalog.open(url ?? (await this.freshUrl()), options);
    this.opened.push(catalog);
    return catalog;
  }

  async stop(): Promise<void> {
    for (const catalog of this.opened) await catalog.close();
    this.cluster?.stop();
  }
}

/**
 * Declare `title` once per engine. Where PostgreSQL is missing its suite is one skipped test
 * that says why, so a green run never hides that half the suite did not run.
 */
export function forEachEngine(title: string, body: (harness: CatalogHarness) => void, engines: readonly Engine[] = ['sqlite', 'postgres']): void {
  if (engines.includes('sqlite')) {
    describe(`${title} [sqlite]`, () => {
      const harness = new SqliteHarness();
      before(() => harness.start());
      after(() => harness.stop());
      body(harness);
    });
  }
  if (engines.includes('postgres')) {
    describe(`${title} [postgres]`, () => {
      const unavailable = postgresUnavailableReason();
      if (unavailable !== undefined) {
        test('PostgreSQL engine', (t) => t.skip(unavailable));
        return;
      }
      const harness = new PostgresHarness();
      before(() => harness.start());
      after(() => harness.stop());
      body(harness);
    });
  }
}
