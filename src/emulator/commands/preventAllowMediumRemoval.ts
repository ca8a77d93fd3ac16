/**
 * PREVENT ALLOW MEDIUM REMOVAL (1Eh). On a changer it locks the operator out (door, mailslots,
 * magazine releases), never the robot: a MOVE to the mailslot still works (smc.md §1.7).
 * One prevent state per initiator (SPC); removal is prevented while any initiator prevents.
 */
import { Opcode, parsePreventAllowMediumRemovalCdb } from '../../scsi/index.ts';
import type { CommandSpec, ReservationAccess } from '../command.ts';

/** Allowing removal never conflicts with a reservation (SPC); preventing it does. */
function prevents(cdb: Uint8Array): boolean {
  try {
    return parsePreventAllowMediumRemovalCdb(cdb).prevent;
  } catch {
    return true;
  }
}

export const preventAllowMediumRemoval: CommandSpec = {
  opcode: Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL,
  name: 'PREVENT ALLOW MEDIUM REMOVAL',
  cdbLength: 6,
  parse: parsePreventAllowMediumRemovalCdb,
  access: (cdb): ReservationAccess => (prevents(cdb) ? 'write' : 'always'),
  allowedUnderReserve: (cdb) => !prevents(cdb),
  run({ cdb, nexus, library }) {
    const c = parsePreventAllowMediumRemovalCdb(cdb);
    library.setPrevent(nexus.initiator, c.prevent);
  },
};
