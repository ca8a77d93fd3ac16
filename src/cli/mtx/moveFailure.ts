import { isChangerError, type ChangerError } from '../../shared/changerError.ts';
import { commandFailure } from './commandFailure.ts';
import { fatal, type MtxFatal } from './mtxFatal.ts';

type Condition = 'cleaner' | 'offline' | 'destination-full' | 'source-empty' | undefined;

/** mtx looks at ASC/ASCQ only, whatever the sense key. */
function fromSense(asc: number, ascq: number): Condition {
  if (asc === 0x30 && ascq === 0x03) return 'cleaner';
  if (asc === 0x3a && ascq === 0x00) return 'offline';
  if (asc === 0x3b && ascq === 0x0d) return 'destination-full';
  if (asc === 0x3b && ascq === 0x0e) return 'source-empty';
  return undefined;
}

/** The same conditions when the driver, not the device, found them (no sense to look at). */
function fromCode(e: ChangerError): Condition {
  switch (e.code) {
    case 'CLEANER_CARTRIDGE_INSTALLED':
      return 'cleaner';
    case 'DESTINATION_ELEMENT_FULL':
      return 'destination-full';
    case 'SOURCE_ELEMENT_EMPTY':
      return 'source-empty';
    default:
      return undefined;
  }
}

/**
 * A failed MOVE or EXCHANGE MEDIUM in mtx's words. mtx names raw SCSI element addresses; the
 * driver API has none (DESIGN §1), so the address is the one the SMC miniclass attached to the
 * error (the element the failure is about), and otherwise mtx's slot or drive number.
 */
export function moveFailure(e: unknown, command: 'MOVE MEDIUM' | 'EXCHANGE MEDIUM', source: number, destination: number): MtxFatal {
  if (!isChangerError(e)) throw e;
  switch (e.sense !== undefined ? fromSense(e.sense.asc, e.sense.ascq) : fromCode(e)) {
    case 'cleaner':
      return fatal('Cleaning Cartridge Installed and Ejected');
    case 'offline':
      return fatal('Drive needs offline before move');
    case 'destination-full':
      return fatal(`Destination Element Address ${e.elementAddress ?? destination} is Already Full`);
    case 'source-empty':
      return fatal(`Source Element Address ${e.elementAddress ?? source} is Empty`);
    case undefined:
      return commandFailure(e, `${command} from Element Address ${source} to ${destination} Failed`);
  }
}
