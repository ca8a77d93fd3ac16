/**
 * The child of deferredWrite.test.ts, run under a file-size limit (ulimit -f):
 * `deferredWriteChild.ts <library dir> <records> <bytes each> [unbuffered]` writes the records to
 * a fresh cartridge (after MODE SELECT of BUFFERED MODE 0 if asked), then WRITE FILEMARKS(1),
 * REWIND, and reads until the first error; prints what each command answered as one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { buildModeSelect6Cdb, buildRead6Cdb, buildRewindCdb, buildWrite6Cdb, buildWriteFilemarks6Cdb } from '../../../../src/scsi/index.ts';
import type { ScsiResult } from '../../../../src/scsi/device.ts';
import { DriveHost } from './driveHost.ts';

const [dir = '', count = '0', bytes = '0', mode = 'buffered'] = process.argv.slice(2);
const RECORDS = Number(count);
const RECORD_BYTES = Number(bytes);

/** Random bytes (the drive compresses none of them), the first one n: a record read back names itself. */
const records = Array.from({ length: RECORDS }, (_, n) => {
  const bytes = randomBytes(RECORD_BYTES);
  bytes[0] = n;
  return bytes;
});

/** Sense response code, key/ASC/ASCQ; 'good' for GOOD. */
function answer(r: ScsiResult): string {
  if (r.sense === undefined) return 'good';
  const s = Buffer.from(r.sense);
  const information = (s[0]! & 0x80) === 0 ? '' : ` ${s.readInt32BE(3)}`;
  return `${s[0]! & 0x7f} ${(s[2]! & 0x0f).toString(16)}/${s[12]!.toString(16).padStart(2, '0')}/${s[13]!.toString(16).padStart(2, '0')}${information}`;
}

async function main(): Promise<void> {
  const host = await DriveHost.open({ dir });
  try {
    await host.mount({ barcode: 'FSZ001L8' });
    if (mode === 'unbuffered') {
      // The mode parameter header alone: device-specific parameter 00h is BUFFERED MODE 0.
      const header = Buffer.from([0, 0, 0x00, 0]);
      const selected = await host.execute(buildModeSelect6Cdb({ pageFormat: true, parameterListLength: header.length }), header);
      if (selected.sense !== undefined) throw new Error(`MODE SELECT: ${answer(selected)}`);
    }
    const writes: string[] = [];
    for (let n = 0; n < RECORDS; n++) writes.push(answer(await host.execute(buildWrite6Cdb({ transferLength: RECORD_BYTES }), records[n])));
    const filemark = answer(await host.execute(buildWriteFilemarks6Cdb({ count: 1 })));
    const rewind = answer(await host.execute(buildRewindCdb()));
    const reads: string[] = [];
    for (;;) {
      const r = await host.execute(buildRead6Cdb({ transferLength: RECORD_BYTES }), undefined, RECORD_BYTES);
      if (r.sense !== undefined) {
        reads.push(answer(r));
        break;
      }
      const first = r.dataIn[0] ?? -1;
      reads.push(Buffer.from(r.dataIn).equals(records[first] ?? Buffer.alloc(0)) ? `record ${first}` : 'foreign bytes');
    }
    process.stdout.write(`${JSON.stringify({ writes, filemark, rewind, reads })}\n`);
  } finally {
    await host.close();
  }
}

await main();
