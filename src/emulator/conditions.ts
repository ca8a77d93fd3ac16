/**
 * Why the library refuses or fails an operation, in its own words. The mechanics know nothing of
 * sense bytes; the SCSI front (senseForCondition.ts) maps each condition to key/ASC/ASCQ in one
 * table, the way Linux ch.c maps sense to errno in one table the other way round.
 */

export type LibraryCondition =
  /** The source element holds no cartridge (05/3B/0E). */
  | 'source-empty'
  /** The destination element already holds a cartridge (05/3B/0D). */
  | 'destination-full'
  /** The picker the robot must use already holds a cartridge. */
  | 'transport-full'
  /** No element at that address, or not of a kind allowed there (05/21/01). */
  | 'invalid-element-address'
  /** The move between these element kinds is not in page 1Fh's matrix. */
  | 'invalid-combination'
  /** INVERT requested but the transport cannot flip, or the medium has one side. */
  | 'invert-not-possible'
  /** The element's magazine is pulled out. */
  | 'magazine-removed'
  /** The mailslot is open to the operator (02/3A/02). */
  | 'ieport-open'
  | 'element-disabled'
  /** Predismount eject required and the drive still has the cartridge loaded. */
  | 'drive-not-unloaded'
  /** The drive refused to unload (fault). */
  | 'drive-unload-failed'
  /** The robot jammed mid-move (04/15/01). */
  | 'mechanical-jam'
  /** Power failed while the command ran. */
  | 'power-interrupted'
  | 'door-open'
  /** Power-on self test or an inventory is running (02/04/01). */
  | 'becoming-ready'
  /** A robot is busy and the profile answers BUSY rather than queueing. */
  | 'robot-busy'
  /** PREVENT MEDIUM REMOVAL is in force (05/53/02). */
  | 'removal-prevented'
  /** The mailslot is already in the requested state or cannot be driven by the host. */
  | 'ieport-not-controllable';

/** Which operand of a command the condition is about, for the sense field pointer. */
export type OperandRole = 'transport' | 'source' | 'destination' | 'second-destination' | 'invert' | 'second-invert';

export class LibraryRefusal extends Error {
  override readonly name = 'LibraryRefusal';
  readonly condition: LibraryCondition;
  readonly role: OperandRole | undefined;

  constructor(condition: LibraryCondition, message: string, role?: OperandRole) {
    super(message);
    this.condition = condition;
    this.role = role;
  }
}
