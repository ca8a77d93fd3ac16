// What the scheduler drives: the library's robot, as commands it can be given. ChangerRobot
// (changerRobot.ts) implements it over the class driver; tests of pure policy use a fake.
import type { Place } from '../../shared/place.ts';

export interface Robot {
  /**
   * Robot commands that can run at once: one per independent transport (accessor). A library whose
   * one robot carries two pickers still has 1; a library with two robots has 2.
   */
  readonly transports: number;
  /** EXCHANGE MEDIUM is possible (two pickers on one robot). */
  readonly canExchange: boolean;
  /**
   * MOVE MEDIUM with the given transport (0 … transports − 1). Resolves when the robot is free for
   * its next command: for a move into a drive, once the cartridge is in the drive (the drive threads
   * on its own; see settleDrive).
   */
  move(from: Place, to: Place, transport: number, flip?: boolean): Promise<void>;
  /** EXCHANGE MEDIUM: source → first (turned over when `flip`), first's cartridge → second. Only called when canExchange. */
  exchange(source: Place, first: Place, second: Place, transport: number, flip?: boolean): Promise<void>;
  /**
   * Drive-side unload before the robot may pull a cartridge (the drive's host ejects: `mt offline`;
   * CHANGER_PREDISMOUNT_EJECT_REQUIRED). Takes the drive's unload time but not the robot. Optional:
   * without it the library unloads the drive itself as part of the move.
   */
  unloadDrive?(drive: number): Promise<void>;
  /**
   * Resolves when the drive has finished with what was just put in it: a data cartridge loaded and
   * ready for I/O, a cleaner done cleaning. Takes the drive's time, not the robot's. Optional:
   * without it a mount counts as done when the robot has put the cartridge in.
   */
  settleDrive?(drive: number): Promise<void>;
}
