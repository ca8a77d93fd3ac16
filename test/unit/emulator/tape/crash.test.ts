/**
 * Crash safety of the tape files: `changer emulate` killed with SIGKILL in the middle of writing
 * loses nothing acknowledged — everything up to the last acknowledged WRITE FILEMARKS reads back
 * exactly, and whatever was written after it reads back whole or not at all. A torn tail (a
 * partial entry at the end of a file) is cut at the last whole record when the cartridge is next
 * loaded; a damaged entry in the middle reads as MEDIUM ERROR 11/00 from that point, records
 * before it read back, and other cartridges are unaffected.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, mkdir, open as openFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildLoadUnloadCdb, buildMoveMediumCdb, buildRead6Cdb, buildRewindCdb, buildWrite6Cdb, buildWriteFilemarks6Cdb } from '../../../../src/scsi/index.ts';
import { buildLocate10Cdb } from '../../../../src/scsi/ssc/locate.ts';
import { assertGood, send, tempDir } from '../helpers.ts';
import { crashRecord } from './crashRecord.ts';
import { DriveHost } from './driveHost.ts';

const ACKS_BEFORE_KILL = 8;
const MAX_BLOCK = 0x100000;

/** Runs the writer until it has acknowledged `acks` filemarks, kills it with SIGKILL, returns the records acknowledged. */
async function writeAndKill(dir: string, acks: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crashWriter.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acknowledged = 0;
  let seen = 0;
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        acknowledged = Number(line.split(' ')[1]);
        if (++seen === acks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer ended with ${code}/${signal}`))));
  });
  return acknowledged;
}

/** Reads the tape from the beginning: the records of each file (filemarks as null) until end of data or an error. */
async function readAll(host: DriveHost): Promise<{ objects: (Buffer | null)[]; end: string }> {
  await host.settle();
  await host.run(buildRewindCdb());
  const objects: (Buffer | null)[] = [];
  for (;;) {
    const r = await host.run(buildRead6Cdb({ transferLength: MAX_BLOCK, suppressIncorrectLength: true }), undefined, MAX_BLOCK);
    if (r.sense === undefined) objects.push(r.data);
    else if (r.sense.condition === '0/00/01') objects.push(null);
    else return { objects, end: r.sense.condition };
  }
}

/** Record k, then a filemark after every 10th: what the writer put on the tape. */
function expected(records: number): (Buffer | null)[] {
  const objects: (Buffer | null)[] = [];
  for (let k = 0; k < records; k++) {
    objects.push(crashRecord(k));
    if (k % 10 === 9) objects.push(null);
  }
  return objects;
}

async function tapeFile(dir: string, barcode: string): Promise<string> {
  const name = (await readdir(join(dir, 'tapes'))).find((n) => n.includes(barcode) && n.endsWith('.p0.tape'));
  assert.ok(name !== undefined, `no tape file for ${barcode}`);
  return join(dir, 'tapes', name);
}

describe('tape files after a crash', () => {
  it('SIGKILL while writing: everything up to the last acknowledged filemark reads back exactly; a torn tail is cut when the cartridge is next loaded', async () => {
    const { dir, remove } = await tempDir();
    try {
      const acknowledged = await writeAndKill(dir, ACKS_BEFORE_KILL);
      assert.ok(acknowledged >= ACKS_BEFORE_KILL * 10);
      const path = await tapeFile(dir, 'CRASH1L8');
      // The kill may itself have torn the record in flight: a first load and read cuts that, so the size
      // measured next ends on a whole entry. Then a tear as a machine crash could leave it: half a
      // header at the end of the file.
      const first = await DriveHost.open({ dir });
      await readAll(first);
      await first.close();
      const before = (await stat(path)).size;
      await appendFile(path, Buffer.from('RECD\x00\x00\x00\x00\x00\x01'));

      let host = await DriveHost.open({ dir });
      const { objects, end } = await readAll(host);
      assert.equal(end, '8/00/05', 'the tape ends in end of data, not an error');
      const want = expected(acknowledged);
      assert.ok(objects.length >= want.length, `${objects.length} objects read, ${want.length} acknowledged`);
      // Whatever survived beyond the last acknowledged filemark is whole records in order.
      const written = expected(objects.length);
      objects.forEach((object, i) => assert.ok(object === null ? written[i] === null : written[i]?.equals(object) === true, `object ${i}`));
      assert.equal((await stat(path)).size, before, 'the torn half header was cut');
      // The drive appends after what survived, and that reads back too.
      const extra = Buffer.from('after the crash');
      await host.run(buildLocate10Cdb({ identifier: BigInt(objects.length) }));
      assert.equal((await host.run(buildWrite6Cdb({ transferLength: extra.length }), extra)).sense, undefined);
      assert.equal((await host.run(buildWriteFilemarks6Cdb({ count: 1 }))).sense, undefined);
      await host.close();
      host = await DriveHost.open({ dir });
      const again = await readAll(host);
      assert.deepEqual(again.objects.slice(-2), [extra, null]);
      await host.close();
    } finally {
      await remove();
    }
  });

  it('a damaged entry reads as MEDIUM ERROR 11/00 from there on; what precedes it reads back; writing there goes on from that point; another cartridge is unaffected', async () => {
    const { dir, remove } = await tempDir();
    try {
      let host = await DriveHost.open({ dir });
      await host.mount({ barcode: 'DAMAGEL8', volumeLabel: 'DAMAGE', records: [Buffer.from('one'), Buffer.from('two'), Buffer.from('three')] });
      await host.close();
      const path = await tapeFile(dir, 'DAMAGEL8');
      // Flip a byte in the header of the fourth object ("two"): 32-byte file header, entries of 20 + payload.
      const offset = 32 + (20 + 80) + 20 + (20 + 3) + 9;
      const file = await openFile(path, 'r+');
      await file.write(Buffer.from([0xee]), 0, 1, offset);
      await file.close();

      host = await DriveHost.open({ dir });
      const { objects, end } = await readAll(host).catch(async (error: unknown) => {
        await host.close();
        throw error;
      });
      assert.equal(objects.length, 3, 'VOL1, filemark, "one"');
      assert.equal(objects[2]?.toString(), 'one');
      assert.equal(end, '3/11/00');
      // Writing there cuts the damage off: the tape goes on from that point.
      assert.equal((await host.run(buildWrite6Cdb({ transferLength: 5 }), Buffer.from('fresh'))).sense, undefined);
      const healed = await readAll(host);
      assert.deepEqual([healed.objects.length, healed.objects[3]?.toString(), healed.end], [4, 'fresh', '8/00/05']);
      // The rest of the library carries on: the damaged cartridge goes out, another in the same drive works.
      assert.equal((await host.run(buildLoadUnloadCdb({ load: false }))).sense, undefined);
      assertGood(await send(host.lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 256, destinationAddress: 16 })));
      await host.mount({ barcode: 'HEALTHL8' });
      assert.equal((await host.run(buildWrite6Cdb({ transferLength: 2 }), Buffer.from('ok'))).sense, undefined);
      await host.run(buildRewindCdb());
      assert.equal((await host.run(buildRead6Cdb({ transferLength: 2 }), undefined, 2)).data.toString(), 'ok');
      await host.close();
    } finally {
      await remove();
    }
  });

  it('a tape file that cannot be opened at all: the drive answers MEDIUM ERROR 31/00, not an internal error', async () => {
    const { dir, remove } = await tempDir();
    try {
      const host = await DriveHost.open({ dir });
      try {
        await host.mount({ barcode: 'NOFILEL8' });
        const id = host.lib.contents().find((l) => l.address === 256)?.cartridge.id;
        assert.ok(id !== undefined);
        await mkdir(join(dir, 'tapes', `${id}-NOFILEL8.p0.tape`));
        assert.equal((await host.run(buildRead6Cdb({ transferLength: 1 }), undefined, 1)).sense?.condition, '3/31/00');
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: 1 }), Buffer.from('x'))).sense?.condition, '3/31/00');
        assert.deepEqual(host.lib.drives[0]?.internalErrors, []);
      } finally {
        await host.close();
      }
    } finally {
      await remove();
    }
  });
});
