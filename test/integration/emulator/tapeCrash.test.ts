/**
 * kill -9 of `changer emulate` in the middle of a write (issue 12, "Done when"): a child process
 * serves a library over iSCSI; our own initiator writes, waiting for each answer — by turns, our
 * tape driver (driver/tape TapeDrive) in variable mode, records of 1 byte to 256 KiB, and raw
 * fixed-mode WRITE(6)s of 1 to 1024 blocks of 512 bytes as st sends them; some data compressible,
 * a filemark between groups of commands. A few commands after the third acknowledged filemark of a
 * round, while one is in flight, the emulator gets SIGKILL; it is started again on the same
 * directory, the cartridge loaded if the saved state does not have it in the drive, and the tape
 * read from the beginning.
 *
 * What must read back: every object (record, block or filemark) up to the last acknowledged
 * filemark, exactly (the issue); of the objects acknowledged after it, a prefix in whole objects
 * whose loss is at most one write-behind ring (docs/tape-store.md: the tape I/O thread writes
 * behind the drive's answer, kill -9 loses what is still in the ring, and WRITE FILEMARKS drains
 * it first); beyond that at most what the command in flight carried, as a prefix in whole blocks —
 * never a torn or foreign record. The next round writes on from the end of data. Four kills, then
 * a clean stop (SIGTERM, exit 0).
 */
import { strict as assert } from 'node:assert';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TapeDrive } from '../../../src/driver/tape/tapeDrive.ts';
import type { ScsiResult } from '../../../src/scsi/device.ts';
import {
  ElementTypeCode, ScsiStatus, buildModeSelect6Cdb, buildMoveMediumCdb, buildReadElementStatusCdb, buildTestUnitReadyCdb, parseElementStatusData,
} from '../../../src/scsi/index.ts';
import { buildWrite6Cdb } from '../../../src/scsi/ssc/write6.ts';
import { buildWriteFilemarks6Cdb } from '../../../src/scsi/ssc/writeFilemarks6.ts';
import { RING_BYTES } from '../../../src/emulator/tape/tapeIoThread.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { emulateChild, stopChild, type EmulateChild } from '../../helpers/emulateChild.ts';

/** library-24: picker 1, drive 0 at 256, slot 0 at 4096 (A00001L8). */
const PICKER = 1;
const DRIVE = 256;
const SLOT = 4096;
const FILEMARK_EVERY = 8;
const MAX_RECORD = 256 * 1024;
const KILLS = 4;
const BLOCK_SIZE = 512;
/** Blocks one fixed-mode WRITE carries at most (512 KiB: more than one writev of the store's). */
const MAX_BLOCKS = 1024;

/** A record written in variable mode, a 512-byte block written in fixed mode, or a filemark. */
type TapeObject = { readonly kind: 'record'; readonly n: number } | { readonly kind: 'block'; readonly n: number } | { readonly kind: 'filemark' };

/** Random bytes the records are cut from, so a record can be made again from its number alone. */
const POOL = randomBytes(4 * 1024 * 1024);

function cut(n: number, length: number, text: boolean): Buffer {
  const at = (n * 7919) % (POOL.length - length);
  const bytes = text ? Buffer.from(`record ${n} `.repeat(Math.ceil(length / 8)).slice(0, length), 'latin1') : Buffer.from(POOL.subarray(at, at + length));
  if (length >= 4) bytes.writeUInt32BE(n, 0);
  return bytes;
}

/** Object n's bytes follow from n: records of 1 byte to 256 KiB, every third text-like (stored deflated); blocks of 512. */
function bytesOf(object: TapeObject): Buffer {
  if (object.kind === 'filemark') return Buffer.alloc(0);
  if (object.kind === 'block') return cut(object.n, BLOCK_SIZE, Math.floor(object.n / 1000) % 2 === 0);
  return cut(object.n, 1 + ((object.n * 2_654_435_761) % MAX_RECORD), object.n % 3 === 0);
}

let dir = '';
let emulator: EmulateChild | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'changer-tape-crash-'));
});

after(async () => {
  if (emulator !== undefined) await stopChild(emulator, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts the emulator on the library directory; the cartridge goes into drive 0 unless it is there. */
async function startWithCartridge(): Promise<{ driveUrl: string }> {
  emulator = emulateChild([`${join(dir, 'lib')}?profile=library-24&clock=virtual`]);
  const library = (await emulator.listening).libraries[0];
  const driveUrl = library?.drives[0]?.url;
  assert.ok(library !== undefined && driveUrl !== undefined);
  const changer = await IscsiTransport.open(library.url);
  try {
    await changer.execute({ cdb: buildTestUnitReadyCdb() }); // the power-on unit attention
    const cdb = buildReadElementStatusCdb({ elementType: ElementTypeCode.DATA_TRANSFER, startingElementAddress: DRIVE, numberOfElements: 1, volumeTag: false, allocationLength: 1024 });
    const status = await changer.execute({ cdb, dataInLength: 1024 });
    assert.equal(status.status, ScsiStatus.GOOD);
    const full = parseElementStatusData(status.dataIn).pages[0]?.descriptors[0]?.full;
    if (full !== true) {
      const move = await changer.execute({ cdb: buildMoveMediumCdb({ transportElementAddress: PICKER, sourceAddress: SLOT, destinationAddress: DRIVE }) });
      assert.equal(move.status, ScsiStatus.GOOD, `MOVE MEDIUM: ${Buffer.from(move.sense ?? []).toString('hex')}`);
    }
  } finally {
    await changer.close();
  }
  return { driveUrl };
}

async function openDrive(url: string): Promise<TapeDrive> {
  const drive = await TapeDrive.open(url);
  await drive.waitReady({ timeoutMs: 30_000, pollMs: 50 });
  return drive;
}

/** Everything from the beginning of the tape to end of data, checked object by object against `sent`. */
async function readTape(drive: TapeDrive, sent: readonly TapeObject[]): Promise<number> {
  await drive.rewind();
  for (let i = 0; ; i++) {
    const got = await drive.readRecord(MAX_RECORD);
    if (got.kind === 'end-of-data') return i;
    const expected = sent[i];
    assert.ok(expected !== undefined, `object ${i} is past everything sent (${sent.length} objects): ${got.kind}`);
    if (expected.kind === 'filemark') {
      assert.equal(got.kind, 'filemark', `object ${i}: a filemark was written there`);
      continue;
    }
    assert.equal(got.kind, 'data', `object ${i}: ${expected.kind} ${expected.n} was written there`);
    if (got.kind !== 'data') continue;
    const want = bytesOf(expected);
    assert.equal(got.recordLength, want.length, `object ${i}: ${expected.kind} ${expected.n}'s length`);
    assert.ok(Buffer.from(got.bytes).equals(want), `object ${i}: ${expected.kind} ${expected.n}'s bytes`);
  }
}

/** Gives objects to the drive in one command (a record, a filemark, or fixed-mode blocks); resolves when it answers GOOD. */
type Send = (objects: readonly TapeObject[]) => Promise<void>;

interface Round {
  /** Objects acknowledged by the drive before the kill (all of them the round wrote, plus earlier rounds'). */
  readonly acknowledged: number;
  /** Objects up to and including the last acknowledged filemark. */
  readonly throughFilemark: number;
  /** Objects the command in flight at the kill carried. */
  readonly inFlight: number;
}

/**
 * Writes from end of data, a filemark after every FILEMARK_EVERY commands (2 in fixed mode), until
 * the kill: a few commands after the round's third acknowledged filemark, while one is in flight. `sent` grows
 * with every object given to the drive.
 */
async function writeUntilKilled(send: Send, fixed: boolean, sent: TapeObject[], child: EmulateChild): Promise<Round> {
  let acknowledged = sent.length;
  let throughFilemark = sent.length;
  let filemarksThisRound = 0;
  let killAfter: number | undefined;
  let killed = false;
  let next = sent.reduce((n, o) => (o.kind === 'filemark' ? n : Math.max(n, o.n + 1)), 0);
  // Fixed-mode commands carry hundreds of blocks, which the check reads back one by one: fewer of them.
  const every = fixed ? 2 : FILEMARK_EVERY;
  for (let command = 1; ; command++) {
    const count = fixed ? randomInt(1, MAX_BLOCKS + 1) : 1;
    const objects: TapeObject[] = command % (every + 1) === 0
      ? [{ kind: 'filemark' }]
      : Array.from({ length: count }, () => ({ kind: fixed ? 'block' : 'record', n: next++ }) as const);
    sent.push(...objects);
    const answered = send(objects);
    if (killAfter !== undefined && --killAfter === 0) {
      killed = true;
      // While this command is on its way or being written: at once, or a moment later.
      setTimeout(() => child.child.kill('SIGKILL'), randomInt(0, 4));
    }
    try {
      await answered;
    } catch (e) {
      if (!killed) throw e;
      return { acknowledged, throughFilemark, inFlight: objects.length };
    }
    acknowledged = sent.length;
    if (objects[0]?.kind === 'filemark') {
      throughFilemark = sent.length;
      if (++filemarksThisRound === 3) killAfter = randomInt(1, 2 * every);
    }
  }
}

/** Our tape driver's variable-mode writes. */
function variableWrites(drive: TapeDrive): Send {
  return async ([object]) => {
    if (object === undefined || object.kind === 'filemark') await drive.writeFilemarks(1);
    else await drive.writeRecord(bytesOf(object));
  };
}

/** Fixed-mode writes as st makes them: MODE SELECT(6) of the block size, then WRITE(6) with FIXED = 1 and a block count. */
async function fixedWrites(driveUrl: string): Promise<{ send: Send; transport: IscsiTransport }> {
  const transport = await IscsiTransport.open(driveUrl);
  const check = (what: string, result: ScsiResult): void => {
    assert.equal(result.status, ScsiStatus.GOOD, `${what}: sense ${Buffer.from(result.sense ?? []).toString('hex')}`);
  };
  await transport.execute({ cdb: buildTestUnitReadyCdb() }); // this nexus's unit attention
  const blockDescriptor = Buffer.from([0x00, 0x00, 0x10, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, BLOCK_SIZE >> 8, BLOCK_SIZE & 0xff]);
  check('MODE SELECT(6)', await transport.execute({ cdb: buildModeSelect6Cdb({ pageFormat: true, parameterListLength: blockDescriptor.length }), dataOut: blockDescriptor }));
  const send: Send = async (objects) => {
    if (objects[0]?.kind === 'filemark') {
      check('WRITE FILEMARKS(6)', await transport.execute({ cdb: buildWriteFilemarks6Cdb({ count: 1 }) }));
      return;
    }
    const data = Buffer.concat(objects.map(bytesOf));
    check('WRITE(6)', await transport.execute({ cdb: buildWrite6Cdb({ fixed: true, transferLength: objects.length }), dataOut: data }));
  };
  return { send, transport };
}

describe('kill -9 of changer emulate during a write over iSCSI', () => {
  it(`${KILLS} kills mid-write, variable and fixed mode by turns: after each restart everything acknowledged reads back exactly, then part of the command in flight at most, in whole blocks`, { timeout: 120_000 }, async (t) => {
    const sent: TapeObject[] = [];
    let driveUrl = (await startWithCartridge()).driveUrl;
    let drive = await openDrive(driveUrl);
    for (let kill = 1; kill <= KILLS; kill++) {
      const child = emulator as EmulateChild;
      const fixed = kill % 2 === 0;
      let round: Round;
      if (fixed) {
        // The head stays at end of data while our driver's session is replaced by a raw one.
        await drive.close();
        const { send, transport } = await fixedWrites(driveUrl);
        round = await writeUntilKilled(send, true, sent, child);
        await transport.close();
      } else {
        round = await writeUntilKilled(variableWrites(drive), false, sent, child);
        await drive.close();
      }
      assert.equal(await child.exited, 'SIGKILL');
      driveUrl = (await startWithCartridge()).driveUrl;
      drive = await openDrive(driveUrl);
      const readBack = await readTape(drive, sent);
      const mode = fixed ? 'fixed' : 'variable';
      t.diagnostic(`kill ${kill} (${mode}): ${round.acknowledged} objects acknowledged (${round.throughFilemark} through the last filemark), ${round.inFlight} in flight, ${readBack} read back`);
      assert.ok(readBack >= round.throughFilemark, `kill ${kill}: ${readBack} objects read back, ${round.throughFilemark} up to the last acknowledged filemark`);
      const lostBytes = sent.slice(readBack, round.acknowledged).reduce((sum, o) => sum + bytesOf(o).length, 0);
      assert.ok(lostBytes <= RING_BYTES, `kill ${kill}: ${lostBytes} acknowledged bytes lost after the last filemark, more than one ${RING_BYTES}-byte ring`);
      assert.ok(readBack <= round.acknowledged + round.inFlight, `kill ${kill}: ${readBack} objects read back, only ${round.acknowledged + round.inFlight} ever given to the drive`);
      // What was in flight may or may not have reached the tape; the model keeps what did. The
      // head is at end of data after the read: the next round writes on from there.
      sent.length = readBack;
    }
    await drive.close();
    assert.equal(await stopChild(emulator as EmulateChild), 0, emulator?.stderr());
  });
});
