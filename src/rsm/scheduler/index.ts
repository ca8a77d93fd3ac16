// The scheduler of the Removable Storage Manager: orders mounts, dismounts, moves, cleanings and
// exclusive work (inventory, inject, eject) on one library so its robot and drives stay busy.
export { Scheduler } from './scheduler.ts';
export { DEFAULT_AGING_MS, type SchedulerOptions, type SchedulerPolicy } from './options.ts';
export type { Robot } from './robot.ts';
export type { Placement, SchedulerHost } from './host.ts';
export {
  PRIORITY_HIGHEST, PRIORITY_LOWEST,
  type CleanJob, type DismountJob, type ExclusiveJob, type Job, type JobKind, type MountJob, type MoveJob, type Outcome, type PendingJob,
} from './job.ts';
export { formatPlace, place, samePlace, type Place, type PlaceType } from './place.ts';
export { SchedulerError, isSchedulerError, type SchedulerErrorCode } from './schedulerError.ts';
export { ChangerRobot, changerCanExchange, type ChangerRobotOptions } from './changerRobot.ts';
export { SnapshotHost } from './snapshotHost.ts';
