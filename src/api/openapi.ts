// The OpenAPI 3.1 document (built by @fastify/swagger from the route schemas), served at
// /openapi.json, and Swagger UI at /docs. Both are public: the API's shape is no secret.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const API_VERSION = '1.0.0';

/** Registered on the root instance (not as an encapsulated plugin), so it sees every route. */
export function registerOpenApi(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Changer — Removable Storage Manager API',
        version: API_VERSION,
        description:
          'Applications ask the manager; the manager owns every changer. Errors are RFC 9457 application/problem+json. ' +
          'Authenticate with `Authorization: Bearer <token>`; roles reader < application < operator < admin.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API token (chg_…)' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'libraries' }, { name: 'media' }, { name: 'mounts' }, { name: 'library work' }, { name: 'requests' }, { name: 'pools' },
        { name: 'operator requests' }, { name: 'front panel' }, { name: 'events' }, { name: 'tokens' }, { name: 'metrics' }, { name: 'health' },
      ],
    },
  });
  void app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
