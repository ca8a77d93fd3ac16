// One suite, run once per catalog engine: SQLite always, PostgreSQL where a throwaway cluster can
// run (skipped with the reason otherwise). Each harness is begun before its suite and ended after.
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../../src/rsm/catalog/index.ts';
import { postgresUnavailableReason } from './postgres.ts';

export interface SuiteHarness {
  begin(): Promise<void>;
  end(): Promise<void>;
}

export function engineSuite<H extends SuiteHarness>(title: string, engine: Engine, make: (engine: Engine) => H, body: (h: H) => void): void {
  describe(`${title} [${engine}]`, () => {
    const unavailable = engine === 'postgres' ? postgresUnavailableReason() : undefined;
    if (unavailable !== undefined) {
      test('PostgreSQL engine', (t) => t.skip(unavailable));
      return;
    }
    const h = make(engine);
    before(() => h.begin());
    after(() => h.end());
    body(h);
  });
}

export function forEachEngineSuite<H extends SuiteHarness>(title: string, make: (engine: Engine) => H, body: (h: H) => void): void {
  engineSuite(title, 'sqlite', make, body);
  engineSuite(title, 'postgres', make, body);
}
