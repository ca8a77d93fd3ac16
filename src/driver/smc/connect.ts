import { openTransport } from '../../transport/openTransport.ts';
import { deviceKey, parseDeviceUrl } from '../../transport/deviceUrl.ts';
import { setDefaultMiniclassFactory } from '../changer.ts';
import type { Miniclass } from '../miniclass.ts';
import { SmcMiniclass, type SmcOptions } from './smcMiniclass.ts';

/** Any device URL → a transport → the SMC miniclass (every changer we drive speaks SMC). */
export async function connectSmc(url: string, options: SmcOptions = {}): Promise<Miniclass> {
  return new SmcMiniclass(await openTransport(url), options);
}

/** The hold key for a URL, so two spellings of one device are one device. */
export function holdKeyFor(url: string): string {
  return deviceKey(parseDeviceUrl(url));
}

setDefaultMiniclassFactory((url) => connectSmc(url), holdKeyFor);
