// Who is calling: the bearer token names a role; the caller handed to the manager carries the
// token's name (never its secret), the role and the application (X-Application, or the token's
// name). Each route declares the least role it needs in its config; a protected route that
// forgets to is admin-only, so a mistake closes a door rather than opening one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mayNameLibrary } from '../../rsm/accessScope.ts';
import type { Caller } from '../../rsm/service.ts';
import { accessDenied, unauthorized } from '../apiError.ts';
import { roleAllows, type Role } from './roles.ts';
import type { ApiToken, TokenStore } from './tokenStore.ts';

export interface ApiCaller extends Caller {
  readonly token: string;
  readonly role: Role;
  readonly application: string;
  readonly tokenId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role the route needs. */
    role?: Role;
  }
  interface FastifyRequest {
    /** Set on every protected route once the token is checked. */
    caller: ApiCaller | null;
  }
}

const APPLICATION_HEADER = 'x-application';
const APPLICATION_NAME = /^[\x21-\x7e][\x20-\x7e]{0,127}$/;

function bearerSecret(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

function applicationOf(request: FastifyRequest, token: ApiToken): string {
  const header = request.headers[APPLICATION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && APPLICATION_NAME.test(value) ? value : token.name;
}

export function authenticator(tokens: TokenStore) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const secret = bearerSecret(header);
    if (secret === undefined) {
      throw unauthorized(header === undefined ? 'send "Authorization: Bearer <token>"' : 'the Authorization header must be "Bearer <token>"');
    }
    const token = tokens.authenticate(secret);
    if (token === undefined) throw unauthorized('the token is not known (revoked, mistyped, or from another manager)');
    const caller: ApiCaller = { token: token.name, tokenId: token.id, role: token.role, application: applicationOf(request, token), ...(token.scope !== undefined ? { scope: token.scope } : {}) };
    request.caller = caller;
    const needed = request.routeOptions.config.role ?? 'admin';
    if (!roleAllows(token.role, needed)) {
      throw accessDenied(`${request.method} ${request.routeOptions.url ?? request.url} needs the ${needed} role; token "${token.name}" has ${token.role}`);
    }
  };
}

/**
 * A token limited to some libraries (its scope) is refused on any call that names another one, in
 * the path, the query or the body; runs once the body is parsed and validated.
 */
export async function checkLibraryScope(request: FastifyRequest): Promise<void> {
  const scope = request.caller?.scope;
  if (scope?.libraries === undefined) return;
  const named = [request.params, request.query, request.body].map((part) => (typeof part === 'object' && part !== null && 'library' in part ? part.library : undefined));
  for (const library of named) {
    if (typeof library === 'string' && !mayNameLibrary(scope, library)) {
      throw accessDenied(`token "${request.caller?.token ?? ''}" may use only librar${scope.libraries.length === 1 ? 'y' : 'ies'} ${scope.libraries.join(', ')}, not ${library}`);
    }
  }
}

/** The caller of a protected route (the authenticator ran before the handler). */
export function callerOf(request: FastifyRequest): ApiCaller {
  const caller = request.caller;
  if (caller === null) throw unauthorized('no caller: the route was reached without authentication');
  return caller;
}
