// Virtual libraries this process runs in-process (opened through a `virtual:` device URL), by
// device: the manager reaches a drive's host through one (`mt offline` = frontPanel.ejectDrive)
// and offers its front panel to the people and tests playing the operator. Only the SCSI path
// moves cartridges on the manager's behalf; this registry is the operator's side of the box.
import type { VirtualLibrary } from '../emulator/virtualLibrary.ts';
import { deviceKey, parseDeviceUrl } from './deviceUrl.ts';

const open = new Map<string, VirtualLibrary>();

function keyOf(url: string): string {
  return deviceKey(parseDeviceUrl(url));
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
