/**
 * A host on one drive of an in-memory or directory library, for the tape data-path tests: CDBs
 * to drive 0 as HOST_A, a cartridge brought in through the mailslot and moved into the drive, and
 * the sense of an answer as one comparable object.
 */
import assert from 'node:assert/strict';
import { parseSenseData, type ScsiResult } from '../../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary, type Cartridge, type CartridgeSpec, type Profile } from '../../../../src/emulator/index.ts';
import { HOST_A, drainAttentions } from '../helpers.ts';
import { mount, settle } from '../driveHelpers.ts';

export interface DriveAnswer {
  readonly status: number;
  readonly data: Buffer;
  /** "k/aa/qq" with the FILEMARK/EOM/ILI bits and INFORMATION (signed) when VALID; undefined for GOOD. */
  readonly sense: SenseSummary | undefined;
}

export interface SenseSummary {
  readonly condition: string;
  readonly filemark: boolean;
  readonly endOfMedium: boolean;
  readonly incorrectLength: boolean;
  readonly information: number | undefined;
}

export function summarize(r: ScsiResult): DriveAnswer {
  if (r.sense === undefined) return { status: r.status, data: Buffer.from(r.dataIn), sense: undefined };
  const s = parseSenseData(r.sense);
  assert.ok(s.format === 'fixed', 'a tape drive reports fixed-format sense');
  return {
    status: r.status,
    data: Buffer.from(r.dataIn),
    sense: {
      condition: `${s.senseKey.toString(16)}/${s.asc.toString(16).padStart(2, '0')}/${s.ascq.toString(16).padStart(2, '0')}`,
      filemark: s.filemark,
      endOfMedium: s.endOfMedium,
      incorrectLength: s.incorrectLength,
      information: s.valid ? s.information | 0 : undefined,
    },
  };
}

export class DriveHost {
  readonly lib: VirtualLibrary;

  private constructor(lib: VirtualLibrary) {
    this.lib = lib;
  }

  /** library-24 (in memory unless `dir`), its mailslot emptied; `profile` may change it (tapeCapacityBytes…). */
  static async open(options: { dir?: string; profile?: Profile } = {}): Promise<DriveHost> {
    const lib = await VirtualLibrary.open({
      profile: options.profile ?? 'library-24',
      clock: new VirtualClock({ autoAdvance: true }),
      ...(options.dir === undefined ? {} : { dir: options.dir }),
    });
    await drainAttentions(lib);
    return new DriveHost(lib);
  }

  async execute(cdb: Uint8Array, dataOut?: Uint8Array, dataInLength = 0x1000000): Promise<ScsiResult> {
    const device = this.lib.drives[0];
    assert.ok(device !== undefined);
    return device.execute({ initiator: HOST_A.initiator, lun: 1 }, { cdb, dataInLength, ...(dataOut === undefined ? {} : { dataOut }) });
  }

  async run(cdb: Uint8Array, dataOut?: Uint8Array, dataInLength?: number): Promise<DriveAnswer> {
    return summarize(await this.execute(cdb, dataOut, dataInLength));
  }

  /** A new cartridge (or one taken out earlier) through the mailslot (16) into drive 0 (256), threaded and its attentions taken. */
  async mount(spec: CartridgeSpec | Cartridge): Promise<void> {
    await mount(this.lib, spec, 0);
  }

  /** TEST UNIT READY until GOOD (what st does on open). */
  async settle(): Promise<void> {
    await settle(this.lib, 0);
  }

  close(): Promise<void> {
    return this.lib.close();
  }
}
