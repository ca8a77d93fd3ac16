import { resolve } from 'node:path';
import { ChangerError } from '../shared/changerError.ts';

/**
 * Device URLs, one syntax everywhere (DESIGN §3):
 *   virtual:<dir>?profile=<name>[&clock=real|virtual|<scale>x]   the embedded emulator, via loopback
 *   virtual:<dir>?lun=<n>                                            drive n−1 of a library open in this process
 *   iscsi://[user[:secret]@]host[:port]/<iqn>/<lun>                 an iSCSI target
 *   sg:/dev/sgN | sg:/dev/tape/by-id/… | sg:serial=<serial>           Linux SG_IO (sg/sgDeviceName.ts)
 *   rsm://host:port/<library>                                        a running manager (clients only)
 */
export type DeviceUrl =
  | {
      readonly scheme: 'virtual';
      readonly dir: string;
      readonly profile: string | undefined;
      readonly clock: string | undefined;
      /** 0: the changer; n ≥ 1: drive n − 1 (a virtual library numbers its drives after its changer). */
      readonly lun: number;
    }
  | { readonly scheme: 'iscsi'; readonly url: string }
  | { readonly scheme: 'sg'; readonly path: string }
  | { readonly scheme: 'rsm'; readonly host: string; readonly port: number; readonly library: string };

/** The largest LUN a target can address with the flat/peripheral LUN formats (SAM). */
const MAX_VIRTUAL_LUN = 0x3fff;

export function parseDeviceUrl(text: string): DeviceUrl {
  const bad = (why: string): ChangerError =>
    new ChangerError('NO_SUCH_DEVICE', `'${text}' is not a device URL: ${why} (use virtual:<dir>?profile=<name>, iscsi://host[:port]/<iqn>/<lun>, sg:/dev/sgN or rsm://host:port/<library>)`);
  const colon = text.indexOf(':');
  if (colon <= 0) throw bad('no scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  switch (scheme) {
    case 'virtual': {
      const q = rest.indexOf('?');
      const dir = q < 0 ? rest : rest.slice(0, q);
      if (dir === '') throw bad('virtual: needs a directory');
      const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
      for (const key of params.keys()) if (key !== 'profile' && key !== 'clock' && key !== 'lun') throw bad(`unknown parameter '${key}'`);
      const lun = params.get('lun') ?? '0';
      if (!/^\d{1,5}$/.test(lun) || Number(lun) > MAX_VIRTUAL_LUN) throw bad(`lun '${lun}' is not a number from 0 to ${MAX_VIRTUAL_LUN}`);
      return { scheme, dir: resolve(dir), profile: params.get('profile') ?? undefined, clock: params.get('clock') ?? undefined, lun: Number(lun) };
    }
    case 'iscsi':
      if (!rest.startsWith('//')) throw bad('iscsi: needs //host');
      return { scheme, url: text };
    case 'sg':
      if (!rest.startsWith('/dev/') && !/^serial=\S+$/.test(rest)) throw bad('sg: needs a /dev path or serial=<changer serial>');
      return { scheme, path: rest };
    case 'rsm': {
      let u: URL;
      try {
        u = new URL(text);
      } catch {
        throw bad('rsm: needs //host:port/<library>');
      }
      const library = decodeURIComponent(u.pathname.replace(/^\//, ''));
      if (u.hostname === '' || library === '' || library.includes('/')) throw bad('rsm: needs //host:port/<library>');
      return { scheme, host: u.hostname, port: u.port === '' ? 7800 : Number(u.port), library };
    }
    default:
      throw bad(`unknown scheme '${scheme}'`);
  }
}

/**
 * The key the exclusive hold is taken on: the same device under two spellings is one device, and
 * a virtual library's drive (`#lun=n`) is a device apart from its changer.
 */
export function deviceKey(url: DeviceUrl): string {
  switch (url.scheme) {
    case 'virtual':
      return url.lun === 0 ? `virtual:${url.dir}` : `virtual:${url.dir}#lun=${url.lun}`;
    case 'iscsi':
      return url.url.replace(/\/\/[^@/]*@/, '//').toLowerCase();
    case 'sg':
      return `sg:${url.path}`;
    case 'rsm':
      return `rsm://${url.host}:${url.port}/${url.library}`;
  }
}

// Kept importable from here for the transports' callers; the one definition lives in shared/.
export { withoutSecret } from '../shared/secrets.ts';
