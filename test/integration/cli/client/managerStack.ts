// The real thing for the client tests: a Manager over an embedded virtual library (virtual clock,
// so moves take no wall time) with a SQLite catalog in a temporary directory, served by the real
// API server on 127.0.0.1:0, with one token per role.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore, type Role } from '../../../../src/api/index.ts';
import { Manager } from '../../../../src/rsm/index.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../../../../src/transport/embeddedLibraries.ts';

export const LIBRARY = 'library-24';

export interface ManagerStack {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** host:port, for rsm:// URLs. */
  readonly hostPort: string;
  readonly dir: string;
  readonly libraryDir: string;
  readonly deviceUrl: string;
  readonly manager: Manager;
  readonly tokens: Readonly<Record<Role, string>>;
  /** Stops the API and the manager (which saves and releases the library); the directory stays. */
  stop(): Promise<void>;
  /** stop() and remove the directory. */
  dispose(): Promise<void>;
}

export interface StackOptions {
  /** An emulator profile name or a profile file. */
  readonly profile?: string;
  /** More libraries beside the first (same profile, each in its own directory). */
  readonly moreLibraries?: readonly string[];
  /** Reuse a directory (a library and catalog left by an earlier stack). */
  readonly dir?: string;
}

export async function startManagerStack(options: StackOptions = {}): Promise<ManagerStack> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'changer-client-')));
  const libraryDir = join(dir, 'library');
  const deviceUrl = `virtual:${libraryDir}?profile=${options.profile ?? 'library-24'}&clock=virtual`;
  const more = (options.moreLibraries ?? []).map((name) => {
    const url = `virtual:${join(dir, name)}?profile=${options.profile ?? 'library-24'}&clock=virtual`;
    return { name, deviceUrl: url, clock: embeddedLibraryClock(url) };
  });
  const manager = await Manager.start({ catalogUrl: join(dir, 'catalog.sqlite'), libraries: [{ name: LIBRARY, deviceUrl, clock: embeddedLibraryClock(deviceUrl) }, ...more], pollIntervalMs: 20 });
  const store = await FileTokenStore.open(join(dir, 'tokens.json'));
  const issue = async (role: Role): Promise<string> => (await store.create(`${role}-${Date.now()}`, role)).token;
  const tokens = { admin: await issue('admin'), operator: await issue('operator'), application: await issue('application'), reader: await issue('reader') };
  const server = buildApiServer({ service: manager, tokens: store, embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel) });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    await server.close();
    await manager.close();
  })());
  return {
    url,
    hostPort: url.replace(/^http:\/\//, ''),
    dir,
    libraryDir,
    deviceUrl,
    manager,
    tokens,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
