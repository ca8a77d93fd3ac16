// The scheduler of the Removable Storage Manager: orders mounts, dismounts, moves, cleanings and
// exclusive work (inventory, inject, eject) on one library so its robot and drives stay busy.
//
// Policy, in the order it decides:
// - Dismounts (and a cleaner's way back) before anything else, as NTMS: they free drives.
// - Then priority −15 … +15, aged one step per `agingMs` of waiting (default a minute, without
//   limit): a job is never overtaken by one that arrived more than 31 × agingMs after it.
// - Then age, then id.
// - A mount takes an empty drive among its candidates, the one with the fewest mounts so far
//   (caller's order on ties); with none empty, a drive a queued dismount will empty; else it waits.
//   A higher-ranked mount takes over an empty drive promised to a lower-ranked one not yet started.
// - A dismount of drive D and the mount waiting for D become one EXCHANGE MEDIUM when the robot can.
// - Drive-side steps (unload before the robot pulls, load after it inserts) never hold the robot:
//   it serves other jobs meanwhile; one robot command per transport at a time.
// - Exclusive jobs start on an idle robot and hold it until they return.
// - Deadlines end a job `timed-out`; cancel ends it `cancelled` — at once if it has not started,
//   else after its current robot command or drive step, never with a cartridge in a picker.
export { Scheduler } from './scheduler.ts';
export { DEFAULT_AGING_MS, type SchedulerOptions, type SchedulerPolicy } from './options.ts';
export type { Robot } from './robot.ts';
export type { Placement, SchedulerHost } from './host.ts';
export {
  PRIORITY_HIGHEST, PRIORITY_LOWEST,
  type CleanJob, type DismountJob, type ExclusiveJob, type Job, type JobKind, type MountJob, type MoveJob, type Outcome, type PendingJob,
} from './job.ts';
export { SchedulerError, isSchedulerError, type SchedulerErrorCode } from './schedulerError.ts';
export { ChangerRobot, changerCanExchange, type ChangerRobotOptions } from './changerRobot.ts';
export { SnapshotHost } from './snapshotHost.ts';
