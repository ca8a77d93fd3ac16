import { isChangerError } from '../../shared/changerError.ts';
import { commandFailure } from './commandFailure.ts';
import { fatal, MtxFatal, ownLine } from './mtxFatal.ts';
import { formatInquiry } from './inquiryText.ts';
import type { MtxSession } from './mtxSession.ts';

/** inquiry, inventory, eject and erase: the commands that do not need the element status. */

export async function inquiry(session: MtxSession): Promise<void> {
  const changer = await session.device();
  try {
    session.streams.out.write(formatInquiry(await changer.productData()));
  } catch (e) {
    throw commandFailure(e, 'INQUIRY Command Failed');
  }
}

/**
 * INITIALIZE ELEMENT STATUS of everything, with a bar-code scan where the changer has a reader
 * (what 07h does on such changers). mtx prints no sense here, only its one line. The status
 * read before is forgotten: the inventory is asked for because it may be wrong.
 */
export async function inventory(session: MtxSession): Promise<void> {
  const changer = await session.device();
  try {
    await changer.inventory();
  } catch (e) {
    if (!isChangerError(e)) throw e;
    // Without sense the refusal came from the driver or the manager; say why before mtx's line.
    throw new MtxFatal((e.sense === undefined ? ownLine(e.message) : '') + 'mtx:inventory failed\n');
  }
  session.remember(undefined);
}

/**
 * mtx sends LOAD/UNLOAD (eject) to the device, which on autoloaders presents the magazine to
 * the operator. The class driver's way to hand cartridges to the operator is extending the
 * first import/export port, so that is what eject does. As in mtx, a failure is reported but
 * does not fail the command.
 */
export async function eject(session: MtxSession): Promise<void> {
  const changer = await session.device();
  try {
    await changer.presentPort();
  } catch (e) {
    if (!isChangerError(e)) throw e;
    session.streams.err.write((e.sense === undefined ? ownLine(e.message) : '') + 'mtx:eject failed\n');
  }
}

/** mtx's short ERASE is for tape drives; a changer has no medium of its own to erase. */
export async function erase(session: MtxSession): Promise<void> {
  await session.device();
  throw fatal('changer-mtx: erase is a tape drive command; send it to the drive, not the changer');
}
