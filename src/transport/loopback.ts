import type { Nexus, ScsiDevice, ScsiRequest, ScsiResult } from '../scsi/device.ts';
import type { ScsiTransport } from './scsiTransport.ts';

/**
 * An in-process path to a ScsiDevice (the embedded virtual library): the CDB goes straight to the
 * device's interpreter, as one initiator with its own nexus, so reservations and unit attentions
 * behave as they would for a host on a wire.
 */
export class LoopbackTransport implements ScsiTransport {
  private closed = false;

  constructor(
    private readonly device: ScsiDevice,
    private readonly nexus: Nexus,
    readonly description: string,
    private readonly onClose?: () => Promise<void>,
  ) {}

  async execute(request: ScsiRequest): Promise<ScsiResult> {
    if (this.closed) throw new Error(`${this.description} is closed`);
    return this.device.execute(this.nexus, request);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.device.nexusLost?.(this.nexus);
    await this.onClose?.();
  }
}
