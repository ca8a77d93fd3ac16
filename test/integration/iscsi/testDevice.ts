import type { Nexus, ScsiDevice, ScsiRequest, ScsiResult, TaskManagementFunction } from '../../../src/scsi/device.ts';

/**
 * A small SCSI device for transport tests, independent of the emulator: TEST UNIT READY, INQUIRY
 * (standard, VPD 00h/80h), REQUEST SENSE, READ BUFFER (returns a pattern of the requested length)
 * and WRITE BUFFER (stores what it gets), plus a vendor opcode C0h that blocks until aborted, for
 * timeout tests. Anything else is 05/20/00. It records what reached it so tests can assert on it.
 */

export const BLOCK_UNTIL_ABORTED = 0xc0;

function sense(key: number, asc: number, ascq: number): Uint8Array {
  const bytes = new Uint8Array(18);
  bytes[0] = 0x70;
  bytes[2] = key;
  bytes[7] = 10;
  bytes[12] = asc;
  bytes[13] = ascq;
  return bytes;
}

function good(data: Uint8Array, allocation: number): ScsiResult {
  const dataIn = data.subarray(0, allocation);
  return { status: 0, dataIn, residual: allocation - dataIn.length };
}

function checkCondition(key: number, asc: number, ascq: number): ScsiResult {
  return { status: 2, dataIn: new Uint8Array(0), sense: sense(key, asc, ascq) };
}

export function pattern(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
}

export class TestDevice implements ScsiDevice {
  readonly serial: string;
  readonly peripheralType: number;
  readonly commands: Array<{ nexus: Nexus; cdb: Uint8Array; dataOut?: Uint8Array }> = [];
  readonly lost: Nexus[] = [];
  readonly taskFunctions: Array<{ nexus: Nexus; fn: TaskManagementFunction }> = [];
  written: Uint8Array = new Uint8Array(0);
  /** The next command waits this long before it is answered (for "in flight during a drop" tests). */
  holdNextMs = 0;

  constructor(serial = 'TESTDEV0001', peripheralType = 0x08) {
    this.serial = serial;
    this.peripheralType = peripheralType;
  }

  async execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult> {
    this.commands.push({ nexus, cdb: Uint8Array.from(request.cdb), ...(request.dataOut === undefined ? {} : { dataOut: Uint8Array.from(request.dataOut) }) });
    if (this.holdNextMs > 0) {
      const ms = this.holdNextMs;
      this.holdNextMs = 0;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    const cdb = request.cdb;
    const allocation = request.dataInLength ?? 0;
    switch (cdb[0]) {
      case 0x00: return good(new Uint8Array(0), 0);
      case 0x03: return good(sense(0, 0, 0), allocation);
      case 0x12: return this.inquiry(cdb, allocation);
      case 0x3c: return good(pattern(Buffer.from(cdb).readUIntBE(6, 3)), allocation);
      case 0x3b:
        this.written = Uint8Array.from(request.dataOut ?? []);
        return good(new Uint8Array(0), 0);
      case BLOCK_UNTIL_ABORTED:
        return new Promise((_, reject) => {
          const signal = request.signal;
          if (signal === undefined) return;
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      default:
        return checkCondition(0x05, 0x20, 0x00);
    }
  }

  private inquiry(cdb: Uint8Array, allocation: number): ScsiResult {
    if (((cdb[1] as number) & 1) === 0) {
      const data = Buffer.alloc(36, 0x20);
      data[0] = this.peripheralType;
      data[1] = 0x80; // removable
      data[2] = 0x05;
      data[3] = 0x02;
      data[4] = 31;
      data[5] = data[6] = data[7] = 0;
      data.write('CHANGER ', 8, 'latin1');
      data.write('TEST DEVICE     ', 16, 'latin1');
      data.write('0001', 32, 'latin1');
      return good(data, allocation);
    }
    if (cdb[2] === 0x00) return good(Uint8Array.of(this.peripheralType, 0x00, 0x00, 0x02, 0x00, 0x80), allocation);
    if (cdb[2] === 0x80) {
      const serial = Buffer.from(this.serial, 'latin1');
      return good(Buffer.concat([Buffer.from([this.peripheralType, 0x80, 0x00, serial.length]), serial]), allocation);
    }
    return checkCondition(0x05, 0x24, 0x00);
  }

  async taskManagement(nexus: Nexus, fn: TaskManagementFunction): Promise<void> {
    this.taskFunctions.push({ nexus, fn });
  }

  nexusLost(nexus: Nexus): void {
    this.lost.push(nexus);
  }
}
