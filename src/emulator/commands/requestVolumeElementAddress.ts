/**
 * REQUEST VOLUME ELEMENT ADDRESS (B5h): the elements the initiator's last SEND VOLUME TAG
 * translate found, from an element address on, as element status pages.
 */
import { Opcode, SENSE, buildVolumeElementAddressData, parseRequestVolumeElementAddressCdb, senseFor, ElementTypeCode } from '../../scsi/index.ts';
import { CheckCondition, type CommandSpec } from '../command.ts';
import { KIND_OF_TYPE, elementStatusPages } from '../elementDescriptors.ts';
import type { ElementInfo } from '../elementMap.ts';
import { invalidField } from '../senseForCondition.ts';

export const requestVolumeElementAddress: CommandSpec = {
  opcode: Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS,
  name: 'REQUEST VOLUME ELEMENT ADDRESS',
  cdbLength: 12,
  parse: parseRequestVolumeElementAddressCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, nexus, library, session }) {
    const c = parseRequestVolumeElementAddressCdb(cdb);
    if (c.volumeTag && !library.profile.features.barcodeReader) throw new CheckCondition(invalidField(true, 1, 4));
    const translation = session.translations.get(nexus.initiator);
    if (translation === undefined) throw new CheckCondition(senseFor(SENSE.COMMAND_SEQUENCE_ERROR));
    const kind = c.elementType === ElementTypeCode.ALL ? undefined : KIND_OF_TYPE[c.elementType];
    const elements = translation.addresses
      .filter((a) => a >= c.elementAddress)
      .map((a) => library.map.get(a))
      .filter((e): e is ElementInfo => e !== undefined && (kind === undefined || e.kind === kind))
      .slice(0, c.numberOfElements);
    const pages = elementStatusPages(library, elements, { volumeTags: c.volumeTag, deviceIds: false });
    return buildVolumeElementAddressData(pages, { sendActionCode: translation.sendActionCode, allocationLength: c.allocationLength });
  },
};
