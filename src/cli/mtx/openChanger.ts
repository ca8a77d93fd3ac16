import type { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../shared/changerError.ts';
import { classDriverDevice } from './classDriverDevice.ts';
import { HeldByManager, isManager } from './managerHold.ts';
import type { MtxDeviceOpener } from './mtxDevice.ts';

/** How changer-mtx gets hold of a changer; tests pass their own. */
export type ChangerOpener = (url: string) => Promise<Changer>;

const DEFAULT_WAIT_SECONDS = 120;
const RETRY_MS = 200;

/**
 * How long to wait while another program holds the changer. Real mtx never waits: many
 * processes may send commands to one /dev/sg device and the changer serializes them. Here the
 * class driver holds a changer exclusively, so two backup jobs asking at once would see the
 * second fail; waiting for the first to finish (a move takes tens of seconds on real robots)
 * gives them what they had with mtx. CHANGER_MTX_WAIT (seconds, 0 = do not wait) changes it.
 */
export function busyWaitMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.CHANGER_MTX_WAIT ?? DEFAULT_WAIT_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_WAIT_SECONDS * 1000;
}

/**
 * Opens through the class driver with the registered device-URL resolver, loaded on first use.
 * Waits while another command holds the changer; a manager holds it for good, so that fails at once.
 */
export function defaultOpener(env: NodeJS.ProcessEnv): ChangerOpener {
  return async (url) => {
    const { holdKeyFor } = await import('../../driver/smc/connect.ts'); // also installs the device-URL resolver
    const { Changer } = await import('../../driver/changer.ts');
    const deadline = Date.now() + busyWaitMs(env);
    for (;;) {
      try {
        return await Changer.open(url, { owner: `changer-mtx (pid ${process.pid})` });
      } catch (e) {
        if (!isChangerError(e, 'DEVICE_BUSY')) throw e;
        const holder = (await import('../../driver/exclusiveHold.ts')).recordedHolderOf(holdKeyFor(url));
        if (isManager(holder)) throw new HeldByManager(url, holder);
        if (Date.now() >= deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
}

/**
 * The devices of a run: rsm:// URLs go to the manager that owns the library (its HTTP API, with
 * $CHANGER_TOKEN), everything else through the class driver with `open`.
 */
export function deviceOpener(open: ChangerOpener, env: NodeJS.ProcessEnv): MtxDeviceOpener {
  return async (url) => {
    if (/^rsm:/i.test(url)) return (await import('./rsm/rsmMtxDevice.ts')).openRsmMtxDevice(url, env);
    try {
      return classDriverDevice(await open(url));
    } catch (e) {
      // With $CHANGER_SERVER the backup script's -f line stays as it was: the manager that owns the device takes the commands.
      if (!(e instanceof HeldByManager) || env.CHANGER_SERVER === undefined || env.CHANGER_SERVER === '') throw e;
      const { managedLibraryUrl } = await import('./rsm/managedLibrary.ts');
      return (await import('./rsm/rsmMtxDevice.ts')).openRsmMtxDevice(await managedLibraryUrl(url, env), env);
    }
  };
}
