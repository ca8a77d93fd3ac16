// A library this manager runs, as the rest of the manager sees it (the requests, their dispatch,
// the media services): what it is, whether it is owned here, its changer and scheduler while it is,
// and the few things they may ask of it. Only the facade (manager.ts) holds the LibraryRuntime
// behind it, which starts, polls, loses and closes it; nothing else can reassign its parts.
import type { Changer } from '../../../driver/changer.ts';
import type { Place } from '../../../shared/place.ts';
import type { MediumLabel } from '../../../storage/index.ts';
import type { Library } from '../../catalog/index.ts';
import type { Scheduler } from '../../scheduler/index.ts';
import type { ReconcileOptions, ReconcileOutcome } from '../inventory/index.ts';

/** The drives the manager reaches as devices of their own (by index), for work that needs them. */
export interface DriveAccess {
  readonly drives: readonly number[];
  has(drive: number): boolean;
  /** LOAD UNLOAD: the tape out of the drive, so the robot can pull it. */
  unload(drive: number): Promise<void>;
  /** The TapeAlert flags the drive raises now. */
  tapeAlerts(drive: number): Promise<number[]>;
  /** The label at the start of the loaded tape. */
  readLabel(drive: number): Promise<MediumLabel>;
}

/** Moves made inside an exclusive job are written to the catalog the way the scheduler's are. */
export interface MoveRecord {
  moved(mediumId: string, from: Place, to: Place, flipped?: boolean): Promise<void>;
}

export interface OwnedLibrary {
  readonly name: string;
  /** The catalog row, once the library was registered. */
  readonly library: Library | undefined;
  readonly changer: Changer | undefined;
  readonly scheduler: Scheduler | undefined;
  readonly host: MoveRecord | undefined;
  readonly drives: DriveAccess;
  readonly ownedHere: boolean;
  /** Why the library is not owned here, when it is not. */
  readonly unavailableReason: string | null;
  /** Read the library and correct the catalog now; the caller keeps the robot still meanwhile. */
  reconcile(trigger: string, options?: ReconcileOptions): Promise<ReconcileOutcome>;
  /** Reconcile as soon as the robot is free. */
  requestReconcile(trigger: string): void;
  /** Open the mailslot to the operator where the library lets a host do it. */
  openMailslot(): Promise<void>;
  /** A place as people name it (`slot:10`), for notes, events and messages. */
  placeName(place: Place): string;
  hasPlace(place: Place): boolean;
}
