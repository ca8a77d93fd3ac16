/**
 * RESERVE / RELEASE (6) and (10): SPC-2 reservations of the whole logical unit. Element
 * reservations and third-party reservations are refused (smc.md §1.2 recommendation); a RESERVE
 * while persistent reservations exist is a conflict (SPC-3).
 */
import {
  Opcode,
  parseRelease10Cdb,
  parseRelease6Cdb,
  parseReserve10Cdb,
  parseReserve6Cdb,
} from '../../scsi/index.ts';
import { CheckCondition, ReservationConflict, type CommandContext, type CommandSpec } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';

interface ReservationCdb {
  readonly thirdParty: boolean;
  readonly element: boolean;
  readonly longId?: boolean;
}

function refuseUnsupported(c: ReservationCdb): void {
  if (c.element) throw new CheckCondition(invalidField(true, 1, 0));
  if (c.thirdParty) throw new CheckCondition(invalidField(true, 1, 4));
  if (c.longId === true) throw new CheckCondition(invalidField(true, 1, 1));
}

function reserve({ nexus, session }: CommandContext, c: ReservationCdb): void {
  refuseUnsupported(c);
  if (session.persistentReservations.active) throw new ReservationConflict();
  session.reserveHolder = nexus.initiator;
}

function release({ nexus, session }: CommandContext, c: ReservationCdb): void {
  refuseUnsupported(c);
  if (session.reserveHolder === nexus.initiator) session.reserveHolder = null;
}

export const reserve6: CommandSpec = {
  opcode: Opcode.RESERVE_6,
  name: 'RESERVE(6)',
  cdbLength: 6,
  parse: parseReserve6Cdb,
  access: 'write',
  run: (context) => reserve(context, parseReserve6Cdb(context.cdb)),
};

export const release6: CommandSpec = {
  opcode: Opcode.RELEASE_6,
  name: 'RELEASE(6)',
  cdbLength: 6,
  parse: parseRelease6Cdb,
  access: 'always',
  allowedUnderReserve: true,
  run: (context) => release(context, parseRelease6Cdb(context.cdb)),
};

export const reserve10: CommandSpec = {
  opcode: Opcode.RESERVE_10,
  name: 'RESERVE(10)',
  cdbLength: 10,
  parse: parseReserve10Cdb,
  access: 'write',
  run: (context) => reserve(context, parseReserve10Cdb(context.cdb)),
};

export const release10: CommandSpec = {
  opcode: Opcode.RELEASE_10,
  name: 'RELEASE(10)',
  cdbLength: 10,
  parse: parseRelease10Cdb,
  access: 'always',
  allowedUnderReserve: true,
  run: (context) => release(context, parseRelease10Cdb(context.cdb)),
};
