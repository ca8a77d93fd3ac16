// `npm start`: the Removable Storage Manager on the embedded default — one virtual library (the
// 24-slot profile, mechanics at 10× real speed) under ./data, the SQLite catalog beside it, and the
// HTTP API on 127.0.0.1:7800. Prints where to look and an admin token, then serves until SIGINT
// or SIGTERM, when it stops the API and the manager (which saves the library's state). The embedded
// library's drives are served over iSCSI (127.0.0.1:3260 unless told otherwise), so a backup host
// writes to what the manager mounted; a busy port is said in the banner and start goes on.
//
// Flags (or environment): --data CHANGER_DATA, --listen CHANGER_LISTEN, --catalog CHANGER_CATALOG,
// --library CHANGER_LIBRARY (device URL), --library-name CHANGER_LIBRARY_NAME, --log-level CHANGER_LOG_LEVEL,
// --lease-ttl CHANGER_LEASE_TTL (seconds), --iscsi-listen CHANGER_ISCSI_LISTEN (HOST:PORT or off),
// --iscsi-chap CHANGER_ISCSI_CHAP (user:secret).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startManagerServer, type RunningManager } from '../api/managerServer.ts';
import type { ChapCredentials } from '../iscsi/login/chap.ts';
import { checkChapSecret } from './chapSecret.ts';
import { serveManagerDrives, type DriveTargetSettings, type ManagerDrives } from './managerDrives.ts';
import { formatPortalAddress } from '../iscsi/target/sendTargets.ts';

interface StartSettings {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly catalogUrl: string;
  readonly deviceUrl: string;
  readonly libraryName: string;
  readonly logLevel: string;
  readonly leaseTtlMs: number | undefined;
  readonly iscsi: DriveTargetSettings | 'off';
}

const DEFAULT_LISTEN = '127.0.0.1:7800';
const DEFAULT_ISCSI_LISTEN = '127.0.0.1:3260';
const USAGE = `usage: npm start -- [--data DIR] [--listen HOST:PORT] [--catalog URL] [--library DEVICE-URL] [--library-name NAME] [--log-level LEVEL] [--lease-ttl SECONDS]
                    [--iscsi-listen HOST:PORT|off] [--iscsi-chap USER:SECRET]
  (or CHANGER_DATA, CHANGER_LISTEN, CHANGER_CATALOG, CHANGER_LIBRARY, CHANGER_LIBRARY_NAME, CHANGER_LOG_LEVEL, CHANGER_LEASE_TTL,
   CHANGER_ISCSI_LISTEN, CHANGER_ISCSI_CHAP — the environment keeps a CHAP secret out of the process list)`;

class StartError extends Error {}

/** "127.0.0.1:7800", "[::1]:7800", ":7800" or "7800". */
function parseListen(text: string, option = '--listen/CHANGER_LISTEN', example = DEFAULT_LISTEN): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$|^(\d+)$/.exec(text.trim());
  if (match === null) throw new StartError(`${option} "${text}" is not HOST:PORT (e.g. ${example})`);
  const port = Number(match[3] ?? match[4]);
  if (port > 65535) throw new StartError(`port ${port} is out of range`);
  const host = match[1] ?? (match[2] === '' || match[2] === undefined ? '127.0.0.1' : match[2]);
  return { host, port };
}

/** Seconds (fractions allowed) → whole milliseconds; at least 1 s, so renewals (every third) have room. */
function parseLeaseTtl(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new StartError(`--lease-ttl/CHANGER_LEASE_TTL "${text}" is not a number of seconds from 1 to 3600 (default 30)`);
  }
  return Math.round(seconds * 1000);
}

/** Where the drives' iSCSI target listens, or off; CHAP (user:secret) when initiators must log in with it. */
function parseIscsi(listen: string, chapText: string | undefined): DriveTargetSettings | 'off' {
  if (listen.trim().toLowerCase() === 'off') {
    if (chapText !== undefined) throw new StartError('--iscsi-chap/CHANGER_ISCSI_CHAP needs the drives served: drop it or set --iscsi-listen');
    return 'off';
  }
  const where = parseListen(listen, '--iscsi-listen/CHANGER_ISCSI_LISTEN', `${DEFAULT_ISCSI_LISTEN}, or off`);
  return chapText === undefined ? where : { ...where, chap: parseChap(chapText) };
}

function parseChap(text: string): ChapCredentials {
  const colon = text.indexOf(':');
  // Never echo the text: it holds the secret.
  if (colon <= 0 || colon === text.length - 1) throw new StartError('--iscsi-chap/CHANGER_ISCSI_CHAP needs USER:SECRET');
  return checkChapSecret('--iscsi-chap/CHANGER_ISCSI_CHAP', { username: text.slice(0, colon), secret: text.slice(colon + 1) });
}

function settingsFrom(argv: readonly string[], env: NodeJS.ProcessEnv): StartSettings {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        listen: { type: 'string' },
        catalog: { type: 'string' },
        library: { type: 'string' },
        'library-name': { type: 'string' },
        'log-level': { type: 'string' },
        'lease-ttl': { type: 'string' },
        'iscsi-listen': { type: 'string' },
        'iscsi-chap': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new StartError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const dataDir = values.data ?? env.CHANGER_DATA ?? './data';
  const { host, port } = parseListen(values.listen ?? env.CHANGER_LISTEN ?? DEFAULT_LISTEN);
  return {
    dataDir,
    host,
    port,
    catalogUrl: values.catalog ?? env.CHANGER_CATALOG ?? join(dataDir, 'catalog.sqlite'),
    deviceUrl: values.library ?? env.CHANGER_LIBRARY ?? `virtual:${join(dataDir, 'library')}?profile=library-24&clock=10x`,
    libraryName: values['library-name'] ?? env.CHANGER_LIBRARY_NAME ?? 'library',
    logLevel: values['log-level'] ?? env.CHANGER_LOG_LEVEL ?? 'info',
    leaseTtlMs: parseLeaseTtl(values['lease-ttl'] ?? env.CHANGER_LEASE_TTL),
    iscsi: parseIscsi(values['iscsi-listen'] ?? env.CHANGER_ISCSI_LISTEN ?? DEFAULT_ISCSI_LISTEN, values['iscsi-chap'] ?? env.CHANGER_ISCSI_CHAP),
  };
}

/** Where a backup host finds the drives: the target, each drive's URL and serial; or why they are not served. */
function driveLines(drives: ManagerDrives | undefined): string[] {
  if (drives === undefined) return [];
  if (drives.state !== 'served') return [`  drives      not served over iSCSI: ${drives.reason}`];
  const portal = formatPortalAddress(drives.host, drives.port);
  const lines: string[] = [];
  for (const l of drives.libraries) {
    lines.push(`  iSCSI       ${l.iqn} on ${portal}${drives.chapUser === null ? '' : ` (CHAP user '${drives.chapUser}')`}`);
    lines.push(`              changer LUN 0: read-only for all but the manager (persistent reservation)`);
    for (const d of l.drives) lines.push(`  drive ${String(d.driveIndex).padEnd(6)}${d.url}  serial ${d.serial}`);
  }
  return lines;
}

function banner(settings: StartSettings, running: RunningManager, drives: ManagerDrives | undefined): string {
  const token = running.adminToken;
  const libraries = running.libraries.map((l) => {
    const shape = `${l.slotCount} slots, ${l.driveCount} drives, ${l.ieportCount} mailslot${l.ieportCount === 1 ? '' : 's'}, ${l.mediaCount} media`;
    return `  library     ${l.name} — ${l.ownedHere ? shape : 'NOT OWNED HERE (see the log)'}\n              ${l.deviceUrl}`;
  });
  const tokenNote = running.adminTokenCreated
    ? `(new; its secret is kept in ${running.adminTokenFile} and printed again at every start)`
    : `(from ${running.adminTokenFile}; delete that file for a new one)`;
  return [
    'Changer — Removable Storage Manager',
    '',
    `  API         ${running.url}`,
    `  API docs    ${running.url}/docs   (OpenAPI: ${running.url}/openapi.json)`,
    ...libraries,
    ...driveLines(drives),
    `  catalog     ${running.catalogLocation}`,
    `  admin token ${token}`,
    `              ${tokenNote}`,
    '',
    'Try next:',
    `  export CHANGER_SERVER=${running.url} CHANGER_TOKEN=${token}`,
    `  npx changer libraries --server ${running.url} --token ${token}`,
    `  npx changer media ls`,
    `  npx changer media mount A00001L8          (then: npx changer media dismount A00001L8)`,
    ...(drives?.state === 'served' ? ['  docs/vtl.md: write to the mounted cartridge from Linux (iscsiadm, mt, tar)'] : []),
    `  curl -H "Authorization: Bearer ${token}" ${running.url}/v1/media`,
    '',
    `Logs are JSON lines on stderr. Ctrl-C stops the manager and saves the library (state in ${settings.dataDir}; delete it to start over).`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  let settings: StartSettings;
  try {
    settings = settingsFrom(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`npm start: ${(error as Error).message}\n`);
    return 2;
  }
  const logger = pino({ level: settings.logLevel }, pino.destination(2));
  let running: RunningManager;
  let drives: ManagerDrives | undefined;
  try {
    running = await startManagerServer({
      attach: async (manager) => (drives = await serveManagerDrives(manager, settings.iscsi, logger)),
      dataDir: settings.dataDir,
      catalogUrl: settings.catalogUrl,
      libraries: [{ name: settings.libraryName, deviceUrl: settings.deviceUrl }],
      host: settings.host,
      port: settings.port,
      logger,
      ...(settings.leaseTtlMs === undefined ? {} : { leaseTtlMs: settings.leaseTtlMs }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `${settings.host}:${settings.port} is already in use (is another manager running?); choose another with --listen or CHANGER_LISTEN`
        : (error as Error).message;
    process.stderr.write(`npm start: ${why}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.stdout.write(`\n${signal}: stopping the manager…\n`);
      // A second Ctrl-C while stopping means "now": the library state file is written atomically.
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Only now say we are up: a SIGTERM sent on seeing the banner must find its handler, not kill us.
    process.stdout.write(banner(settings, running, drives));
  });
  process.removeAllListeners('SIGTERM');
  await running.close();
  logger.flush();
  process.stdout.write('Stopped; the library state is saved.\n');
  return 0;
}

process.exitCode = await main();
