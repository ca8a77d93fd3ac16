// Answers a user or a browser would check first: a body that is not JSON, a pool of a media type
// nobody has, and the headers that keep a browser from sniffing, framing or leaking the API.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { LTO_DATA_MEDIA_TYPES } from '../../../src/storage/index.ts';
import type { Answer } from './apiClient.ts';
import { LIBRARY, onSqlite, type ApiFixture } from './apiHarness.ts';

const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

function problemOf(answer: Answer): Record<string, unknown> {
  assert.equal(answer.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  return answer.body as Record<string, unknown>;
}

function assertSecurityHeaders(answer: Answer, policy: string): void {
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(answer.headers.get('x-frame-options'), 'DENY');
  assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(answer.headers.get('content-security-policy'), policy);
}

onSqlite('API hardening', (h) => {
  let api: ApiFixture;
  before(async () => {
    api = await h.start();
  });

  test('a text/plain body: 415 UNSUPPORTED_MEDIA_TYPE, as docs/api.md promises', async () => {
    const answer = await api.backup.call('POST', '/v1/mounts', { raw: `{"library":"${LIBRARY}","barcode":"A00001L8"}`, headers: { 'content-type': 'text/plain' } });
    assert.equal(answer.status, 415);
    assert.deepEqual(problemOf(answer), {
      type: 'urn:changer:problem:unsupported-media-type',
      title: 'Unsupported content type',
      status: 415,
      detail: 'the body is text/plain; send it as application/json',
      instance: '/v1/mounts',
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const withCharset = await api.backup.call('POST', '/v1/pools', { raw: 'nightly', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    assert.equal(withCharset.status, 415);
    assert.equal(problemOf(withCharset).detail, 'the body is text/plain; charset=utf-8; send it as application/json');
  });

  for (const mediaType of ['../../etc', 'LTO-99', 'lto-8', 'LTO-CLEANER']) {
    test(`POST /v1/pools with mediaType ${JSON.stringify(mediaType)}: 400 INVALID_PARAMETER listing the known types, no pool made`, async () => {
      const answer = await api.backup.post('/v1/pools', { name: `pool-${mediaType}`, mediaType });
      assert.equal(answer.status, 400);
      assert.deepEqual(problemOf(answer), {
        type: 'urn:changer:problem:invalid-parameter',
        title: 'Invalid parameter',
        status: 400,
        detail: `${JSON.stringify(mediaType)} is not a media type this manager knows; a pool holds one of ${LTO_DATA_MEDIA_TYPES.join(', ')}, or null for a pool of pools`,
        instance: '/v1/pools',
        code: 'INVALID_PARAMETER',
        context: { mediaTypes: LTO_DATA_MEDIA_TYPES },
      });
      const pools = await api.reader.get<{ name: string }[]>('/v1/pools');
      assert.ok(!pools.body.some((p) => p.name === `pool-${mediaType}`));
    });
  }

  test('known media types and pools of pools are still created', async () => {
    assert.equal((await api.backup.post('/v1/pools', { name: 'worm-archive', mediaType: 'LTO-9-WORM' })).status, 201);
    assert.equal((await api.backup.post('/v1/pools', { name: 'tiers', mediaType: null })).status, 201);
  });

  test('every answer carries nosniff, DENY framing, no referrer and a CSP: API answers the strictest', async () => {
    assertSecurityHeaders(await api.reader.get('/v1/libraries'), API_POLICY);
    assertSecurityHeaders(await api.anonymous.get('/healthz'), API_POLICY);
    assertSecurityHeaders(await api.anonymous.get('/v1/libraries'), API_POLICY);
    assertSecurityHeaders(await api.reader.get('/v1/nowhere'), API_POLICY);
    assertSecurityHeaders(await api.anonymous.get('/openapi.json'), API_POLICY);
  });

  test('the event stream (a hijacked answer) carries them too', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/events`, { headers: { authorization: `Bearer ${api.reader.token ?? ''}` }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-security-policy'), API_POLICY);
    controller.abort();
  });

  test("Swagger UI's pages get a policy that lets its own scripts and styles run", async () => {
    const page = await api.anonymous.call('GET', '/docs/', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, PAGE_POLICY);
    assert.doesNotMatch(page.text, /<script>|<style>|\son[a-z]+=/, 'no inline script or style for the policy to block');
    const script = await api.anonymous.call('GET', '/docs/static/swagger-ui-bundle.js', { headers: { accept: '*/*' } });
    assert.equal(script.status, 200);
    assertSecurityHeaders(script, PAGE_POLICY);
  });
});
