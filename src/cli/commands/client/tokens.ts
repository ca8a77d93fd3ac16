// `changer tokens`: the manager's API tokens, through its API (admin only). `list` never shows a
// secret (the manager keeps only hashes); `create` shows the new token's secret this once.
import { readFile } from 'node:fs/promises';
import { isRole, ROLES, type Role } from '../../../api/auth/roles.ts';
import type { ApiToken, IssuedToken } from '../../../api/auth/tokenStore.ts';
import type { AccessScope } from '../../../rsm/accessScope.ts';
import { writeJson, writeLine } from '../../output.ts';
import { UsageError } from '../../usageError.ts';
import type { ClientContext } from './clientContext.ts';
import { writeTable } from './table.ts';

const when = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function tokensListCommand(ctx: ClientContext): Promise<void> {
  const tokens = await ctx.client.tokens();
  if (ctx.output.json) return writeJson(ctx.output, tokens);
  // The SCOPE column only once some token is limited, so the usual table stays as it was.
  if (tokens.some((t) => t.scope !== undefined)) writeTable(ctx.output, ['ID', 'NAME', 'ROLE', 'CREATED', 'SCOPE'], tokens.map((t) => [t.id, t.name, t.role, when(t.createdAt), scopeText(t.scope)]));
  else writeTable(ctx.output, ['ID', 'NAME', 'ROLE', 'CREATED'], tokens.map((t) => [t.id, t.name, t.role, when(t.createdAt)]));
}

function scopeText(scope: AccessScope | undefined): string {
  if (scope === undefined) return 'all';
  return [scope.libraries !== undefined ? `libraries ${scope.libraries.join(',')}` : null, scope.pools !== undefined ? `pools ${scope.pools.join(',')}` : null].filter((x) => x !== null).join('; ');
}

/** --library a,b and --pool p,q: what a new token is limited to; undefined when neither is given. */
export function scopeOf(libraries: string | undefined, pools: string | undefined): AccessScope | undefined {
  const list = (text: string | undefined, option: string): string[] | undefined => {
    if (text === undefined) return undefined;
    const names = text.split(',').map((n) => n.trim()).filter((n) => n !== '');
    if (names.length === 0) throw new UsageError(`${option} needs at least one name`);
    return names;
  };
  const scope = { ...(libraries !== undefined ? { libraries: list(libraries, '--library') } : {}), ...(pools !== undefined ? { pools: list(pools, '--pool') } : {}) };
  return Object.keys(scope).length === 0 ? undefined : (scope as AccessScope);
}

export function roleOf(text: string | undefined): Role {
  if (text === undefined) throw new UsageError(`a token needs its role: --role ${ROLES.join('|')}`);
  if (!isRole(text)) throw new UsageError(`--role '${text}' is not a role: choose ${ROLES.join(', ')}`);
  return text;
}

export async function tokensCreateCommand(ctx: ClientContext, name: string, role: Role, scope?: AccessScope): Promise<IssuedToken> {
  const issued = await ctx.client.createToken(name, role, scope);
  if (ctx.output.json) {
    writeJson(ctx.output, issued);
    return issued;
  }
  writeLine(ctx.output, `token ${issued.id} '${issued.name}' created, role ${issued.role}${issued.scope !== undefined ? `, limited to ${scopeText(issued.scope)}` : ''}; its secret (shown only now, keep it safe):`);
  writeLine(ctx.output, issued.token);
  return issued;
}

export async function tokensRevokeCommand(ctx: ClientContext, id: string): Promise<ApiToken> {
  const revoked = await ctx.client.revokeToken(id);
  if (ctx.output.json) writeJson(ctx.output, revoked);
  else writeLine(ctx.output, `token ${revoked.id} '${revoked.name}' revoked`);
  return revoked;
}

/** --token-file: the admin token as `changer serve` wrote it (token-file in the configuration). */
export async function tokenFromFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied (run as the service user, e.g. sudo -u changer)' : code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`--token-file ${file}: ${why}`);
  }
  const token = text.trim();
  if (token === '') throw new UsageError(`--token-file ${file} is empty`);
  return token;
}
