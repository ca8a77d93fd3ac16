import { AccessControl } from '../../driver/requests.ts';
import { ElementType } from '../../driver/elementType.ts';
import { elementCount } from '../../driver/changerParameters.ts';
import { Features0, hasFeature } from '../../driver/features.ts';
import { isChangerError } from '../../driver/changerError.ts';
import { commandFailure } from './commandFailure.ts';
import { fatal } from './mtxFatal.ts';
import { formatInquiry } from './inquiryText.ts';
import type { MtxSession } from './mtxSession.ts';

/** inquiry, inventory, eject and erase: the commands that do not need the element status. */

export async function inquiry(session: MtxSession): Promise<void> {
  const changer = await session.device();
  try {
    session.streams.out.write(formatInquiry(await changer.getProductData()));
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
    const p = await changer.getParameters();
    const barCodeScan = hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED);
    await changer.initializeElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: elementCount(p, ElementType.AllElements), barCodeScan });
  } catch (e) {
    if (!isChangerError(e)) throw e;
    throw fatal('mtx:inventory failed');
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
    await changer.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.ExtendIEPort);
  } catch (e) {
    if (!isChangerError(e)) throw e;
    session.streams.err.write('mtx:eject failed\n');
  }
}

/** mtx's short ERASE is for tape drives; a changer has no medium of its own to erase. */
export async function erase(session: MtxSession): Promise<void> {
  await session.device();
  throw fatal('changer-mtx: erase is a tape drive command; send it to the drive, not the changer');
}
