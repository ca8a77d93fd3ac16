import { ChangerError } from '../shared/changerError.ts';
import type { VirtualLibrary } from '../emulator/virtualLibrary.ts';
import type { ScsiRequest, ScsiResult } from '../scsi/device.ts';
import { embeddedLibrary } from './embeddedLibraries.ts';
import { LoopbackTransport } from './loopback.ts';
import type { ScsiTransport } from './scsiTransport.ts';

/**
 * A drive of a virtual library that this process already has open (`virtual:<dir>?lun=n`, n ≥ 1).
 * It never opens the state directory — the changer's open owns it, and two opens would fight over
 * the lock — and closing it leaves the library running. Once the library is closed, commands
 * fail with NO_SUCH_DEVICE instead of reaching a library nobody saves any more.
 */
export class EmbeddedDriveTransport implements ScsiTransport {
  readonly #library: VirtualLibrary;
  readonly #loopback: LoopbackTransport;
  readonly description: string;

  private constructor(library: VirtualLibrary, loopback: LoopbackTransport, url: string) {
    this.#library = library;
    this.#loopback = loopback;
    this.description = url;
  }

  static open(url: string, dir: string, lun: number): EmbeddedDriveTransport {
    const library = embeddedLibrary(url);
    if (library === undefined || library.closed) {
      throw new ChangerError('NO_SUCH_DEVICE', `${url}: no virtual library in ${dir} is open in this process; a drive is reached through its library, so open the library first (virtual:${dir}?profile=…)`);
    }
    const device = library.deviceAtLun(lun);
    if (device === undefined) {
      const count = library.drives.length;
      throw new ChangerError('NO_SUCH_DEVICE', `${url}: the library in ${dir} has ${count} drive${count === 1 ? '' : 's'}, at LUN${count === 1 ? ' 1' : `s 1 to ${count}`}; there is no LUN ${lun}`);
    }
    const loopback = new LoopbackTransport(device, { initiator: `loopback:${process.pid}`, lun }, url);
    return new EmbeddedDriveTransport(library, loopback, url);
  }

  async execute(request: ScsiRequest): Promise<ScsiResult> {
    if (this.#library.closed) throw new ChangerError('NO_SUCH_DEVICE', `${this.description}: its library was closed`);
    return this.#loopback.execute(request);
  }

  close(): Promise<void> {
    return this.#loopback.close();
  }
}
