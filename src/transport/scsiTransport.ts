import type { ScsiRequest, ScsiResult } from '../scsi/device.ts';

/**
 * How a CDB reaches a device (loopback, iSCSI, SG_IO). `execute` never throws for CHECK
 * CONDITION — the sense comes back in the result; it throws only when the command could not be
 * delivered or completed (connection lost, timeout), as a ChangerError.
 */
export interface ScsiTransport {
  execute(request: ScsiRequest): Promise<ScsiResult>;
  close(): Promise<void>;
  /** A stable text naming the device, for messages and locks. */
  readonly description: string;
}
