/**
 * SEND VOLUME TAG (B6h), smc.md §1.7: translate a tag template (wildcards allowed) into the
 * elements holding matching media — read back with REQUEST VOLUME ELEMENT ADDRESS — or assert,
 * replace or undefine the primary/alternate tag of one cartridge.
 */
import {
  Opcode,
  SENSE,
  SendVolumeTagAction,
  isTranslateAction,
  parseSendVolumeTagCdb,
  parseSendVolumeTagParameters,
  senseFor,
  SEND_VOLUME_TAG_PARAMETERS_LENGTH,
  type SendVolumeTagParameters,
} from '../../scsi/index.ts';
import { alternateTag, primaryTag, type Cartridge } from '../cartridge.ts';
import { CheckCondition, type CommandContext, type CommandSpec } from '../command.ts';
import type { Profile, VolumeTagActionGroup } from '../profile.ts';
import { invalidField } from '../senseForCondition.ts';
import { volumeTagMatcher } from '../volumeTagTemplate.ts';
import { selectElements } from './readElementStatus.ts';

const ALTERNATE_ACTIONS: readonly number[] = [
  SendVolumeTagAction.TRANSLATE_ALTERNATE,
  SendVolumeTagAction.TRANSLATE_ALTERNATE_IGNORE_SEQUENCE,
  SendVolumeTagAction.ASSERT_ALTERNATE,
  SendVolumeTagAction.REPLACE_ALTERNATE,
  SendVolumeTagAction.UNDEFINE_ALTERNATE,
];

/** Which tags a translate looks at. */
function tagsToSearch(action: number, c: Cartridge): (string | null)[] {
  switch (action) {
    case SendVolumeTagAction.TRANSLATE_PRIMARY:
    case SendVolumeTagAction.TRANSLATE_PRIMARY_IGNORE_SEQUENCE:
      return [primaryTag(c)];
    case SendVolumeTagAction.TRANSLATE_ALTERNATE:
    case SendVolumeTagAction.TRANSLATE_ALTERNATE_IGNORE_SEQUENCE:
      return [alternateTag(c)];
    default:
      return [primaryTag(c), alternateTag(c)];
  }
}

/** Every tag here has volume sequence number 0; actions 0–2 compare it with the requested range. */
function sequenceMatches(action: number, p: SendVolumeTagParameters): boolean {
  if (action >= SendVolumeTagAction.TRANSLATE_ALL_IGNORE_SEQUENCE) return true;
  return p.minimumSequenceNumber === 0;
}

function translate(context: CommandContext, action: number, type: number, start: number, p: SendVolumeTagParameters): void {
  const { library, nexus, session } = context;
  const matches = volumeTagMatcher(p.volumeIdentificationTemplate);
  const addresses = selectElements(library, type, start, 0xffff, 2)
    .filter((e) => library.isMagazinePresent(e))
    .filter((e) => {
      const cartridge = library.state.element(e.address).cartridge;
      if (cartridge === null || !sequenceMatches(action, p)) return false;
      return tagsToSearch(action, cartridge).some((tag) => tag !== null && matches(tag));
    })
    .map((e) => e.address);
  session.translations.set(nexus.initiator, { sendActionCode: action, addresses });
}

/** Sets one tag of the side facing up (primary) or the other side (alternate). */
function setTag(c: Cartridge, alternate: boolean, value: string | null): void {
  const sideB = c.flipped !== alternate;
  if (sideB) c.tagB = value;
  else c.tagA = value;
}

function defineTag(context: CommandContext, action: number, address: number, p: SendVolumeTagParameters): void {
  const { library } = context;
  const info = library.map.get(address);
  if (info === undefined) throw new CheckCondition(senseFor(SENSE.INVALID_ELEMENT_ADDRESS, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 2 } }));
  const cartridge = library.isMagazinePresent(info) ? library.state.element(address).cartridge : null;
  if (cartridge === null) throw new CheckCondition(senseFor(SENSE.MEDIUM_SOURCE_ELEMENT_EMPTY));
  const alternate = ALTERNATE_ACTIONS.includes(action);
  const current = alternate ? alternateTag(cartridge) : primaryTag(cartridge);
  if (action === SendVolumeTagAction.UNDEFINE_PRIMARY || action === SendVolumeTagAction.UNDEFINE_ALTERNATE) {
    setTag(cartridge, alternate, null);
  } else {
    // Assert only defines a missing tag; an empty template defines nothing.
    const asserting = action === SendVolumeTagAction.ASSERT_PRIMARY || action === SendVolumeTagAction.ASSERT_ALTERNATE;
    if ((asserting && current !== null) || p.volumeIdentificationTemplate === '') throw new CheckCondition(invalidField(false, 0));
    setTag(cartridge, alternate, p.volumeIdentificationTemplate);
  }
  library.state.touch(address); // an edit in place: the state journal records it only if told
  library.commit();
}

const GROUP_ACTIONS: Readonly<Record<VolumeTagActionGroup, readonly number[]>> = {
  translate: [0x0, 0x1, 0x2, 0x4, 0x5, 0x6],
  assert: [SendVolumeTagAction.ASSERT_PRIMARY, SendVolumeTagAction.ASSERT_ALTERNATE],
  replace: [SendVolumeTagAction.REPLACE_PRIMARY, SendVolumeTagAction.REPLACE_ALTERNATE],
  undefine: [SendVolumeTagAction.UNDEFINE_PRIMARY, SendVolumeTagAction.UNDEFINE_ALTERNATE],
};

/** The send action codes this library model accepts. */
function acceptedActions(profile: Profile): number[] {
  return profile.features.volumeTagActions
    .flatMap((g) => GROUP_ACTIONS[g])
    .filter((a) => profile.features.alternateVolumeTags || !ALTERNATE_ACTIONS.includes(a));
}

export const sendVolumeTag: CommandSpec = {
  opcode: Opcode.SEND_VOLUME_TAG,
  name: 'SEND VOLUME TAG',
  cdbLength: 12,
  parse: parseSendVolumeTagCdb,
  access: 'write',
  needsReady: true,
  // The SEND ACTION CODE field (byte 5): the bits of the codes this model accepts.
  usage: (profile) => ({ 5: acceptedActions(profile).reduce((mask, a) => mask | a, 0) }),
  run(context) {
    const c = parseSendVolumeTagCdb(context.cdb);
    const action = c.sendActionCode;
    if (!acceptedActions(context.library.profile).includes(action)) throw new CheckCondition(invalidField(true, 5, 4));
    if (c.parameterListLength < SEND_VOLUME_TAG_PARAMETERS_LENGTH) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
    const list = context.dataOut.subarray(0, c.parameterListLength);
    const translating = isTranslateAction(action);
    const p = parseSendVolumeTagParameters(list, { allowWildcards: translating });
    if (translating) translate(context, action, c.elementType, c.elementAddress, p);
    else defineTag(context, action, c.elementAddress, p);
  },
};
