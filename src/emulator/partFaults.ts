/**
 * What a part fault does to the library when it strikes or is repaired (faults.ts decides when):
 * a drive that will not release its cartridge, an element out of service, a label the reader
 * cannot read. The TapeAlert flags the state implies follow at once.
 */
import { rescanLabels } from './cartridge.ts';
import type { Fault } from './faults.ts';
import type { Library } from './library.ts';
import { ChangerTapeAlert } from './tapeAlert.ts';

export function applyPartFault(library: Library, fault: Fault, on: boolean): void {
  switch (fault.kind) {
    case 'drive-stuck':
      library.resolveElement(fault.address, 'source', ['drive']);
      library.state.element(fault.address).stuck = on;
      break;
    case 'element-disabled':
      library.resolveElement(fault.address, 'source', ['transport', 'slot', 'ieport', 'drive']);
      library.state.element(fault.address).disabled = on;
      break;
    case 'label-unreadable': {
      const found = library.findCartridge(fault.barcode);
      if (found === undefined) throw new RangeError(`no cartridge labelled ${fault.barcode}`);
      found.labelUnreadable = on;
      rescanLabels(found);
      library.state.touchAll(); // an edit in place of a cartridge found by label, wherever it is: the next save is a snapshot
      if (on) {
        library.tapeAlert.raise(ChangerTapeAlert.UNREADABLE_BAR_CODE_LABELS);
        library.tapeAlert.raise(ChangerTapeAlert.LIBRARY_SCAN_RETRY);
      }
      break;
    }
    default:
      return;
  }
  library.refreshConditionFlags();
  library.commit();
}
