/**
 * PERSISTENT RESERVE IN (READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS) and
 * OUT (register, reserve, release, clear, preempt): the state machine lives in
 * persistentReservations.ts; these handlers parse and answer.
 */
import {
  Opcode,
  PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH,
  PersistentReservationScope,
  PersistentReservationType,
  PersistentReserveInAction,
  SENSE,
  buildIscsiTransportId,
  buildReadFullStatusData,
  buildReadKeysData,
  buildReadReservationData,
  buildReportCapabilitiesData,
  parsePersistentReserveInCdb,
  parsePersistentReserveOutCdb,
  parsePersistentReserveOutParameters,
  senseFor,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec } from '../command.ts';
import type { PersistentReservations } from '../persistentReservations.ts';
import { invalidField } from '../senseForCondition.ts';

/** Every type the state machine takes (persistentReservations.ts VALID_TYPES). */
const SUPPORTED_TYPES: number[] = Object.values(PersistentReservationType);
/** The library has one target port; SPC reserves identifier 0. */
const RELATIVE_TARGET_PORT = 1;

/**
 * What this device server can do, as REPORT CAPABILITIES says it (SPC-4 6.16.4): APTPL yes
 * (PTPL_C, and PTPL_A when the last registration asked for it); SPEC_I_PT and ALL_TG_PT no (REGISTER
 * refuses both); compatible reservation handling no (RESERVE conflicts with any registration);
 * every reservation type; ALLOW COMMANDS 0: no claim beyond the type mask.
 */
function capabilities(pr: PersistentReservations): Uint8Array {
  return buildReportCapabilitiesData({
    replaceLostReservationCapable: false,
    compatibleReservationHandling: false,
    specifyInitiatorPortsCapable: false,
    allTargetPortsCapable: false,
    persistThroughPowerLossCapable: true,
    typeMaskValid: true,
    allowCommands: 0,
    persistThroughPowerLossActivated: pr.persistThroughPowerLoss,
    types: SUPPORTED_TYPES,
  });
}

/** One descriptor per registered initiator, in registration order, each with its TransportID. */
function fullStatus(pr: PersistentReservations): Uint8Array {
  const held = pr.reservation;
  return buildReadFullStatusData({
    generation: pr.generation,
    descriptors: [...pr.registrations()].map(([initiator, key]) => ({
      key,
      allTargetPorts: false,
      reservationHolder: pr.holds(initiator),
      scope: PersistentReservationScope.LOGICAL_UNIT,
      type: held?.type ?? 0,
      relativeTargetPortIdentifier: RELATIVE_TARGET_PORT,
      transportId: buildIscsiTransportId(initiator),
    })),
  });
}

export const persistentReserveIn: CommandSpec = {
  opcode: Opcode.PERSISTENT_RESERVE_IN,
  name: 'PERSISTENT RESERVE IN',
  cdbLength: 10,
  parse: parsePersistentReserveInCdb,
  access: 'always',
  run({ cdb, session }) {
    const c = parsePersistentReserveInCdb(cdb);
    const pr = session.persistentReservations;
    switch (c.serviceAction) {
      case PersistentReserveInAction.READ_KEYS:
        return truncate(buildReadKeysData({ generation: pr.generation, keys: pr.keys() }), c.allocationLength);
      case PersistentReserveInAction.READ_RESERVATION: {
        const held = pr.reservation;
        const data =
          held === null
            ? buildReadReservationData({ generation: pr.generation })
            : buildReadReservationData({ generation: pr.generation, reservation: { key: pr.holderKey(), scope: PersistentReservationScope.LOGICAL_UNIT, type: held.type } });
        return truncate(data, c.allocationLength);
      }
      case PersistentReserveInAction.REPORT_CAPABILITIES:
        return truncate(capabilities(pr), c.allocationLength);
      case PersistentReserveInAction.READ_FULL_STATUS:
        return truncate(fullStatus(pr), c.allocationLength);
      default:
        throw new CheckCondition(invalidField(true, 1, 4));
    }
  },
};

export const persistentReserveOut: CommandSpec = {
  opcode: Opcode.PERSISTENT_RESERVE_OUT,
  name: 'PERSISTENT RESERVE OUT',
  cdbLength: 10,
  parse: parsePersistentReserveOutCdb,
  access: 'always',
  run({ cdb, dataOut, nexus, session }) {
    const c = parsePersistentReserveOutCdb(cdb);
    if (c.parameterListLength !== PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH || dataOut.length < PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH) {
      throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
    }
    const p = parsePersistentReserveOutParameters(dataOut.subarray(0, c.parameterListLength));
    if (p.specifyInitiatorPorts) throw new CheckCondition(invalidField(false, 20, 3));
    // ATP_C is 0 (REPORT CAPABILITIES): a registration for all target ports is refused like SPEC_I_PT.
    if (p.allTargetPorts) throw new CheckCondition(invalidField(false, 20, 2));
    session.persistentReservations.out(nexus.initiator, c.serviceAction, c.scope, c.type, p);
  },
};
