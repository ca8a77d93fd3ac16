// Headers that tell a browser what it may do with our answers: never sniff a JSON body into HTML or
// script, never frame the API or its docs (clickjacking a token holder), never leak the URL to
// another site, and run only our own scripts. Set on the raw response in onRequest, so hijacked
// answers (the SSE stream), errors and 404s carry them too.
import type { FastifyInstance } from 'fastify';

/** The API answers data, never a page: nothing may load from it or frame it. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI at /docs: its own scripts and styles, the spec fetched from this origin, data: icons.
 * React applies its inline styles through the CSSOM, which style-src does not govern; 'unsafe-inline'
 * for styles covers the style attributes in the rendered schema markdown. No script is inline.
 */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const PAGE_PREFIXES = ['/docs'];

/**
 * The operator's page (/ and its /ui/ bundle): nothing but its own script and stylesheet, no
 * inline anything (Preact sets styles through the CSSOM), and it talks only to this origin.
 */
const UI_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function contentSecurityPolicyFor(url: string): string {
  const path = url.split('?', 1)[0] ?? url;
  if (path === '/' || path.startsWith('/ui/')) return UI_POLICY;
  return PAGE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ? PAGE_POLICY : API_POLICY;
}

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
    reply.raw.setHeader('content-security-policy', contentSecurityPolicyFor(request.url));
  });
}
