/**
 * A write the tape I/O thread cannot make (tapeIoThread.ts) after the drive acknowledged it: the
 * host hears a deferred MEDIUM ERROR 0C/00 (response code 71h) on a later command — at the
 * latest on WRITE FILEMARKS, which waits for the ring — and the tape then ends where the failed
 * write began: every record before it reads back, then end of data, never foreign bytes.
 *
 * In BUFFERED MODE 0 (MODE SELECT) the drive answers a WRITE only once it is in the file: the
 * WRITE that does not fit hears a current error of its own, as without write-behind.
 *
 * The failure is real: the child process runs under a file-size limit (ulimit -f; Node ignores
 * SIGXFSZ, so the I/O thread's write fails with EFBIG) on a disk with room, where the drive writes
 * behind its answers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.ts';

const CHILD = fileURLToPath(new URL('./deferredWriteChild.ts', import.meta.url));
const RECORDS = 20;
const RECORD_BYTES = 100_000;
/** The file-size limit, in ulimit's 1024-byte blocks. */
const LIMIT_BLOCKS = 1000;
/** Bytes of a tape file's header and of each record's entry header (recordFormat.ts). */
const FILE_HEADER = 32;
const ENTRY_HEADER = 20;
/** Records whose entries end within the limit. */
const FITTING = Math.floor((LIMIT_BLOCKS * 1024 - FILE_HEADER) / (ENTRY_HEADER + RECORD_BYTES));

interface ChildReport {
  readonly writes: string[];
  readonly filemark: string;
  readonly rewind: string;
  readonly reads: string[];
}

/** The child's report on a library in `dir` under the file-size limit. */
function runChild(dir: string, mode: 'buffered' | 'unbuffered'): ChildReport {
  const out = execFileSync('bash', ['-c', `ulimit -f ${LIMIT_BLOCKS} && exec "${process.execPath}" --import tsx "${CHILD}" "${dir}" ${RECORDS} ${RECORD_BYTES} ${mode}`], { encoding: 'utf8' });
  return JSON.parse(out) as ChildReport;
}

describe('a write made behind the drive’s answer fails', () => {
  it('a deferred 0C/00 (71h) reaches the host by WRITE FILEMARKS at the latest, and the tape ends where the failed write began', async () => {
    const { dir, remove } = await tempDir();
    try {
      const disk = statfsSync(dir);
      assert.ok(disk.bavail * disk.bsize > 2 * 1024 ** 3, 'the test directory needs 2 GiB free so the drive writes behind its answers');
      const report = runChild(dir, 'buffered');
      assert.equal(FITTING, 10);
      // The first records fit: the drive answers GOOD for them whatever the I/O thread is doing.
      assert.deepEqual(report.writes.slice(0, FITTING), Array<string>(FITTING).fill('good'));
      // Later ones are acknowledged until the failure is heard, as a deferred error; a WRITE that hears
      // it is not done, and the next ones go where the tape now ends — past the limit again.
      const heard = [...report.writes.slice(FITTING), report.filemark].filter((a) => a !== 'good');
      assert.ok(heard.length >= 1, JSON.stringify(report));
      assert.deepEqual(new Set(heard), new Set(['113 3/0c/00']), JSON.stringify(report));
      assert.equal(report.rewind, 'good');
      const records = Array.from({ length: FITTING }, (_, n) => `record ${n}`);
      // End of data (BLANK CHECK 8/00/05) right after the last record that reached the file: the filemark
      // went the way of the failed write when it was the command that heard it, or was written after it.
      const end = report.filemark === 'good' ? [`112 0/00/01 ${RECORD_BYTES}`] : [`112 8/00/05 ${RECORD_BYTES}`];
      assert.deepEqual(report.reads, [...records, ...end]);
    } finally {
      await remove();
    }
  });

  it('in BUFFERED MODE 0 the WRITE that does not fit is a current 0C/00 with nothing of it written, and the filemark after it is written', async () => {
    const { dir, remove } = await tempDir();
    try {
      const report = runChild(dir, 'unbuffered');
      const writes = [...Array<string>(FITTING).fill('good'), ...Array<string>(RECORDS - FITTING).fill(`112 3/0c/00 ${RECORD_BYTES}`)];
      assert.deepEqual(report, { writes, filemark: 'good', rewind: 'good', reads: [...Array.from({ length: FITTING }, (_, n) => `record ${n}`), `112 0/00/01 ${RECORD_BYTES}`] });
    } finally {
      await remove();
    }
  });
});
