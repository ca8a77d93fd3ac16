/**
 * Child process of the crash test: opens the library in argv[2], mounts a cartridge and writes
 * numbered records (crashRecord(k)) in files of 10 records + 1 filemark, printing "ack <records>"
 * after each acknowledged WRITE FILEMARKS, until the parent kills it.
 */
import { buildWrite6Cdb, buildWriteFilemarks6Cdb } from '../../../../src/scsi/index.ts';
import { DriveHost } from './driveHost.ts';
import { crashRecord } from './crashRecord.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: crashWriter <library directory>');
const host = await DriveHost.open({ dir });
await host.mount({ barcode: 'CRASH1L8' });
await host.lib.flush();
for (let k = 0; ; k++) {
  const record = crashRecord(k);
  const w = await host.execute(buildWrite6Cdb({ transferLength: record.length }), record);
  if (w.status !== 0) throw new Error(`write ${k} failed`);
  if (k % 10 === 9) {
    const f = await host.execute(buildWriteFilemarks6Cdb({ count: 1 }));
    if (f.status !== 0) throw new Error(`filemark after ${k} failed`);
    process.stdout.write(`ack ${k + 1}\n`);
  }
}
