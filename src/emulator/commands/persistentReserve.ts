/**
 * PERSISTENT RESERVE IN (READ KEYS, READ RESERVATION) and OUT (register, reserve, release, clear,
 * preempt): the state machine lives in persistentReservations.ts; these handlers parse and answer.
 */
import {
  Opcode,
  PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH,
  PersistentReservationScope,
  PersistentReserveInAction,
  SENSE,
  buildReadKeysData,
  buildReadReservationData,
  parsePersistentReserveInCdb,
  parsePersistentReserveOutCdb,
  parsePersistentReserveOutParameters,
  senseFor,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';

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
      default:
        // REPORT CAPABILITIES and READ FULL STATUS: not offered by this changer.
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
    session.persistentReservations.out(nexus.initiator, c.serviceAction, c.scope, c.type, p);
  },
};
