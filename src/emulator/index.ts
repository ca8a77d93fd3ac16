/**
 * src/emulator: the virtual library — an SMC-3 medium changer that behaves like real hardware,
 * with SSC-3 tape drives (lib.drives[k], LUN 1 + k) whose cartridges carry labels and records.
 *
 * Open one:
 *
 *   const lib = await VirtualLibrary.open({ dir: './data/library', profile: 'library-24', clock });
 *   await lib.device.execute({ initiator: 'iqn.host-a', lun: 0 }, { cdb, dataInLength: 255 });
 *   await lib.frontPanel.openMailslot();       // what an operator does
 *   lib.faults.inject({ kind: 'robot-jam' });   // what goes wrong
 *   await lib.close();                          // state saved; reopen later, every cartridge in place
 *
 * Device URLs (DESIGN §3) map onto openVirtualLibraryUrl():
 *
 *   virtual:<dir>?profile=<name>[&clock=real|virtual|<n>x]
 *
 * `dir` holds library-state.json (rewritten atomically after every change) and a lock file; the
 * profile is a built-in name (BUILT_IN_PROFILES) or a .json path, and may be left out when the
 * directory already holds a library. clock=virtual runs the mechanics in discrete-event time
 * (a 12 s move completes at once, now() says 12 s later); <n>x runs them n times faster.
 */
export { RealClock, ScaledClock, VirtualClock, type Clock, type VirtualClockOptions } from '../shared/clock.ts';
export { VirtualLibrary, clockFromSpec, type CartridgeLocation, type TapeEvent, type VirtualLibraryOptions } from './virtualLibrary.ts';
export { SmcDevice, CHANGER_LUN } from './smcDevice.ts';
export { SscDevice } from './ssc/sscDevice.ts';
export { driveLun, driveIndexOfLun } from './lunLayout.ts';
export { TAPE_CAPACITY_BYTES, ansiVolumeLabelRecord, type TapeEntry } from './tapeContents.ts';
export { FrontPanel, FrontPanelError, type CartridgeInHand, type FrontPanelErrorCode, type FrontPanelStatus } from './frontPanel.ts';
export { FaultInjector, type Fault, type FaultSchedule } from './faults.ts';
export { EmulatorError, type EmulatorErrorCode } from './emulatorError.ts';
export { BUILT_IN_PROFILES, loadProfile, loadProfileFile } from './profiles.ts';
export { validateProfile } from './profileValidation.ts';
export type { Profile, ElementKind, MediumKind } from './profile.ts';
export type { Cartridge, CartridgeSpec } from './cartridge.ts';
export { ChangerTapeAlert, DriveTapeAlert } from './tapeAlert.ts';
export { STATE_FILE_NAME } from './persistence.ts';

import { clockFromSpec, VirtualLibrary } from './virtualLibrary.ts';
import { EmulatorError } from './emulatorError.ts';

/**
 * Opens the library a `virtual:` device URL names. `dir` is taken as written (relative to the
 * working directory); `profile` and `clock` come from the query.
 */
export async function openVirtualLibraryUrl(url: string, options: { seed?: number; powerOn?: boolean } = {}): Promise<VirtualLibrary> {
  if (!url.startsWith('virtual:')) throw new EmulatorError('BAD_URL', `"${url}" is not a virtual: device URL (virtual:<dir>?profile=<name>).`);
  const rest = url.slice('virtual:'.length);
  const q = rest.indexOf('?');
  const dir = q < 0 ? rest : rest.slice(0, q);
  if (dir === '') throw new EmulatorError('BAD_URL', `"${url}" names no directory (virtual:<dir>?profile=<name>).`);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  const profile = params.get('profile') ?? undefined;
  return VirtualLibrary.open({ dir, ...(profile === undefined ? {} : { profile }), clock: clockFromSpec(params.get('clock') ?? undefined), ...options });
}
