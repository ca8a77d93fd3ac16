import { ChangerError } from '../shared/changerError.ts';
import type { TextPair } from '../iscsi/text/textCodec.ts';
import { DEFAULT_ISCSI_PORT } from './iscsiUrl.ts';
import { loginSettings, openSession, type IscsiTransportOptions } from './iscsiTransport.ts';

/**
 * SendTargets discovery (RFC 7143 appendix C): a Discovery session to a portal, "SendTargets=All",
 * logout. Gives every target name with the portals it can be reached through.
 */

export interface DiscoveredPortal {
  readonly host: string;
  readonly port: number;
  readonly portalGroupTag: number | undefined;
}

export interface DiscoveredTarget {
  readonly name: string;
  readonly portals: readonly DiscoveredPortal[];
}

/** "host[:port]" or "iscsi://host[:port]" (a trailing path is ignored). */
export function parsePortal(text: string): { host: string; port: number } {
  const authority = text.replace(/^iscsi:\/\//i, '').split('/')[0] ?? '';
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    throw new ChangerError('NO_SUCH_DEVICE', `'${text}' is not an iSCSI portal (host[:port])`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '' || url.username !== '') throw new ChangerError('NO_SUCH_DEVICE', `'${text}' is not an iSCSI portal (host[:port])`);
  return { host, port: url.port === '' ? DEFAULT_ISCSI_PORT : Number(url.port) };
}

/** TargetAddress value: domainname[:port][,portal-group-tag], IPv6 in brackets. */
export function parseTargetAddress(value: string): DiscoveredPortal | undefined {
  const match = /^(\[[^\]]+\]|[^:,]+)(?::(\d{1,5}))?(?:,(\d{1,5}))?$/.exec(value);
  if (match === null) return undefined;
  const host = (match[1] as string).replace(/^\[(.*)\]$/, '$1');
  return { host, port: match[2] === undefined ? DEFAULT_ISCSI_PORT : Number(match[2]), portalGroupTag: match[3] === undefined ? undefined : Number(match[3]) };
}

export function targetsFromText(pairs: readonly TextPair[]): DiscoveredTarget[] {
  const targets: Array<{ name: string; portals: DiscoveredPortal[] }> = [];
  for (const [key, value] of pairs) {
    if (key === 'TargetName') targets.push({ name: value, portals: [] });
    else if (key === 'TargetAddress') {
      const portal = parseTargetAddress(value);
      if (portal !== undefined) targets[targets.length - 1]?.portals.push(portal);
    }
  }
  return targets;
}

export async function discoverIscsiTargets(portal: string, options: IscsiTransportOptions & { timeoutMs?: number } = {}): Promise<DiscoveredTarget[]> {
  const { host, port } = parsePortal(portal);
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const session = await openSession(host, port, 'Discovery', undefined, loginSettings(options), signal);
  try {
    return targetsFromText(await session.text([['SendTargets', 'All']], signal));
  } catch (e) {
    if (e instanceof ChangerError) throw e;
    throw new ChangerError('DEVICE_NOT_CONNECTED', `SendTargets to ${host}:${port} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    await session.logout(options.logoutTimeoutMs ?? 2000);
  }
}
