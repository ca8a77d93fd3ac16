/**
 * OPEN/CLOSE IMPORT/EXPORT ELEMENT (1Bh, SMC-3): the host extends or retracts a mailslot. Opening
 * is refused (05/53/02) while medium removal is prevented and the station holds cartridges
 * (Dell TL2000): an open mailslot would let the operator take them.
 */
import { ImportExportAction, Opcode, SENSE, parseOpenCloseImportExportElementCdb, senseFor } from '../../scsi/index.ts';
import { CheckCondition, type CommandSpec } from '../command.ts';
import { closeStation, openStation, stationHoldsMedia } from '../mailslotMechanics.ts';
import { invalidField } from '../senseForCondition.ts';

export const openCloseImportExportElement: CommandSpec = {
  opcode: Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT,
  name: 'OPEN/CLOSE IMPORT/EXPORT ELEMENT',
  cdbLength: 6,
  parse: parseOpenCloseImportExportElementCdb,
  nominalSeconds: (p) => Math.ceil(Math.max(p.timings.mailslotOpenMs, p.timings.mailslotCloseMs) / 1000),
  access: 'write',
  needsReady: true,
  available: (profile) => profile.ieStations.length > 0 && (profile.features.hostOpensIeport || profile.features.hostClosesIeport),
  // The ACTION field (byte 4, bits 4–0): bit 0 usable only where the host may close (action 1).
  usage: (profile) => ({ 4: profile.features.hostClosesIeport ? 0x01 : 0x00 }),
  operandFields: { destination: { byte: 2 } },
  async run({ cdb, library }) {
    const c = parseOpenCloseImportExportElementCdb(cdb);
    const info = library.map.get(c.elementAddress);
    if (info?.kind !== 'ieport' || info.station === null) throw new CheckCondition(senseFor(SENSE.INVALID_ELEMENT_ADDRESS, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 2 } }));
    const features = library.profile.features;
    if (c.action === ImportExportAction.OPEN) {
      if (!features.hostOpensIeport) throw new CheckCondition(invalidField(true, 4, 4));
      if (library.removalPrevented && stationHoldsMedia(library, info.station)) throw new CheckCondition(senseFor(SENSE.MEDIUM_REMOVAL_PREVENTED));
      await openStation(library, info.station);
      return;
    }
    if (!features.hostClosesIeport) throw new CheckCondition(invalidField(true, 4, 4));
    await closeStation(library, info.station);
  },
};
