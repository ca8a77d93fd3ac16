// The mailslot as the robot finds it: open to the operator (its positions report no robot
// access, and a move into them fails 02/3A/02) or closed, and how many of its positions are free.
// A library that lets a host close it (CHANGER_CLOSE_IEPORT) is closed by the manager; for one
// whose operator closes it, the manager asks the operator, as NTMS does, instead of failing.
import { isChangerError } from '../../../shared/changerError.ts';
import { ElementStatusFlags, ExceptionCode, hasFlag, isFull } from '../../../driver/elementStatus.ts';
import { ElementType } from '../../../driver/elementType.ts';
import { Features0, hasFeature } from '../../../driver/features.ts';
import { AccessControl } from '../../../driver/requests.ts';
import type { MailslotClosing } from '../../service.ts';
import type { OwnedLibrary } from '../library/index.ts';
import type { OperatorDesk } from '../requests/index.ts';
import type { Medium } from '../../catalog/index.ts';

/** Reason of the operator request to close a mailslot the host cannot close (one open at a time). */
export const CLOSE_MAILSLOT_REASON = 'close-mailslot';

export interface MailslotState {
  /** Some position is present but out of the robot's reach: the operator has the mailslot open. */
  readonly open: boolean;
  /** Positions present and empty. */
  readonly free: number;
}

/** READ ELEMENT STATUS of the mailslot positions (a magazine pulled out counts neither way). */
export async function readMailslot(runtime: OwnedLibrary): Promise<MailslotState> {
  const changer = runtime.changer;
  const count = changer?.cachedParameters.numberIEElements ?? 0;
  if (changer === undefined || count === 0) return { open: false, free: 0 };
  const ports = await changer.getElementStatus({ element: { type: ElementType.IEPort, index: 0 }, count, volumeTagInfo: false });
  const present = ports.filter((p) => p.exceptionCode !== ExceptionCode.SlotNotPresent);
  return {
    open: present.some((p) => !hasFlag(p, ElementStatusFlags.ACCESS)),
    free: present.filter((p) => !isFull(p)).length,
  };
}

/** The host may close this library's mailslot (CLOSE IMPORT/EXPORT ELEMENT). */
export function hostClosesMailslot(runtime: OwnedLibrary): boolean {
  const features = runtime.changer?.cachedParameters.features0;
  return features !== undefined && hasFeature(features, Features0.CLOSE_IEPORT);
}

/**
 * Close the mailslot where the library lets a host do it; true when it is closed afterwards.
 * OPEN/CLOSE IMPORT/EXPORT ELEMENT is one opcode, so a library that opens on command seems to
 * close on command too; one that refuses CLOSE (05/24/00, IBM TS3100 style) is the operator's to close.
 */
export async function closeMailslot(runtime: OwnedLibrary): Promise<boolean> {
  if (!(await readMailslot(runtime)).open) return true;
  if (!hostClosesMailslot(runtime)) return false;
  try {
    await runtime.changer?.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.RetractIEPort);
  } catch (error) {
    if (isChangerError(error, 'INVALID_PARAMETER') || isChangerError(error, 'INVALID_DEVICE_REQUEST')) return false;
    throw error;
  }
  return !(await readMailslot(runtime)).open;
}

export function closeMailslotMessage(library: string): string {
  return `Close the mailslot of library ${library} (the library does not let a host close it), then complete this request.`;
}

/**
 * `mailslot close` for an operator or script: closed by command where the library accepts it;
 * otherwise one operator request to close it (the same one while it stays open).
 */
export async function closeMailslotFor(runtime: OwnedLibrary, desk: OperatorDesk): Promise<MailslotClosing> {
  if (await closeMailslot(runtime)) {
    runtime.requestReconcile('mailslot closed');
    return { library: runtime.name, state: 'closed', operatorRequest: null };
  }
  const libraryId = runtime.library?.id ?? null;
  // The catalog merges open requests by reason and barcode; without a barcode that is done here.
  const open = libraryId === null ? [] : await desk.open(libraryId);
  const operatorRequest = open.find((r) => r.reason === CLOSE_MAILSLOT_REASON) ?? (await desk.submit({ kind: 'device-service', libraryId, reason: CLOSE_MAILSLOT_REASON, message: closeMailslotMessage(runtime.name) }));
  return { library: runtime.name, state: 'waiting-for-operator', operatorRequest };
}

/** How many of these media an eject still has to put into the mailslot (those neither there nor out already). */
export function mediaBoundForMailslot(media: readonly (Pick<Medium, 'location'> | undefined)[]): number {
  return media.filter((m) => m !== undefined && m.location.type !== 'ieport' && m.location.type !== 'outside').length;
}

