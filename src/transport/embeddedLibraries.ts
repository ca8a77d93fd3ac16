// Virtual libraries this process runs in-process (opened through a `virtual:` device URL), by
// device: a drive's URL (`virtual:<dir>?lun=n`) reaches its SCSI device through the library open
// here, and the manager offers the front panel to the people and tests playing the operator.
// Only the SCSI path moves cartridges on the manager's behalf; the panel is the operator's side.
import type { VirtualLibrary } from '../emulator/virtualLibrary.ts';
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
