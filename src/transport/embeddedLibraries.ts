// Virtual libraries this process runs in-process (opened through a `virtual:` device URL), by
// device: a drive's URL (`virtual:<dir>?lun=n`) reaches its SCSI device through the library open
// here, and the API's front-panel routes reach the library's panel for the people and tests playing
// the operator, beside the manager. Only the SCSI path moves cartridges on the manager's behalf;
// the panel is the operator's side.
import type { VirtualLibrary } from '../emulator/virtualLibrary.ts';
import { RealClock, type Clock } from '../shared/clock.ts';
import { deviceKey, parseDeviceUrl } from './deviceUrl.ts';

const open = new Map<string, VirtualLibrary>();

/** The library's key for any of its URLs: a drive's (`?lun=n`) names the library it is in. */
function keyOf(url: string): string {
  const parsed = parseDeviceUrl(url);
  return deviceKey(parsed.scheme === 'virtual' ? { ...parsed, lun: 0 } : parsed);
}

/** Called by openTransport when it opens a `virtual:` URL; the returned function forgets it again. */
export function registerEmbeddedLibrary(url: string, library: VirtualLibrary): () => void {
  const key = keyOf(url);
  open.set(key, library);
  return () => {
    if (open.get(key) === library) open.delete(key);
  };
}

/** The virtual library running in this process for `url` (any spelling of it), if there is one. */
export function embeddedLibrary(url: string): VirtualLibrary | undefined {
  let key: string;
  try {
    key = keyOf(url);
  } catch {
    return undefined;
  }
  return open.get(key);
}

/**
 * For a `virtual:` URL, the time its library keeps once this process has opened it (real, n times
 * faster, or virtual, as the URL's `clock=` says), and the wall clock until then; undefined for
 * any other device. Composition roots give it to the manager as the library's clock, so that the
 * manager waits on the virtual drives in their own time, as it waits on real drives in real time.
 */
export function embeddedLibraryClock(url: string): Clock | undefined {
  if (parseDeviceUrl(url).scheme !== 'virtual') return undefined;
  const wall = new RealClock();
  const current = (): Clock => embeddedLibrary(url)?.clock ?? wall;
  return { now: () => current().now(), sleep: (ms, signal) => current().sleep(ms, signal) };
}
