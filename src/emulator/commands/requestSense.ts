/**
 * REQUEST SENSE: hands out one pending unit attention per call (mtx drains up to ten this way),
 * then the library's pollable state (becoming ready, door open), then NO SENSE.
 */
import { Opcode, SENSE, buildSenseData, parseRequestSenseCdb, senseFor, toDescriptorFormat, type FixedSenseData } from '../../scsi/index.ts';
import { truncate, type CommandContext, type CommandSpec } from '../command.ts';
import { LIBRARY_SENSE, becomingReady, senseForAttention } from '../senseForCondition.ts';

function currentSense({ nexus, library }: CommandContext): FixedSenseData {
  const attention = library.attentions.take(nexus.initiator);
  if (attention !== undefined) return senseForAttention(attention);
  if (library.notReady !== null) return becomingReady(library.progress);
  if (library.state.doorOpen) return senseFor(LIBRARY_SENSE.DOOR_OPEN);
  return senseFor(SENSE.NO_SENSE);
}

export const requestSense: CommandSpec = {
  opcode: Opcode.REQUEST_SENSE,
  name: 'REQUEST SENSE',
  cdbLength: 6,
  parse: parseRequestSenseCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run(context) {
    const cdb = parseRequestSenseCdb(context.cdb);
    const sense = currentSense(context);
    return truncate(buildSenseData(cdb.descriptorFormat ? toDescriptorFormat(sense) : sense), cdb.allocationLength);
  },
};
