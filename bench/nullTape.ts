// A tape LUN that keeps nothing: WRITE(6) is accepted and dropped, READ(6) answers with one
// preallocated buffer, positioning always succeeds. Served by our target next to the virtual
// library's drives, it measures the iSCSI data path alone — what the target costs per byte before
// any tape store does — and stays measurable whatever the drives' capacity is.
import type { AnsweringScsiDevice, Nexus, ScsiRequest, ScsiResult } from '../src/scsi/device.ts';

const WRITE_6 = 0x0a;
const READ_6 = 0x08;
const MODE_SELECT_6 = 0x15;
const NOTHING = new Uint8Array(0);
const GOOD: ScsiResult = { status: 0, dataIn: NOTHING };

export class NullTape implements AnsweringScsiDevice {
  /** The fixed block length MODE SELECT set (0: variable). */
  private blockLength = 0;
  private readData = new Uint8Array(0);

  execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult> {
    return Promise.resolve(this.answer(nexus, request));
  }

  answer(_nexus: Nexus, request: ScsiRequest): ScsiResult {
    const cdb = request.cdb;
    const opcode = cdb[0];
    if (opcode === MODE_SELECT_6 && request.dataOut !== undefined && request.dataOut.length >= 12) {
      const descriptor = request.dataOut.subarray(4, 12);
      this.blockLength = ((descriptor[5] as number) << 16) | ((descriptor[6] as number) << 8) | (descriptor[7] as number);
      return GOOD;
    }
    if (opcode !== READ_6) return GOOD; // WRITE(6) included: the data is dropped
    const count = ((cdb[2] as number) << 16) | ((cdb[3] as number) << 8) | (cdb[4] as number);
    const length = Math.min(request.dataInLength ?? 0, ((cdb[1] as number) & 1) === 1 ? count * this.blockLength : count);
    if (this.readData.length < length) this.readData = new Uint8Array(length).fill(0x5a);
    return { status: 0, dataIn: this.readData.subarray(0, length) };
  }
}

export const NULL_TAPE_OPCODES = { WRITE_6, READ_6, MODE_SELECT_6 } as const;
