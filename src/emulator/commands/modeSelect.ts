/**
 * MODE SELECT(6)/(10): a page may be sent back as sensed; only D_SENSE of the control page may
 * differ. Anything else changed is 26/00 pointing at the page. SP = 1 saves (and survives power
 * cycles) where the profile's pages are saveable; other initiators then hear 2A/01.
 */
import {
  ModePageControl,
  Opcode,
  SENSE,
  encodeModePage,
  modePageCode,
  parseModeParameterList,
  parseModeSelect10Cdb,
  parseModeSelect6Cdb,
  senseFor,
  type ModePage,
} from '../../scsi/index.ts';
import { CheckCondition, type CommandContext, type CommandSpec } from '../command.ts';
import { SUPPORTED_MODE_PAGES, modePage } from '../modeParameters.ts';
import { invalidField } from '../senseForCondition.ts';

function withoutSaveable(page: ModePage): Buffer {
  return encodeModePage({ ...page, parametersSaveable: false });
}

/** D_SENSE requested by `page`, after checking every other field equals the current value. */
function acceptPage(context: CommandContext, page: ModePage, offset: number): boolean | undefined {
  const code = modePageCode(page);
  if (!SUPPORTED_MODE_PAGES.includes(code) || page.kind === 'raw') throw new CheckCondition(invalidField(false, offset, 5));
  const current = modePage(context.library, context.session, code, ModePageControl.CURRENT);
  if (page.kind === 'control' && current.kind === 'control') {
    if (!withoutSaveable({ ...current, descriptorSense: page.descriptorSense }).equals(withoutSaveable(page))) throw new CheckCondition(invalidField(false, offset));
    return page.descriptorSense;
  }
  if (!withoutSaveable(current).equals(withoutSaveable(page))) throw new CheckCondition(invalidField(false, offset));
  return undefined;
}

function select(context: CommandContext, cdbLength: 6 | 10): void {
  const c = cdbLength === 6 ? parseModeSelect6Cdb(context.cdb) : parseModeSelect10Cdb(context.cdb);
  const { library, session, nexus } = context;
  if (!c.pageFormat) throw new CheckCondition(invalidField(true, 1, 4));
  if (c.savePages && !library.profile.features.modePagesSavable) throw new CheckCondition(invalidField(true, 1, 0));
  if (c.parameterListLength === 0) return;
  if (context.dataOut.length < c.parameterListLength) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
  const list = parseModeParameterList(context.dataOut.subarray(0, c.parameterListLength), { cdbLength, purpose: 'select' });
  const headerLength = cdbLength === 6 ? 4 : 8;
  if (list.blockDescriptors.length > 0) throw new CheckCondition(invalidField(false, cdbLength === 6 ? 3 : 6));
  let offset = headerLength;
  let descriptorSense: boolean | undefined;
  for (const page of list.pages) {
    const requested = acceptPage(context, page, offset);
    if (requested !== undefined) descriptorSense = requested;
    offset += encodeModePage(page).length;
  }
  if (descriptorSense === undefined) return;
  const changed = descriptorSense !== session.descriptorSense;
  session.descriptorSense = descriptorSense;
  if (c.savePages) {
    library.state.savedMode = { descriptorSense };
    library.commit();
  }
  if (changed) library.attentions.broadcast('mode-parameters-changed', nexus.initiator);
}

export const modeSelect6: CommandSpec = {
  opcode: Opcode.MODE_SELECT_6,
  name: 'MODE SELECT(6)',
  cdbLength: 6,
  parse: parseModeSelect6Cdb,
  access: 'write',
  run: (context) => select(context, 6),
};

export const modeSelect10: CommandSpec = {
  opcode: Opcode.MODE_SELECT_10,
  name: 'MODE SELECT(10)',
  cdbLength: 10,
  parse: parseModeSelect10Cdb,
  access: 'write',
  run: (context) => select(context, 10),
};
