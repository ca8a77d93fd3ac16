import { ChangerError } from '../shared/changerError.ts';
import type { EmulatorError as EmulatorErrorClass } from '../emulator/emulatorError.ts';
import type { ScsiTransport } from './scsiTransport.ts';
import { parseDeviceUrl } from './deviceUrl.ts';

/**
 * A transport to the device a URL names. Each kind is imported only when used, so opening the
 * embedded library never loads the iSCSI stack or koffi.
 */
export async function openTransport(url: string): Promise<ScsiTransport> {
  const parsed = parseDeviceUrl(url);
  switch (parsed.scheme) {
    case 'virtual': {
      if (parsed.lun !== 0) {
        const { EmbeddedDriveTransport } = await import('./embeddedDrive.ts');
        return EmbeddedDriveTransport.open(url, parsed.dir, parsed.lun);
      }
      const { openVirtualLibraryUrl, EmulatorError } = await import('../emulator/index.ts');
      const { LoopbackTransport } = await import('./loopback.ts');
      const { registerEmbeddedLibrary } = await import('./embeddedLibraries.ts');
      let library;
      try {
        library = await openVirtualLibraryUrl(url);
      } catch (e) {
        throw asChangerError(e, url, EmulatorError);
      }
      const lib = library;
      const forget = registerEmbeddedLibrary(url, lib);
      return new LoopbackTransport(lib.device, { initiator: `loopback:${process.pid}`, lun: 0 }, url, () => {
        forget();
        return lib.close();
      });
    }
    case 'iscsi': {
      const { IscsiTransport } = await import('./iscsiTransport.ts');
      return IscsiTransport.open(parsed.url);
    }
    case 'sg': {
      const { SgTransport } = await import('./sg/sgTransport.ts');
      return SgTransport.open(parsed.path);
    }
    case 'rsm':
      throw new ChangerError('INVALID_DEVICE_REQUEST', `${url} is a Removable Storage Manager library: ask the manager (changer media …, changer-mtx -f ${url}), not the changer directly`);
  }
}

/** Errors of the emulator's machinery (corrupt state, unknown profile, library in use) as ChangerErrors. */
function asChangerError(e: unknown, url: string, emulatorError: typeof EmulatorErrorClass): unknown {
  if (!(e instanceof emulatorError)) return e;
  if (e.code === 'LIBRARY_IN_USE') return new ChangerError('DEVICE_BUSY', e.message, { cause: e });
  return new ChangerError('NO_SUCH_DEVICE', `${url}: ${e.message}`, { cause: e });
}
