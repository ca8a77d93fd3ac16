// What `changer serve` (and `npm start`, which is `changer serve` on the embedded default) runs
// with: flags over the configuration file over defaults. Without a configuration file the old
// `npm start` environment (CHANGER_DATA, CHANGER_LISTEN, …) applies under the flags; with one, the
// file is the whole truth but for the flags given, so a stray variable cannot change a service.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChapCredentials } from '../../iscsi/login/chap.ts';
import { checkChapSecret } from '../chapSecret.ts';
import type { DriveTargetSettings } from '../managerDrives.ts';
import { LOG_LEVELS } from '../config/configKeys.ts';
import { ConfigError, loadServiceConfig, type ServiceConfig } from '../config/serviceConfig.ts';
import { INSTALLED_CONFIG, INSTALLED_DATA_DIR } from './installation.ts';

export interface ServedLibrary {
  readonly name: string;
  readonly deviceUrl: string;
  readonly serveDrives: boolean;
  readonly readOnlyMonitoring: boolean;
}

export interface ServeSettings {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly catalogUrl: string;
  readonly libraries: readonly ServedLibrary[];
  readonly logLevel: string;
  readonly leaseTtlMs: number | undefined;
  readonly iscsi: DriveTargetSettings | 'off';
  /** The admin token's secret is kept here (mode 0600). */
  readonly tokenFile: string;
  /** The configuration file in use, or undefined (defaults and flags only). */
  readonly configFile: string | undefined;
  /**
   * Print the admin token in the banner: only a run without a configuration file (a checkout's
   * playground); a service keeps it in tokenFile, out of the journal.
   */
  readonly showToken: boolean;
}

/** A flag or variable that is wrong: the message names it. */
export class ServeUsageError extends Error {}

const DEFAULT_LISTEN = '127.0.0.1:7800';
const DEFAULT_ISCSI_LISTEN = '127.0.0.1:3260';

export function serveUsage(program: string): string {
  return `usage: ${program} [--config FILE] [--data DIR] [--listen HOST:PORT] [--catalog URL] [--library DEVICE-URL] [--library-name NAME]
       ${' '.repeat(program.length)} [--token-file FILE] [--log-level LEVEL] [--lease-ttl SECONDS] [--iscsi-listen HOST:PORT|off] [--iscsi-chap USER:SECRET]
  --config FILE   the YAML configuration (docs/service.md); default ${INSTALLED_CONFIG} when installed,
                  none from a checkout (then ./data and these flags, or CHANGER_DATA, CHANGER_LISTEN, CHANGER_CATALOG,
                  CHANGER_LIBRARY, CHANGER_LIBRARY_NAME, CHANGER_LOG_LEVEL, CHANGER_LEASE_TTL, CHANGER_ISCSI_LISTEN,
                  CHANGER_ISCSI_CHAP — the environment keeps a CHAP secret out of the process list)
  Flags override the configuration file. SIGINT or SIGTERM stops the manager and saves the libraries.`;
}

export interface ServeFlags {
  readonly config?: string;
  readonly data?: string;
  readonly listen?: string;
  readonly catalog?: string;
  readonly library?: string;
  readonly 'library-name'?: string;
  readonly 'token-file'?: string;
  readonly 'log-level'?: string;
  readonly 'lease-ttl'?: string;
  readonly 'iscsi-listen'?: string;
  readonly 'iscsi-chap'?: string;
  readonly help?: boolean;
}

export function parseServeFlags(argv: readonly string[]): ServeFlags {
  const text = { type: 'string' } as const;
  try {
    return parseArgs({
      args: [...argv],
      options: {
        config: text, data: text, listen: text, catalog: text, library: text, 'library-name': text, 'token-file': text,
        'log-level': text, 'lease-ttl': text, 'iscsi-listen': text, 'iscsi-chap': text, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new ServeUsageError((error as Error).message);
  }
}

/** "127.0.0.1:7800", "[::1]:7800", ":7800" or "7800". */
function parseListen(text: string, option: string, example: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$|^(\d+)$/.exec(text.trim());
  if (match === null) throw new ServeUsageError(`${option} "${text}" is not HOST:PORT (e.g. ${example})`);
  const port = Number(match[3] ?? match[4]);
  if (port > 65535) throw new ServeUsageError(`${option}: port ${port} is out of range`);
  const host = match[1] ?? (match[2] === '' || match[2] === undefined ? '127.0.0.1' : match[2]);
  return { host, port };
}

/** Seconds (fractions allowed) → whole milliseconds; at least 1 s, so renewals (every third) have room. */
function parseLeaseTtl(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new ServeUsageError(`${option} "${text}" is not a number of seconds from 1 to 3600 (default 30)`);
  }
  return Math.round(seconds * 1000);
}

function parseChap(text: string, option: string): ChapCredentials {
  const colon = text.indexOf(':');
  // Never echo the text: it holds the secret.
  if (colon <= 0 || colon === text.length - 1) throw new ServeUsageError(`${option} needs USER:SECRET`);
  return checkChapSecret(option, { username: text.slice(0, colon), secret: text.slice(colon + 1) });
}

function parseIscsi(listen: string, listenOption: string, chap: ChapCredentials | undefined, chapOption: string): DriveTargetSettings | 'off' {
  if (listen.trim().toLowerCase() === 'off') {
    if (chap !== undefined) throw new ServeUsageError(`${chapOption} needs the drives served: drop it or set ${listenOption}`);
    return 'off';
  }
  const where = parseListen(listen, listenOption, `${DEFAULT_ISCSI_LISTEN}, or off`);
  return chap === undefined ? where : { ...where, chap };
}

/** One value and the name to blame when it is wrong: the flag, the variable or the configuration key. */
interface Source {
  readonly value: string | undefined;
  readonly name: string;
}

function pick(flag: string | undefined, flagName: string, other: string | undefined, otherName: string): Source {
  return flag !== undefined ? { value: flag, name: flagName } : { value: other, name: otherName };
}

/** Settings with no configuration file: a checkout's `npm start` (./data, the CHANGER_* environment). */
function settingsWithoutConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeSettings {
  const dataDir = flags.data ?? env.CHANGER_DATA ?? './data';
  const listen = pick(flags.listen, '--listen', env.CHANGER_LISTEN, 'CHANGER_LISTEN');
  const { host, port } = parseListen(listen.value ?? DEFAULT_LISTEN, listen.name, DEFAULT_LISTEN);
  const chap = pick(flags['iscsi-chap'], '--iscsi-chap', env.CHANGER_ISCSI_CHAP, 'CHANGER_ISCSI_CHAP');
  const iscsiListen = pick(flags['iscsi-listen'], '--iscsi-listen', env.CHANGER_ISCSI_LISTEN, 'CHANGER_ISCSI_LISTEN');
  const ttl = pick(flags['lease-ttl'], '--lease-ttl', env.CHANGER_LEASE_TTL, 'CHANGER_LEASE_TTL');
  return {
    dataDir,
    host,
    port,
    catalogUrl: flags.catalog ?? env.CHANGER_CATALOG ?? join(dataDir, 'catalog.sqlite'),
    libraries: [
      {
        name: flags['library-name'] ?? env.CHANGER_LIBRARY_NAME ?? 'library',
        deviceUrl: flags.library ?? env.CHANGER_LIBRARY ?? `virtual:${join(dataDir, 'library')}?profile=library-24&clock=10x`,
        serveDrives: true,
        readOnlyMonitoring: true,
      },
    ],
    logLevel: checkLogLevel(pick(flags['log-level'], '--log-level', env.CHANGER_LOG_LEVEL, 'CHANGER_LOG_LEVEL')),
    leaseTtlMs: parseLeaseTtl(ttl.value, ttl.name),
    iscsi: parseIscsi(iscsiListen.value ?? DEFAULT_ISCSI_LISTEN, iscsiListen.name, chap.value === undefined ? undefined : parseChap(chap.value, chap.name), chap.name),
    tokenFile: resolve(flags['token-file'] ?? join(dataDir, 'admin-token')),
    configFile: undefined,
    showToken: true,
  };
}

function checkLogLevel(level: Source): string {
  const value = level.value ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new ServeUsageError(`${level.name} "${value}" is not one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

function configuredChap(file: string, chap: { readonly user: string; readonly secret: string }): ChapCredentials {
  try {
    return checkChapSecret('iscsi.chap.secret', { username: chap.user, secret: chap.secret });
  } catch (error) {
    throw new ConfigError(file, 'iscsi.chap.secret', (error as Error).message.replace(/^iscsi\.chap\.secret: /, ''));
  }
}

/** Settings from a configuration file, flags over it. */
function settingsFromConfig(flags: ServeFlags, config: ServiceConfig, installedDefaults: boolean): ServeSettings {
  const dataDir = flags.data ?? config.dataDir ?? (installedDefaults ? INSTALLED_DATA_DIR : resolve('data'));
  const listen = pick(flags.listen, '--listen', config.listen, 'listen');
  const { host, port } = parseListen(listen.value ?? DEFAULT_LISTEN, listen.name, DEFAULT_LISTEN);
  const iscsiListen = pick(flags['iscsi-listen'], '--iscsi-listen', config.iscsi?.listen, 'iscsi.listen');
  const chap = flags['iscsi-chap'] !== undefined
    ? parseChap(flags['iscsi-chap'], '--iscsi-chap')
    : config.iscsi?.chap === undefined ? undefined : configuredChap(config.file, config.iscsi.chap);
  const ttlFlag = parseLeaseTtl(flags['lease-ttl'], '--lease-ttl');
  const libraries: ServedLibrary[] = flags.library !== undefined
    ? [{ name: flags['library-name'] ?? 'library', deviceUrl: flags.library, serveDrives: true, readOnlyMonitoring: true }]
    : (config.libraries ?? [{ name: 'library', device: `virtual:${join(dataDir, 'library')}?profile=library-24`, serveDrives: true, readOnlyMonitoring: true }])
      .map((l) => ({ name: l.name, deviceUrl: l.device, serveDrives: l.serveDrives, readOnlyMonitoring: l.readOnlyMonitoring }));
  return {
    dataDir,
    host,
    port,
    catalogUrl: flags.catalog ?? config.catalog ?? join(dataDir, 'catalog.sqlite'),
    libraries,
    logLevel: checkLogLevel(pick(flags['log-level'], '--log-level', config.logLevel, 'log-level')),
    leaseTtlMs: ttlFlag ?? (config.leaseTtlSeconds === undefined ? undefined : Math.round(config.leaseTtlSeconds * 1000)),
    iscsi: parseIscsi(iscsiListen.value ?? DEFAULT_ISCSI_LISTEN, iscsiListen.name, chap, flags['iscsi-chap'] !== undefined ? '--iscsi-chap' : 'iscsi.chap'),
    tokenFile: resolve(flags['token-file'] ?? config.tokenFile ?? join(dataDir, 'admin-token')),
    configFile: config.file,
    showToken: false,
  };
}

/**
 * The settings for this run. `fromCheckout`: no --config means no configuration file (./data);
 * installed, no --config means /etc/changer/changer.yaml. Throws ServeUsageError or ConfigError.
 */
export async function serveSettings(flags: ServeFlags, env: NodeJS.ProcessEnv, fromCheckout: boolean): Promise<ServeSettings> {
  const configPath = flags.config ?? (fromCheckout ? undefined : INSTALLED_CONFIG);
  if (configPath === undefined) return settingsWithoutConfig(flags, env);
  return settingsFromConfig(flags, await loadServiceConfig(configPath), !fromCheckout);
}
