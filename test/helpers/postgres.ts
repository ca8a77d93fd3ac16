// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start it on a free loopback
// port with its unix socket in that dir, hand out fresh databases, stop and remove it afterwards.
// Uses Debian's binaries (package `postgresql`); tests skip with the reason when they are missing.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** URL of the cluster's `postgres` database (for administration). */
  readonly adminUrl: string;
  /** Create an empty database and return its URL; each test gets its own. */
  createDatabase(): Promise<string>;
  stop(): void;
}

/** Where Debian keeps the server binaries: /usr/lib/postgresql/<major>/bin, newest major first. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailableReason(): string | undefined {
  if (findPostgresBin() === undefined) return 'PostgreSQL not installed: no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)';
  if (isRoot() && !hasUser('postgres')) return 'PostgreSQL not usable: running as root and there is no `postgres` user to run initdb as';
  return undefined;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function hasUser(name: string): boolean {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

/** initdb refuses to run as root, so root runs the server tools as `postgres`. */
function runTool(bin: string, tool: string, args: string[]): SpawnSyncReturns<string> {
  const command = join(bin, tool);
  const result = isRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

function mustRun(bin: string, tool: string, args: string[], logFile?: string): void {
  const result = runTool(bin, tool, args);
  if (result.status !== 0) {
    const log = logFile !== undefined && existsSync(logFile) ? `\n--- server log ---\n${readFileSync(logFile, 'utf8')}` : '';
    throw new Error(`${tool} failed (exit ${String(result.status)}): ${result.stderr}${result.stdout}${log}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a cluster. The port is probed free just before start; if another process grabs it in
 * between, pg_ctl fails and we retry on a new port.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(postgresUnavailableReason());
  const dir = mkdtempSync(join(tmpdir(), 'changer-pg-'));
  if (isRoot()) {
    const postgresUid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const postgresGid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, postgresUid, postgresGid);
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    if (existsSync(join(dataDir, 'postmaster.pid'))) runTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  // A crashed test run must not leave a server behind.
  process.once('exit', stop);
  try {
    const user = isRoot() ? 'postgres' : userInfo().username;
    mustRun(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', user, '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await startOnFreePort(bin, dataDir, dir, logFile);
    const adminUrl = `postgres://${user}@127.0.0.1:${port}/postgres`;
    let databases = 0;
    return {
      adminUrl,
      stop,
      async createDatabase(): Promise<string> {
        databases += 1;
        const name = `catalog_${process.pid}_${databases}`;
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(`create database ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://${user}@127.0.0.1:${port}/${name}`;
      },
    };
  } catch (err) {
    stop();
    throw err;
  }
}

async function startOnFreePort(bin: string, dataDir: string, socketDir: string, logFile: string): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    // -F: no fsync; a test cluster's durability does not matter, its speed does.
    const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -F`;
    try {
      mustRun(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start'], logFile);
      return port;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
