// The manager's side of the scheduler: where the catalog says things are, and what it must record.
// Implemented by the manager over its catalog; the scheduler never touches the catalog itself.
import type { Place } from '../../shared/place.ts';

export type Placement = 'home' | 'nearest';

export interface SchedulerHost {
  /** Where the medium is; null = not in this library (the job fails with MEDIUM_NOT_IN_LIBRARY). */
  whereIs(mediumId: string): Promise<Place | null>;
  /** The medium at a place (slot, drive, ieport, transport), or null when it is empty. */
  occupantOf(where: Place): Promise<string | null>;
  /**
   * A free slot for `mediumId` leaving `from`: its home slot (when free) or the nearest free slot,
   * by policy. Must not return any of `reserved`: slots that moves already under way will fill.
   */
  destinationFor(mediumId: string, policy: Placement, from: Place, reserved: readonly Place[]): Promise<Place>;
  /**
   * After each successful robot command, once per cartridge moved. For an exchange the cartridge
   * leaving the drive is reported first, so the catalog never holds two media in one place.
   */
  moved(mediumId: string, from: Place, to: Place, flipped?: boolean): Promise<void>;
  /**
   * A robot command failed: the cartridge may be anywhere along the way (source, picker,
   * destination). The manager reconciles with the library before the scheduler goes on.
   */
  moveFailed(error: unknown, from: Place, to: Place): Promise<void>;
  /** A job left the queue: 'waiting' when it needs a busy drive or robot, 'in-progress' at its first step. Optional. */
  jobState?(id: number, state: 'waiting' | 'in-progress'): void;
}
