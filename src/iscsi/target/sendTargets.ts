import type { SessionType } from '../text/keys.ts';
import type { TextPair } from '../text/textCodec.ts';
import { REJECT } from '../text/values.ts';

/**
 * The answer to a SendTargets text request (RFC 7143 appendix C): "All" lists every target (in a
 * Discovery session), an IQN lists that target, an empty value lists the session's own target (in
 * a Normal session). Each target comes with the portal it is reached through.
 */

export interface Portal {
  /** host:port, with IPv6 hosts in brackets. */
  readonly address: string;
  readonly portalGroupTag: number;
}

export function formatPortalAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function sendTargetsAnswer(value: string, targetNames: readonly string[], sessionType: SessionType, currentTarget: string | undefined, portal: Portal): TextPair[] {
  let names: readonly string[];
  if (value === 'All') {
    if (sessionType !== 'Discovery') return [['SendTargets', REJECT]];
    names = targetNames;
  } else if (value === '') {
    names = currentTarget === undefined ? [] : [currentTarget];
  } else {
    names = targetNames.filter((name) => name === value);
  }
  return names.flatMap((name): TextPair[] => [['TargetName', name], ['TargetAddress', `${portal.address},${portal.portalGroupTag}`]]);
}
