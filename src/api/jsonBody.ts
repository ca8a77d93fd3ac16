// JSON bodies: Fastify's parser (with its prototype-poisoning protection), except that an empty
// body is no body — clients POST `cancel` or `acknowledge` with a JSON content type and nothing
// in it, and that must mean "no parameters", not a parse error.
import type { FastifyInstance } from 'fastify';

export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(request, text, done);
  });
}
