import type { ScsiDevice, TaskManagementFunction } from '../../scsi/device.ts';
import { decodeLun } from '../lun.ts';
import type { TaskManagementRequest } from '../pdus.ts';
import { TmfFunction, TmfResponse, deviceFunction } from '../taskManagement.ts';
import type { ScsiTask } from './scsiTask.ts';
import type { ServedTarget, Session } from './session.ts';

/**
 * What a task management request does at the target (RFC 7143 §11.5.1, SAM-5 §7): which tasks
 * end, which device hears about it, and the response code. Aborted tasks get no response; the
 * device gets the request's AbortSignal for each, and taskManagement() for set-wide functions.
 * `sessions` are all live sessions of the same target, for functions that reach other initiators.
 */
export async function performTaskManagement(request: TaskManagementRequest, session: Session, sessions: readonly Session[]): Promise<number> {
  const target = session.target as ServedTarget;
  const lun = decodeLun(request.lun);
  switch (request.function) {
    case TmfFunction.AbortTask: {
      const task = session.tasks.get(request.referencedTaskTag);
      if (task !== undefined) {
        endTask(session, task);
        return TmfResponse.FunctionComplete;
      }
      // A task already finished (its CmdSN below ExpCmdSN) counts as aborted.
      return session.received(request.refCmdSN) ? TmfResponse.FunctionComplete : TmfResponse.TaskDoesNotExist;
    }
    case TmfFunction.AbortTaskSet:
    case TmfFunction.ClearTaskSet:
    case TmfFunction.LogicalUnitReset: {
      const device = lun === undefined ? undefined : target.luns.get(lun);
      if (device === undefined || lun === undefined) return TmfResponse.LunDoesNotExist;
      // ABORT TASK SET ends the requester's tasks only; CLEAR TASK SET and LUN RESET everyone's.
      const reach = request.function === TmfFunction.AbortTaskSet ? [session] : sessions;
      for (const s of reach) endTasks(s, (task) => task.lun === lun);
      await tellDevice(device, session, lun, deviceFunction(request.function));
      return TmfResponse.FunctionComplete;
    }
    case TmfFunction.TargetWarmReset:
    case TmfFunction.TargetColdReset:
      for (const s of sessions) endTasks(s, () => true);
      for (const [number, device] of target.luns) await tellDevice(device, session, number, deviceFunction(request.function));
      return TmfResponse.FunctionComplete;
    case TmfFunction.TaskReassign:
      // Reassigning a task to another connection needs ErrorRecoveryLevel 2.
      return TmfResponse.TaskAllegianceReassignmentNotSupported;
    case TmfFunction.ClearAca:
      return TmfResponse.NotSupported;
    default:
      return TmfResponse.Rejected;
  }
}

async function tellDevice(device: ScsiDevice, session: Session, lun: number, fn: TaskManagementFunction | undefined): Promise<void> {
  if (fn !== undefined) await device.taskManagement?.(session.nexus(lun), fn);
}

function endTask(session: Session, task: ScsiTask): void {
  task.abort();
  session.tasks.delete(task.initiatorTaskTag);
}

function endTasks(session: Session, matches: (task: ScsiTask) => boolean): void {
  for (const task of [...session.tasks.values()]) if (matches(task)) endTask(session, task);
}
