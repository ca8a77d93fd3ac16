// The service's configuration file (`changer serve --config FILE`, docs/service.md): YAML, every key
// checked. A bad file stops the start with one line naming the key path and what is wrong, and an
// unknown key is an error too — a typo must not silently leave a setting at its default.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_IQN_PREFIX, libraryIqn } from '../libraryTarget.ts';
import { CONFIG_KEYS, LIBRARY_KEYS, ISCSI_KEYS, CHAP_KEYS, LOG_LEVELS } from './configKeys.ts';

/** A bad configuration: `path` is where in the file (`libraries[1].device`), '' for the file itself. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`config ${file}: ${path === '' ? '' : `${path}: `}${problem}`);
  }
}

export interface ConfiguredLibrary {
  readonly name: string;
  readonly device: string;
  /** Serve this (virtual) library's drives over the manager's iSCSI target. */
  readonly serveDrives: boolean;
  /** Other initiators may read the changer while the manager owns it (Write Exclusive); false: Exclusive Access. */
  readonly readOnlyMonitoring: boolean;
}

/** What the file says; undefined where it says nothing (the caller's defaults apply). Paths are absolute. */
export interface ServiceConfig {
  readonly file: string;
  readonly listen?: string;
  readonly dataDir?: string;
  readonly catalog?: string;
  readonly tokenFile?: string;
  readonly logLevel?: string;
  readonly leaseTtlSeconds?: number;
  readonly iscsi?: { readonly listen?: string; readonly chap?: { readonly user: string; readonly secret: string } };
  readonly libraries?: readonly ConfiguredLibrary[];
}

type Mapping = Record<string, unknown>;

class Reader {
  constructor(
    readonly file: string,
    readonly base: string,
  ) {}

  fail(path: string, problem: string): never {
    throw new ConfigError(this.file, path, problem);
  }

  mapping(value: unknown, path: string, known: readonly string[]): Mapping {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `expected a mapping of ${known.join(', ')}`);
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(join(path, key), `unknown key (known here: ${known.join(', ')})`);
    }
    return value as Mapping;
  }

  text(value: unknown, path: string, example: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, `expected text such as ${example}`);
    return value.trim();
  }

  /** A path as written, relative ones taken from the configuration file's directory. */
  filePath(value: unknown, path: string, example: string): string {
    return resolve(this.base, this.text(value, path, example));
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const LIBRARY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DEVICE_EXAMPLE = 'virtual:/var/lib/changer/lib1 or iscsi://…';
const DEVICE_SCHEMES = ['virtual:', 'iscsi://', 'sg:'];

/** Relative virtual: directories are taken from the configuration file's directory too. */
function deviceOf(reader: Reader, value: unknown, path: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!DEVICE_SCHEMES.some((s) => text.toLowerCase().startsWith(s))) reader.fail(path, `expected a device URL such as ${DEVICE_EXAMPLE}`);
  if (text.toLowerCase().startsWith('sg:') && !/^sg:(\/dev\/\S+|serial=\S+)$/i.test(text)) {
    reader.fail(path, 'expected sg:/dev/sgN, sg:/dev/tape/by-id/… or sg:serial=<changer serial>');
  }
  if (!text.toLowerCase().startsWith('virtual:')) return text;
  const rest = text.slice('virtual:'.length);
  const q = rest.indexOf('?');
  const dir = q < 0 ? rest : rest.slice(0, q);
  if (dir === '') reader.fail(path, `expected a directory after virtual:, such as ${DEVICE_EXAMPLE}`);
  const query = q < 0 ? '' : rest.slice(q);
  for (const key of new URLSearchParams(query).keys()) {
    if (key !== 'profile' && key !== 'clock') reader.fail(path, `unknown parameter '${key}' (known: profile, clock)`);
  }
  return `virtual:${resolve(reader.base, dir)}${query}`;
}

function targetNameOf(device: string, serveDrives: boolean): string | undefined {
  if (!serveDrives || !device.startsWith('virtual:')) return undefined;
  return libraryIqn(DEFAULT_IQN_PREFIX, device.slice('virtual:'.length).split('?')[0] ?? '');
}

function librariesOf(reader: Reader, value: unknown): ConfiguredLibrary[] {
  if (!Array.isArray(value) || value.length === 0) reader.fail('libraries', 'expected a list of at least one library ({name, device})');
  const libraries: ConfiguredLibrary[] = [];
  value.forEach((entry: unknown, i) => {
    const path = `libraries[${i}]`;
    const m = reader.mapping(entry, path, LIBRARY_KEYS);
    if (m.name === undefined) reader.fail(`${path}.name`, 'missing: every library needs a name (used in rsm://host/<name> and the API)');
    const name = typeof m.name === 'string' || typeof m.name === 'number' ? String(m.name) : '';
    if (!LIBRARY_NAME.test(name)) reader.fail(`${path}.name`, 'expected 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
    const twin = libraries.findIndex((l) => l.name === name);
    if (twin >= 0) reader.fail(`${path}.name`, `"${name}" is already the name of libraries[${twin}]`);
    if (m.device === undefined) reader.fail(`${path}.device`, `missing: expected a device URL such as ${DEVICE_EXAMPLE}`);
    const device = deviceOf(reader, m.device, `${path}.device`);
    const sameDevice = libraries.findIndex((l) => l.device.split('?')[0] === device.split('?')[0]);
    if (sameDevice >= 0) reader.fail(`${path}.device`, `libraries[${sameDevice}] already uses this device`);
    const serveDrives = m['serve-drives'] ?? true;
    if (typeof serveDrives !== 'boolean') reader.fail(`${path}.serve-drives`, 'expected true or false');
    // Each served virtual library is an iSCSI target named after its directory: two alike would be one.
    const iqn = targetNameOf(device, serveDrives);
    const sameTarget = iqn === undefined ? -1 : libraries.findIndex((l) => targetNameOf(l.device, l.serveDrives) === iqn);
    if (sameTarget >= 0) reader.fail(`${path}.device`, `its drives would be served as ${iqn}, as libraries[${sameTarget}]'s are: give the directories different names`);
    const readOnlyMonitoring = m['read-only-monitoring'] ?? true;
    if (typeof readOnlyMonitoring !== 'boolean') reader.fail(`${path}.read-only-monitoring`, 'expected true or false');
    libraries.push({ name, device, serveDrives, readOnlyMonitoring });
  });
  return libraries;
}

function iscsiOf(reader: Reader, value: unknown): NonNullable<ServiceConfig['iscsi']> {
  const m = reader.mapping(value, 'iscsi', ISCSI_KEYS);
  // YAML 1.1 habits: `off` unquoted may arrive as false, a bare port as a number.
  const listen = m.listen === undefined ? undefined : m.listen === false ? 'off' : reader.text(typeof m.listen === 'number' ? String(m.listen) : m.listen, 'iscsi.listen', '127.0.0.1:3260 or off');
  if (m.chap === undefined) return { ...(listen === undefined ? {} : { listen }) };
  const chap = reader.mapping(m.chap, 'iscsi.chap', CHAP_KEYS);
  const user = reader.text(chap.user, 'iscsi.chap.user', 'backup');
  // Never echo a secret, even a wrong one.
  if (typeof chap.secret !== 'string' || chap.secret === '') reader.fail('iscsi.chap.secret', 'expected the CHAP secret as text (12–16 characters for Linux initiators)');
  return { ...(listen === undefined ? {} : { listen }), chap: { user, secret: chap.secret } };
}

/** The checks after YAML parsing: a plain object in, a ServiceConfig out, or a ConfigError. */
export function serviceConfigFrom(value: unknown, file: string): ServiceConfig {
  const reader = new Reader(file, dirname(file));
  if (value === null || value === undefined) return { file };
  const m = reader.mapping(value, '', CONFIG_KEYS);
  const optionalText = (key: string, example: string): string | undefined => (m[key] === undefined ? undefined : reader.text(m[key], key, example));
  const optionalPath = (key: string, example: string): string | undefined => (m[key] === undefined ? undefined : reader.filePath(m[key], key, example));
  const listen = m.listen === undefined ? undefined : reader.text(typeof m.listen === 'number' ? String(m.listen) : m.listen, 'listen', '127.0.0.1:7800');
  const logLevel = optionalText('log-level', 'info');
  if (logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(logLevel)) reader.fail('log-level', `expected one of ${LOG_LEVELS.join(', ')}`);
  const ttl = m['lease-ttl'];
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 1 || ttl > 3600)) reader.fail('lease-ttl', 'expected a number of seconds from 1 to 3600 (default 30)');
  const catalog = optionalText('catalog', '/var/lib/changer/catalog.sqlite or postgres://…');
  return {
    file,
    ...(listen === undefined ? {} : { listen }),
    ...(m['data-dir'] === undefined ? {} : { dataDir: optionalPath('data-dir', '/var/lib/changer') }),
    // A catalog that is not a URL is a SQLite file path, relative to the configuration file.
    ...(catalog === undefined ? {} : { catalog: /^[a-z][a-z0-9+.-]*:\/\//i.test(catalog) ? catalog : resolve(reader.base, catalog.replace(/^sqlite:/i, '')) }),
    ...(m['token-file'] === undefined ? {} : { tokenFile: optionalPath('token-file', '/var/lib/changer/admin-token') }),
    ...(logLevel === undefined ? {} : { logLevel }),
    ...(ttl === undefined ? {} : { leaseTtlSeconds: ttl as number }),
    ...(m.iscsi === undefined ? {} : { iscsi: iscsiOf(reader, m.iscsi) }),
    ...(m.libraries === undefined ? {} : { libraries: librariesOf(reader, m.libraries) }),
  };
}

/** Reads and checks a configuration file; every problem is a ConfigError. */
export async function loadServiceConfig(path: string): Promise<ServiceConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(file, '', 'no such file; write one (docs/service.md has an example) or pass --config FILE');
    if (code === 'EACCES') throw new ConfigError(file, '', 'permission denied; the service user must be able to read it');
    if (code === 'EISDIR') throw new ConfigError(file, '', 'is a directory, not a YAML file');
    throw new ConfigError(file, '', (error as Error).message);
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const where = first.linePos?.[0];
    const what = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'not YAML';
    throw new ConfigError(file, '', `${where === undefined ? '' : `line ${where.line}, column ${where.col}: `}${what}`);
  }
  return serviceConfigFrom(document.toJS(), file);
}
