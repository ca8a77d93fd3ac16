// JSON bodies: Fastify's parser (with its prototype-poisoning protection), except that an empty
// body is no body — clients POST `cancel` or `acknowledge` with a JSON content type and nothing
// in it, and that must mean "no parameters", not a parse error.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './apiError.ts';

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

/**
 * Every body here is JSON. Fastify would parse text/plain itself (and the schema would then fail it
 * as a 400) and answer other types with a bare "Unsupported Media Type"; instead any other type is
 * a 415 that says what was sent and what to send.
 */
export function refuseNonJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (request, _payload, done) => {
    const sent = request.headers['content-type'];
    const what = sent === undefined || sent === '' ? 'the body has no content type' : `the body is ${sent}`;
    done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `${what}; send it as application/json`), undefined);
  });
}
