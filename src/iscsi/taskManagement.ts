import type { TaskManagementFunction } from '../scsi/device.ts';

/** Task management function and response codes (RFC 7143 §11.5.1, §11.6.1). */

export const TmfFunction = {
  AbortTask: 1,
  AbortTaskSet: 2,
  ClearAca: 3,
  ClearTaskSet: 4,
  LogicalUnitReset: 5,
  TargetWarmReset: 6,
  TargetColdReset: 7,
  TaskReassign: 8,
} as const;

export const TmfResponse = {
  FunctionComplete: 0,
  TaskDoesNotExist: 1,
  LunDoesNotExist: 2,
  TaskStillAllegiant: 3,
  TaskAllegianceReassignmentNotSupported: 4,
  NotSupported: 5,
  AuthorizationFailed: 6,
  Rejected: 255,
} as const;

/** The ScsiDevice function a TMF code reaches, for the functions a device takes part in. */
export function deviceFunction(code: number): TaskManagementFunction | undefined {
  switch (code) {
    case TmfFunction.AbortTaskSet: return 'abort-task-set';
    case TmfFunction.ClearTaskSet: return 'clear-task-set';
    case TmfFunction.LogicalUnitReset: return 'lun-reset';
    case TmfFunction.TargetWarmReset: return 'target-warm-reset';
    case TmfFunction.TargetColdReset: return 'target-cold-reset';
    default: return undefined;
  }
}
