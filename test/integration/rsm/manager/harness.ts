// Runs a manager suite against each catalog engine — a SQLite file, and PostgreSQL in a throwaway
// cluster (test/helpers/postgres.ts) — with real embedded virtual libraries on the virtual clock.
// Everything a test starts is closed after its suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../../src/rsm/catalog/index.ts';
import { Manager, type ManagerOptions } from '../../../../src/rsm/index.ts';
import type { ManagerEvent } from '../../../../src/rsm/events.ts';
import type { Caller, RequestView } from '../../../../src/rsm/service.ts';
import type { FrontPanel } from '../../../../src/emulator/frontPanel.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../../../../src/transport/embeddedLibraries.ts';
import { forEachEngineSuite } from '../../../helpers/engineSuites.ts';
import { startPostgres, type PostgresCluster } from '../../../helpers/postgres.ts';

export const BACKUP: Caller = { application: 'backup', token: 'token-backup', role: 'application' };
export const RESTORE: Caller = { application: 'restore', token: 'token-restore', role: 'application' };
export const OPERATOR: Caller = { token: 'token-operator', role: 'operator' };

export interface StartOptions extends Partial<Omit<ManagerOptions, 'libraries'>> {
  readonly profile?: string;
  /** Reuse a library directory (restart over the same library). */
  readonly libraryDir?: string;
  readonly name?: string;
}

export interface Started {
  readonly manager: Manager;
  readonly deviceUrl: string;
  readonly libraryDir: string;
  readonly catalogUrl: string;
  readonly events: ManagerEvent[];
}

export class ManagerHarness {
  #dir = '';
  #files = 0;
  #cluster: PostgresCluster | undefined;
  readonly #managers: Manager[] = [];

  constructor(readonly engine: Engine) {}

  async begin(): Promise<void> {
    this.#dir = mkdtempSync(join(tmpdir(), 'changer-rsm-'));
    if (this.engine === 'postgres') this.#cluster = await startPostgres();
  }

  async end(): Promise<void> {
    for (const manager of this.#managers) await manager.close().catch(() => undefined);
    this.#cluster?.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  freshDir(prefix: string): string {
    this.#files += 1;
    return join(this.#dir, `${prefix}-${this.#files}`);
  }

  async freshCatalogUrl(): Promise<string> {
    if (this.engine === 'postgres') return (this.#cluster as PostgresCluster).createDatabase();
    return `${this.freshDir('catalog')}.sqlite`;
  }

  /** A manager over one fresh (or given) virtual library on the virtual clock and a fresh (or given) catalog. */
  async start(options: StartOptions = {}): Promise<Started> {
    const libraryDir = options.libraryDir ?? this.freshDir('library');
    const deviceUrl = `virtual:${libraryDir}?profile=${options.profile ?? 'library-24'}&clock=virtual`;
    const catalogUrl = options.catalogUrl ?? (await this.freshCatalogUrl());
    const manager = await Manager.start({ pollIntervalMs: 20, ...options, catalogUrl, libraries: [{ name: options.name ?? 'lib0', deviceUrl, clock: embeddedLibraryClock(deviceUrl) }] });
    this.#managers.push(manager);
    const events: ManagerEvent[] = [];
    manager.subscribe((e) => events.push(e));
    return { manager, deviceUrl, libraryDir, catalogUrl, events };
  }
}

/** The front panel of a manager's embedded library: the operator's side of the box, beside the manager, not through it. */
export function frontPanelOf(manager: Manager, library: string): FrontPanel {
  const configured = manager.configuredLibraries().find((c) => c.name === library);
  const panel = configured === undefined ? undefined : embeddedLibrary(configured.deviceUrl)?.frontPanel;
  if (panel === undefined) throw new Error(`library ${library} is not a virtual library open in this process`);
  return panel;
}

export function forEachEngine(title: string, body: (h: ManagerHarness) => void): void {
  forEachEngineSuite(title, (engine) => new ManagerHarness(engine), body);
}

/** Wait for a request's final state (real time bound, generous: the library runs on virtual time). */
export async function finished(manager: Manager, request: RequestView | number): Promise<RequestView> {
  const id = typeof request === 'number' ? request : request.id;
  const view = await manager.waitForRequest(id, 20_000);
  if (!['completed', 'failed', 'cancelled', 'timed-out'].includes(view.state)) throw new Error(`request ${id} (${view.kind}) is still ${view.state}: ${JSON.stringify(view.history)}`);
  return view;
}

/** Resolves with the first event that satisfies `match` (already seen or still to come). */
export function eventually<E extends ManagerEvent>(started: Started, match: (e: ManagerEvent) => e is E, timeoutMs?: number): Promise<E>;
export function eventually(started: Started, match: (e: ManagerEvent) => boolean, timeoutMs?: number): Promise<ManagerEvent>;
export function eventually(started: Started, match: (e: ManagerEvent) => boolean, timeoutMs = 20_000): Promise<ManagerEvent> {
  const seen = started.events.find(match);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('the expected event did not come'));
    }, timeoutMs);
    const unsubscribe = started.manager.subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(e);
    });
  });
}

/** Resolves when `check` holds, polling (real time) — for state the manager reaches on its own. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
