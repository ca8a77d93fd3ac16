import { UsageError } from '../usageError.ts';

/** Where `npm start` serves the manager's API. */
export const DEFAULT_SERVER = 'http://127.0.0.1:7800';

/**
 * The manager's base URL from --server, then $CHANGER_SERVER, then the default. `host:port` and
 * `rsm://host:port[/library]` are accepted as well as http(s) URLs, since people type what they
 * saw in a device URL; the path is dropped (the API lives at the root).
 */
export function serverFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = nonEmpty(option) ?? nonEmpty(env.CHANGER_SERVER) ?? DEFAULT_SERVER;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given.replace(/^rsm:\/\//i, 'http://') : `http://${given}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`'${given}' is not a manager address: use http://host:port (default ${DEFAULT_SERVER})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`'${given}' is not a manager address: use http://host:port`);
  if (url.port === '' && /^rsm:/i.test(given)) url.port = '7800';
  return `${url.protocol}//${url.host}`;
}

/** The API token from --token, then $CHANGER_TOKEN; none is allowed (the manager says 401 if it needs one). */
export function tokenFrom(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return nonEmpty(option) ?? nonEmpty(env.CHANGER_TOKEN);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
