/** SCSI status codes (SAM) that travel with every completed command. */
export const ScsiStatus = {
  GOOD: 0x00,
  CHECK_CONDITION: 0x02,
  CONDITION_MET: 0x04,
  BUSY: 0x08,
  RESERVATION_CONFLICT: 0x18,
  TASK_SET_FULL: 0x28,
  ACA_ACTIVE: 0x30,
  TASK_ABORTED: 0x40,
} as const;

export type ScsiStatus = (typeof ScsiStatus)[keyof typeof ScsiStatus];

const NAMES = new Map<number, string>(Object.entries(ScsiStatus).map(([name, code]) => [code, name.replaceAll('_', ' ')]));

/** "CHECK CONDITION" …; unknown values as "STATUS 0xNN". */
export function scsiStatusName(status: number): string {
  return NAMES.get(status) ?? `STATUS 0x${status.toString(16).padStart(2, '0')}`;
}
