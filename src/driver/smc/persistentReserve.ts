import { buildPersistentReserveInCdb, PersistentReserveInAction } from '../../scsi/cdb/persistentReserveIn.ts';
import { buildPersistentReserveOutCdb, PersistentReserveOutAction } from '../../scsi/cdb/persistentReserveOut.ts';
import { buildPersistentReserveOutParameters, PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH } from '../../scsi/data/persistentReserveOutParameters.ts';
import { parseReadKeysData } from '../../scsi/data/readKeysData.ts';
import { parseReadReservationData } from '../../scsi/data/readReservationData.ts';
import { ChangerError, isChangerError } from '../../shared/changerError.ts';
import { formatReservationKey, ReservationType, type PersistentReservationState, type PersistentReserveOutRequest } from '../persistentReservation.ts';
import type { CommandRunner } from './commandRunner.ts';

/**
 * PERSISTENT RESERVE IN/OUT (5Eh/5Fh) for the SMC miniclass. A changer without them answers
 * 05/20/00, which the sense table turns into INVALID_DEVICE_REQUEST: the caller's sign that this
 * device cannot fence.
 */

/** Room for 32 registrants at first; a longer list is read again with the length it reported. */
const FIRST_KEYS_ALLOCATION = 8 + 8 * 32;
const MAX_ALLOCATION = 0xffff;
const READ_RESERVATION_LENGTH = 24;
const TYPES: readonly number[] = Object.values(ReservationType);

export async function readPersistentReservations(runner: CommandRunner, timeoutMs: number): Promise<PersistentReservationState> {
  const { generation, keys } = await readKeys(runner, timeoutMs);
  const r = await runner.run(buildPersistentReserveInCdb({ serviceAction: PersistentReserveInAction.READ_RESERVATION, allocationLength: READ_RESERVATION_LENGTH }), {
    name: 'PERSISTENT RESERVE IN (READ RESERVATION)', timeoutMs, dataInLength: READ_RESERVATION_LENGTH,
  });
  const held = parseReadReservationData(r.dataIn).reservation;
  if (held !== undefined && !TYPES.includes(held.type)) {
    throw new ChangerError('IO_DEVICE_ERROR', `PERSISTENT RESERVE IN (READ RESERVATION): the changer reports reservation type ${held.type}, which SPC does not define`);
  }
  const reservation = held === undefined ? undefined : { key: held.key, type: held.type as ReservationType };
  return { generation, keys, reservation };
}

async function readKeys(runner: CommandRunner, timeoutMs: number): Promise<{ generation: number; keys: bigint[] }> {
  let allocation = FIRST_KEYS_ALLOCATION;
  for (;;) {
    const r = await runner.run(buildPersistentReserveInCdb({ serviceAction: PersistentReserveInAction.READ_KEYS, allocationLength: allocation }), {
      name: 'PERSISTENT RESERVE IN (READ KEYS)', timeoutMs, dataInLength: allocation,
    });
    const data = parseReadKeysData(r.dataIn);
    if (!data.truncated || allocation === MAX_ALLOCATION) return { generation: data.generation, keys: data.keys };
    // The header says how long the whole list is: ask once more for all of it.
    allocation = Math.min(MAX_ALLOCATION, 8 + Buffer.from(r.dataIn).readUInt32BE(4));
  }
}

interface OutFields {
  readonly serviceAction: PersistentReserveOutAction;
  readonly key: bigint;
  readonly serviceActionKey: bigint;
  readonly type: number;
  readonly name: string;
}

function outFields(request: PersistentReserveOutRequest): OutFields {
  switch (request.action) {
    case 'register':
      return { serviceAction: PersistentReserveOutAction.REGISTER, key: request.key, serviceActionKey: request.newKey, type: 0, name: 'REGISTER' };
    case 'register-ignore-existing':
      return { serviceAction: PersistentReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY, key: 0n, serviceActionKey: request.newKey, type: 0, name: 'REGISTER AND IGNORE EXISTING KEY' };
    case 'reserve':
      return { serviceAction: PersistentReserveOutAction.RESERVE, key: request.key, serviceActionKey: 0n, type: request.type, name: 'RESERVE' };
    case 'release':
      return { serviceAction: PersistentReserveOutAction.RELEASE, key: request.key, serviceActionKey: 0n, type: request.type, name: 'RELEASE' };
    case 'clear':
      return { serviceAction: PersistentReserveOutAction.CLEAR, key: request.key, serviceActionKey: 0n, type: 0, name: 'CLEAR' };
    case 'preempt':
      return { serviceAction: PersistentReserveOutAction.PREEMPT, key: request.key, serviceActionKey: request.victimKey, type: request.type, name: 'PREEMPT' };
  }
}

export async function sendPersistentReserveOut(runner: CommandRunner, request: PersistentReserveOutRequest, timeoutMs: number): Promise<void> {
  const f = outFields(request);
  const parameters = buildPersistentReserveOutParameters({
    reservationKey: f.key, serviceActionReservationKey: f.serviceActionKey,
    specifyInitiatorPorts: false, allTargetPorts: false, activatePersistThroughPowerLoss: false,
  });
  const name = `PERSISTENT RESERVE OUT (${f.name})`;
  try {
    await runner.run(buildPersistentReserveOutCdb({ serviceAction: f.serviceAction, scope: 0, type: f.type, parameterListLength: PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH }), {
      name, timeoutMs, dataOut: parameters,
    });
  } catch (e) {
    // For PR OUT a conflict means the key, not a reservation, was refused: say so.
    if (!isChangerError(e, 'RESERVATION_CONFLICT')) throw e;
    throw new ChangerError('RESERVATION_CONFLICT', `${name}: the changer refused key ${formatReservationKey(f.key)}: this initiator is not registered with it (preempted by another?) or another initiator holds the reservation`, { cause: e });
  }
}
