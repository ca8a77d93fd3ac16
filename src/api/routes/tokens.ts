// API tokens (admin only): list, create (the secret is in this one answer), revoke.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TokenStore } from '../auth/tokenStore.ts';
import { List } from '../schemas/common.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import { IssuedTokenSchema, NewTokenSchema, TokenParams, TokenSchema } from '../schemas/token.ts';

export const tokenRoutes: FastifyPluginAsyncTypebox<{ readonly tokens: TokenStore }> = async (app, { tokens }) => {
  app.get(
    '/v1/tokens',
    {
      config: { role: 'admin' },
      schema: { tags: ['tokens'], summary: 'List tokens (never their secrets)', response: { 200: List(TokenSchema), ...ErrorResponses } },
    },
    async () => tokens.list(),
  );

  app.post(
    '/v1/tokens',
    {
      config: { role: 'admin' },
      schema: { tags: ['tokens'], summary: 'Create a token; its secret is shown in this answer only', body: NewTokenSchema, response: { 201: IssuedTokenSchema, ...ErrorResponses } },
    },
    async (request, reply) => {
      const issued = await tokens.create(request.body.name, request.body.role, request.body.scope);
      request.log.info({ tokenId: issued.id, tokenName: issued.name, tokenRole: issued.role, by: request.caller?.token }, 'token created');
      reply.code(201);
      return issued;
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['tokens'], summary: 'Revoke a token', params: TokenParams, response: { 200: TokenSchema, ...ErrorResponses } },
    },
    async (request) => {
      const revoked = await tokens.revoke(request.params.id);
      request.log.info({ tokenId: revoked.id, tokenName: revoked.name, by: request.caller?.token }, 'token revoked');
      return revoked;
    },
  );
};
