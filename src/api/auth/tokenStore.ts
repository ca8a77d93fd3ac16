// API tokens: who may call the API and with which role. Kept in a JSON file (mode 0600) beside the
// catalog's data rather than in the catalog, so the manager's credentials never travel to a shared
// PostgreSQL and a lost file is fixed by restarting `npm start` (which issues a new admin token).
// Only SHA-256 hashes of the secrets are stored; a secret is shown once, when created.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { conflict, invalidParameter, notFound } from '../apiError.ts';
import { asAccessScope, type AccessScope } from '../../rsm/accessScope.ts';
import { isRole, type Role } from './roles.ts';
import { hashTokenSecret, newTokenId, newTokenSecret } from './tokenSecret.ts';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: number;
  /** The libraries and pools it is limited to (absent: all), as in accessScope.ts. */
  readonly scope?: AccessScope;
}

/** A token as created: the secret is in `token`, and nowhere else ever again. */
export interface IssuedToken extends ApiToken {
  readonly token: string;
}

export interface TokenStore {
  list(): readonly ApiToken[];
  /** The token a secret belongs to, or undefined; synchronous, as it runs on every request. */
  authenticate(secret: string): ApiToken | undefined;
  create(name: string, role: Role, scope?: AccessScope): Promise<IssuedToken>;
  /** Refuses to revoke the last admin token: nobody could manage tokens afterwards. */
  revoke(id: string): Promise<ApiToken>;
}

interface StoredToken extends ApiToken {
  readonly sha256: string;
}

interface TokenFile {
  readonly version: 1;
  readonly tokens: readonly StoredToken[];
}

export const TOKEN_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 ._@:+-]{0,63}$';
const TOKEN_NAME = new RegExp(TOKEN_NAME_PATTERN);

function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.id === 'string' &&
    typeof t.name === 'string' &&
    typeof t.role === 'string' &&
    isRole(t.role) &&
    typeof t.createdAt === 'number' &&
    typeof t.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(t.sha256) &&
    (t.scope === undefined || asAccessScope(t.scope) !== undefined)
  );
}

function parseTokenFile(text: string, file: string): StoredToken[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it or delete it to start with no tokens`);
  }
  const tokens = typeof json === 'object' && json !== null && 'tokens' in json ? json.tokens : undefined;
  if (!Array.isArray(tokens) || !tokens.every(isStoredToken)) {
    throw new Error(`${file} is not a token file (expected {"version":1,"tokens":[{id,name,role,createdAt,sha256}]}); fix it or delete it`);
  }
  return tokens;
}

function publicPart(token: StoredToken): ApiToken {
  return { id: token.id, name: token.name, role: token.role, createdAt: token.createdAt, ...(token.scope !== undefined ? { scope: token.scope } : {}) };
}

export class FileTokenStore implements TokenStore {
  readonly #file: string | null;
  readonly #tokens: StoredToken[];
  #byHash: Map<string, StoredToken>;
  /** Writes run one after another so the file always holds the latest list. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string | null, tokens: StoredToken[]) {
    this.#file = file;
    this.#tokens = tokens;
    this.#byHash = new Map(tokens.map((t) => [t.sha256, t]));
  }

  /** Opens (or, on first write, creates) the token file; `null` keeps tokens in memory only. */
  static async open(file: string | null): Promise<FileTokenStore> {
    if (file === null) return new FileTokenStore(null, []);
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new FileTokenStore(file, text === null ? [] : parseTokenFile(text, file));
  }

  list(): readonly ApiToken[] {
    return this.#tokens.map(publicPart);
  }

  authenticate(secret: string): ApiToken | undefined {
    const token = this.#byHash.get(hashTokenSecret(secret));
    return token === undefined ? undefined : publicPart(token);
  }

  async create(name: string, role: Role, scope?: AccessScope): Promise<IssuedToken> {
    if (!TOKEN_NAME.test(name)) throw invalidParameter(`token name "${name}" must be 1–64 letters, digits, spaces or ._@:+- and start with a letter or digit`, '/name');
    if (this.#tokens.some((t) => t.name === name)) throw conflict(`a token named "${name}" already exists; revoke it first or choose another name`);
    const secret = newTokenSecret();
    const limits = scope === undefined ? undefined : asAccessScope(scope);
    if (scope !== undefined && limits === undefined) throw invalidParameter('a scope is { libraries?: [names], pools?: [names] }, each list not empty', '/scope');
    const stored: StoredToken = { id: newTokenId(), name, role, createdAt: Date.now(), sha256: hashTokenSecret(secret), ...(limits !== undefined ? { scope: limits } : {}) };
    this.#tokens.push(stored);
    this.#byHash.set(stored.sha256, stored);
    await this.#save();
    return { ...publicPart(stored), token: secret };
  }

  async revoke(id: string): Promise<ApiToken> {
    const i = this.#tokens.findIndex((t) => t.id === id);
    const token = this.#tokens[i];
    if (token === undefined) throw notFound(`no token with id "${id}"`);
    if (token.role === 'admin' && this.#tokens.filter((t) => t.role === 'admin').length === 1) {
      throw conflict(`"${token.name}" is the last admin token; create another admin token before revoking it`);
    }
    this.#tokens.splice(i, 1);
    this.#byHash = new Map(this.#tokens.map((t) => [t.sha256, t]));
    await this.#save();
    return publicPart(token);
  }

  #save(): Promise<void> {
    const file = this.#file;
    if (file === null) return Promise.resolve();
    const content: TokenFile = { version: 1, tokens: [...this.#tokens] };
    const text = `${JSON.stringify(content, null, 2)}\n`;
    const write = async (): Promise<void> => {
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      // writeFile's mode only applies to a new file; a leftover temporary keeps its old mode.
      await chmod(temporary, 0o600);
      await rename(temporary, file);
    };
    this.#writing = this.#writing.then(write, write);
    return this.#writing;
  }
}
