import { Type, type Static } from '@fastify/type-provider-typebox';
import { ROLES } from '../auth/roles.ts';
import { TOKEN_NAME_PATTERN, type ApiToken, type IssuedToken } from '../auth/tokenStore.ts';
import { List, StringEnum, Timestamp, type Assert, type Describes } from './common.ts';

const ScopeNames = List(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s,][^,]*$' }), { minItems: 1, maxItems: 100 });

/** The libraries and pools a token is limited to (NTMS's per-library and per-pool access); absent: all. */
export const TokenScopeSchema = Type.Object(
  { libraries: Type.Optional(ScopeNames), pools: Type.Optional(ScopeNames) },
  { additionalProperties: false, title: 'TokenScope', description: 'pools include their sub-pools; a scoped token is refused (403) on media of other pools' },
);

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  role: StringEnum(ROLES),
  createdAt: Timestamp,
  scope: Type.Optional(TokenScopeSchema),
};

export const TokenSchema = Type.Object(tokenFields, { title: 'Token' });

export const IssuedTokenSchema = Type.Object(
  { ...tokenFields, token: Type.String({ description: 'the secret: shown this once, stored only as a SHA-256 hash' }) },
  { title: 'IssuedToken' },
);

export const NewTokenSchema = Type.Object(
  {
    name: Type.String({ pattern: TOKEN_NAME_PATTERN, description: 'unique; also the default application name of its callers' }),
    role: StringEnum(ROLES),
    scope: Type.Optional(TokenScopeSchema),
  },
  { additionalProperties: false, title: 'NewToken' },
);

export const TokenParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export type _TokenChecks = [Assert<Describes<Static<typeof TokenSchema>, ApiToken>>, Assert<Describes<Static<typeof IssuedTokenSchema>, IssuedToken>>];
