import { ChangerError } from '../shared/changerError.ts';
import { MAX_LUN } from '../iscsi/lun.ts';
import { withoutSecret } from '../shared/secrets.ts';

/**
 * iSCSI device URLs (DESIGN §3): iscsi://[user[:secret]@]host[:port]/<iqn>/<lun>. The port
 * defaults to 3260; IPv6 hosts go in brackets. Credentials in the URL are CHAP credentials, as
 * libiscsi reads them (libiscsi's user%secret spelling is accepted too); a formatted URL leaves
 * them out unless asked, so logs and lock keys never carry a secret.
 */

export const DEFAULT_ISCSI_PORT = 3260;

export interface IscsiUrl {
  readonly host: string;
  readonly port: number;
  readonly targetName: string;
  readonly lun: number;
  readonly username?: string;
  readonly secret?: string;
}

function bad(text: string, why: string): ChangerError {
  return new ChangerError('NO_SUCH_DEVICE', `'${withoutSecret(text)}' is not an iSCSI device URL: ${why} (use iscsi://host[:port]/<iqn>/<lun>)`);
}

export function parseIscsiUrl(text: string): IscsiUrl {
  if (!/^iscsi:\/\//i.test(text)) throw bad(text, 'it does not start with iscsi://');
  let url: URL;
  try {
    // Parsed as http so the WHATWG parser validates the authority (IPv6, ports); the path is ours.
    url = new URL(`http://${text.slice('iscsi://'.length)}`);
  } catch {
    throw bad(text, 'malformed host or port');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw bad(text, 'no host');
  const port = url.port === '' ? DEFAULT_ISCSI_PORT : Number(url.port);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (parts.length !== 2) throw bad(text, 'the path must be /<iqn>/<lun>');
  const targetName = decodeURIComponent(parts[0] as string);
  const lunText = parts[1] as string;
  if (!/^[0-9]{1,5}$/.test(lunText) || Number(lunText) > MAX_LUN) throw bad(text, `LUN '${lunText}' is not a number in 0..${MAX_LUN}`);
  if (!/^(iqn\.|eui\.|naa\.)/i.test(targetName)) throw bad(text, `'${targetName}' is not an iSCSI name (iqn., eui. or naa.)`);
  return { host, port, targetName, lun: Number(lunText), ...credentials(url) };
}

function credentials(url: URL): { username?: string; secret?: string } {
  if (url.username === '' && url.password === '') return {};
  if (url.password !== '') return { username: decodeURIComponent(url.username), secret: decodeURIComponent(url.password) };
  // libiscsi's iscsi://user%secret@host form: a '%' that does not start a %XX escape.
  const raw = url.username;
  const split = raw.search(/%(?![0-9A-Fa-f]{2})/);
  if (split >= 0) return { username: decodeURIComponent(raw.slice(0, split)), secret: decodeURIComponent(raw.slice(split + 1)) };
  return { username: decodeURIComponent(raw) };
}

export function formatIscsiUrl(url: IscsiUrl, options: { withCredentials?: boolean } = {}): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  const port = url.port === DEFAULT_ISCSI_PORT ? '' : `:${url.port}`;
  let userinfo = '';
  if (options.withCredentials === true && url.username !== undefined) {
    userinfo = encodeURIComponent(url.username) + (url.secret === undefined ? '' : `:${encodeURIComponent(url.secret)}`) + '@';
  }
  return `iscsi://${userinfo}${host}${port}/${url.targetName}/${url.lun}`;
}
