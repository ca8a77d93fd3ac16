// GET /v1/session: who the bearer token is — its name and role — so a client (the web UI) shows
// and enables what the role allows without trying each action. Never the secret.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { ROLES } from '../auth/roles.ts';
import { StringEnum } from '../schemas/common.ts';
import { ErrorResponses } from '../schemas/problem.ts';

export const SessionSchema = Type.Object(
  {
    token: Type.String({ description: "the token's name" }),
    role: StringEnum(ROLES),
    application: Type.String({ description: 'X-Application, or the token name' }),
  },
  { title: 'Session' },
);

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/session',
    {
      config: { role: 'reader' },
      schema: { tags: ['tokens'], summary: 'The calling token: its name and role (never its secret)', response: { 200: SessionSchema, ...ErrorResponses } },
    },
    async (request) => {
      const caller = callerOf(request);
      return { token: caller.token, role: caller.role, application: caller.application };
    },
  );
};
