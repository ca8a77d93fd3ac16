/**
 * MODE SENSE(6)/(10): pages 0Ah, 1Dh, 1Eh, 1Fh or all (3Fh), in any page control. A changer has
 * no block descriptors, so DBD changes nothing: Linux `ch`, mtx and PBS all read page 1Dh at
 * offset 4 + block descriptor length (smc.md §1.2), and PBS insists on mode data length 23.
 */
import {
  ALL_MODE_PAGES,
  ModePageControl,
  Opcode,
  SENSE,
  buildModeParameterList,
  parseModeSense10Cdb,
  parseModeSense6Cdb,
  senseFor,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandContext, type CommandSpec } from '../command.ts';
import { SUPPORTED_MODE_PAGES, modePage } from '../modeParameters.ts';
import { invalidField } from '../senseForCondition.ts';

/** Subpage FFh with page 3Fh means "all subpages": this changer has none beyond subpage 0. */
const ALL_SUBPAGES = 0xff;

function sense(context: CommandContext, cdbLength: 6 | 10): Uint8Array {
  const c = cdbLength === 6 ? parseModeSense6Cdb(context.cdb) : parseModeSense10Cdb(context.cdb);
  const { library, session } = context;
  const all = c.pageCode === ALL_MODE_PAGES;
  if (!all && !SUPPORTED_MODE_PAGES.includes(c.pageCode)) throw new CheckCondition(invalidField(true, 2, 5));
  if (c.subpageCode !== 0 && !(all && c.subpageCode === ALL_SUBPAGES)) throw new CheckCondition(invalidField(true, 3));
  if (c.pageControl === ModePageControl.SAVED && !library.profile.features.modePagesSavable) {
    throw new CheckCondition(senseFor(SENSE.SAVING_PARAMETERS_NOT_SUPPORTED));
  }
  const codes = all ? SUPPORTED_MODE_PAGES : [c.pageCode];
  const pages = codes.map((code) => modePage(library, session, code, c.pageControl));
  const list = buildModeParameterList({ mediumType: 0, deviceSpecificParameter: 0, longLba: false, blockDescriptors: [], pages }, { cdbLength, purpose: 'sense' });
  return truncate(list, c.allocationLength);
}

export const modeSense6: CommandSpec = {
  opcode: Opcode.MODE_SENSE_6,
  name: 'MODE SENSE(6)',
  cdbLength: 6,
  parse: parseModeSense6Cdb,
  access: 'read',
  run: (context) => sense(context, 6),
};

export const modeSense10: CommandSpec = {
  opcode: Opcode.MODE_SENSE_10,
  name: 'MODE SENSE(10)',
  cdbLength: 10,
  parse: parseModeSense10Cdb,
  access: 'read',
  run: (context) => sense(context, 10),
};
