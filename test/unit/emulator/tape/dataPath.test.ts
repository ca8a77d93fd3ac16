/**
 * The drive's data path, sense by sense (ssc.md §2.4–2.9, §3): fixed-block mode with its residues,
 * early and programmable early warning, WORM and write protection, LOCATE to objects and files,
 * READ POSITION in its three forms, ERASE, FORMAT MEDIUM into two partitions, READ/WRITE(16),
 * compression as the usage view reports it, and the library's disk quota as end of medium.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  ReadPositionForm,
  SpaceCode,
  buildRead6Cdb,
  buildReadPositionCdb,
  buildRewindCdb,
  buildSpace6Cdb,
  buildWrite6Cdb,
  buildWriteFilemarks6Cdb,
  buildMoveMediumCdb,
} from '../../../../src/scsi/index.ts';
import { buildErase6Cdb } from '../../../../src/scsi/ssc/erase6.ts';
import { MediumFormat, buildFormatMediumCdb } from '../../../../src/scsi/ssc/formatMedium.ts';
import { LocateDestination, buildLocate10Cdb, buildLocate16Cdb } from '../../../../src/scsi/ssc/locate.ts';
import { buildRead16Cdb } from '../../../../src/scsi/ssc/read16.ts';
import { buildWrite16Cdb } from '../../../../src/scsi/ssc/write16.ts';
import { buildSetCapacityCdb } from '../../../../src/scsi/ssc/setCapacity.ts';
import { loadProfile, type Cartridge, type TapeEvent } from '../../../../src/emulator/index.ts';
import type { DriveUnit } from '../../../../src/emulator/ssc/driveUnit.ts';
import { send, tempDir } from '../helpers.ts';
import { DriveHost, type DriveAnswer } from './driveHost.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text.replace(/[^0-9a-f]/gi, ''), 'hex');

function driveOf(host: DriveHost): DriveUnit {
  const drive = host.lib.drives[0]?.drive;
  assert.ok(drive !== undefined);
  return drive;
}

function good(answer: DriveAnswer): void {
  assert.equal(answer.sense, undefined, JSON.stringify(answer.sense));
}

function sense(answer: DriveAnswer, condition: string, bits: { filemark?: boolean; endOfMedium?: boolean; incorrectLength?: boolean; information?: number } = {}): void {
  assert.deepEqual(answer.sense, { condition, filemark: false, endOfMedium: false, incorrectLength: false, information: undefined, ...bits });
}

/** `mt setblk n` as st sends it: MODE SELECT(6) of the block descriptor. */
async function setBlockSize(host: DriveHost, length: number): Promise<void> {
  const l = length.toString(16).padStart(6, '0');
  good(await host.run(bytes('15 10 00 00 0c 00'), bytes(`00 00 10 08 00 00 00 00 00 ${l}`)));
}

const write = (host: DriveHost, data: Uint8Array): Promise<DriveAnswer> => host.run(buildWrite6Cdb({ transferLength: data.length }), data);
const filemark = (host: DriveHost, count = 1): Promise<DriveAnswer> => host.run(buildWriteFilemarks6Cdb({ count }));

async function position(host: DriveHost, form: ReadPositionForm = ReadPositionForm.SHORT): Promise<Buffer> {
  return (await host.run(buildReadPositionCdb({ form, allocationLength: form === ReadPositionForm.EXTENDED ? 32 : 0 }))).data;
}

describe('tape data path', () => {
  it('fixed-block mode: WRITE/READ FIXED=1 count blocks; a filemark stops a read with FILEMARK and the blocks not read; a wrong-length block ILI; FIXED+SILI 05/24/00', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'FIXED1L8' });
      await setBlockSize(host, 1024);
      const blocks = randomBytes(3 * 1024);
      good(await host.run(bytes('0a 01 00 00 03 00'), blocks));
      good(await filemark(host));
      await setBlockSize(host, 0);
      good(await write(host, Buffer.alloc(100, 7)));
      await setBlockSize(host, 1024);
      good(await host.run(buildRewindCdb()));
      const two = await host.run(bytes('08 01 00 00 02 00'));
      good(two);
      assert.ok(two.data.equals(blocks.subarray(0, 2048)));
      const five = await host.run(bytes('08 01 00 00 05 00'));
      sense(five, '0/00/01', { filemark: true, information: 4 });
      assert.ok(five.data.equals(blocks.subarray(2048)), 'the block before the filemark is transferred');
      assert.equal((await position(host)).readUInt32BE(4), 4, 'past the filemark');
      const wrong = await host.run(bytes('08 01 00 00 02 00'));
      sense(wrong, '0/00/00', { incorrectLength: true, information: 2 });
      assert.equal((await position(host)).readUInt32BE(4), 5, 'past the wrong-length block');
      sense(await host.run(bytes('08 03 00 00 01 00')), '5/24/00');
      sense(await host.run(bytes('08 01 00 00 01 00')), '8/00/05', { information: 1 });
    } finally {
      await host.close();
    }
  });

  it('fixed-mode READ of more than 16 MiB (the host says 0xFFFFFF blocks of 0xFFFFFF bytes) is 05/24/00 at the transfer length; 16 MiB past end of data gets the blocks there are', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'HUGE01L8' });
      /** Sense-key specific bytes 15–17: SKSV, C/D and the field pointer. */
      const pointer = async (cdb: Uint8Array): Promise<string> => hex((await host.execute(cdb)).sense?.subarray(15, 18) ?? Buffer.alloc(0));
      await setBlockSize(host, 0xffffff);
      const absurd = await host.run(bytes('08 01 ff ff ff 00'));
      sense(absurd, '5/24/00');
      assert.equal(absurd.data.length, 0);
      assert.equal(await pointer(bytes('08 01 ff ff ff 00')), 'c00002');
      assert.equal(await pointer(buildRead16Cdb({ fixed: true, partition: 0, logicalObjectIdentifier: 0n, transferLength: 0xffffff })), 'c0000c');
      await setBlockSize(host, 65536);
      const blocks = randomBytes(2 * 65536);
      good(await host.run(bytes('0a 01 00 00 02 00'), blocks));
      good(await host.run(buildRewindCdb()));
      assert.equal(await pointer(bytes('08 01 00 01 01 00')), 'c00002', '257 blocks: 16 MiB and 64 KiB');
      const all = await host.run(bytes('08 01 00 01 00 00'));
      sense(all, '8/00/05', { information: 254 });
      assert.equal(all.data.length, 2 * 65536);
      assert.ok(all.data.equals(blocks));
      assert.equal((await position(host)).readUInt32BE(4), 2);
    } finally {
      await host.close();
    }
  });

  it('programmable early warning: 0/00/07 with EOM once the data reaches it; early warning 0/00/02 after it; READ POSITION BPEW and EOP; end of data past early warning carries EOM', async () => {
    const base = await loadProfile('library-24');
    const host = await DriveHost.open({ profile: { ...base, tapeCapacityBytes: 4_000_000 } });
    try {
      await host.mount({ barcode: 'PEW001L8' });
      // 3.875 MB early warning; PEWS 1 MB puts programmable early warning at 2.875 MB.
      driveOf(host).settings.programmableEarlyWarningMB = 1;
      good(await write(host, randomBytes(2_000_000)));
      sense(await write(host, randomBytes(1_000_000)), '0/00/07', { endOfMedium: true, information: 0 });
      assert.equal((await position(host))[0], 0x01, 'BPEW');
      sense(await write(host, randomBytes(900_000)), '0/00/02', { endOfMedium: true, information: 0 });
      assert.equal((await position(host))[0], 0x41, 'EOP and BPEW');
      sense(await write(host, randomBytes(200_000)), 'd/00/02', { endOfMedium: true, information: 200_000 });
      sense(await filemark(host), '0/00/02', { endOfMedium: true, information: 0 });
      sense(await host.run(buildRead6Cdb({ transferLength: 10 }), undefined, 10), '8/00/05', { endOfMedium: true, information: 10 });
      const usage = driveOf(host).tapeUsage();
      assert.equal(usage?.capacityBytes, 4_000_000);
      assert.equal(usage?.partitions[0]?.earlyWarningBytes, 4_000_000 - 125_000);
      assert.equal(usage?.partitions[0]?.programmableEarlyWarningBytes, 2_875_000);
      assert.equal(usage?.nativeCapacityBytes, 12e12, 'LTO-8 by its media ID');
    } finally {
      await host.close();
    }
  });

  it('WORM (…LY): appends only — a write, filemark or erase before end of data is 07/30/0C and changes nothing; trailing filemarks may be written over', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'WORM01LY' });
      good(await write(host, Buffer.from('first')));
      good(await filemark(host));
      good(await host.run(buildRewindCdb()));
      sense(await write(host, Buffer.from('over')), '7/30/0c');
      sense(await filemark(host), '7/30/0c');
      sense(await host.run(buildErase6Cdb()), '7/30/0c');
      good(await host.run(buildSpace6Cdb({ code: SpaceCode.END_OF_DATA })));
      good(await write(host, Buffer.from('second')));
      assert.equal(driveOf(host).tapeUsage()?.worm, true);
      assert.deepEqual(host.lib.tapeContents(driveOf(host).cartridge).length, 3);
      // Two closing filemarks, back over one: the next session writes over the trailing filemark.
      good(await filemark(host, 2));
      good(await host.run(buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: -1 })));
      good(await write(host, Buffer.from('third')));
      assert.deepEqual(host.lib.tapeContents(driveOf(host).cartridge).map((e) => e.kind), ['record', 'filemark', 'record', 'filemark', 'record']);
    } finally {
      await host.close();
    }
  });

  it('the operator slides the write-protect tab of a cartridge taken out; back in a drive it refuses writes (07/27/00) and still reads; only a cartridge in hand has a reachable tab', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'TAB001L8' });
      good(await write(host, Buffer.from('before')));
      good(await host.run(bytes('1b 00 00 00 00 00')));
      assert.equal((await send(host.lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 256, destinationAddress: 16 }))).status, 0);
      await host.lib.frontPanel.openMailslot();
      const cartridge = host.lib.frontPanel.takeFromMailslot();
      assert.throws(() => host.lib.frontPanel.setWriteProtect(host.lib.contents()[0]?.cartridge as Cartridge, true), /take it out/);
      host.lib.frontPanel.setWriteProtect(cartridge, true);
      await host.mount(cartridge);
      sense(await write(host, Buffer.from('x')), '7/27/00');
      good(await host.run(buildRead6Cdb({ transferLength: 6 }), undefined, 6));
    } finally {
      await host.close();
    }
  });

  it('write protect tab: WRITE, WRITE FILEMARKS, ERASE and FORMAT MEDIUM are 07/27/00; reading works', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'WP0001L8', volumeLabel: 'WP0001', writeProtected: true });
      sense(await write(host, Buffer.from('x')), '7/27/00');
      sense(await filemark(host), '7/27/00');
      sense(await host.run(buildErase6Cdb({ long: true })), '7/27/00');
      sense(await host.run(buildFormatMediumCdb()), '7/27/00');
      good(await host.run(buildRead6Cdb({ transferLength: 80 }), undefined, 80));
    } finally {
      await host.close();
    }
  });

  it('LOCATE: to an object (10) and to a file (16, the BOP side of that filemark); beyond end of data 8/00/05 at end of data; a partition the tape lacks 05/24/00', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'LOCATEL8' });
      // r0 FM r2 r3 FM r5 FM
      for (const op of ['r', 'f', 'r', 'r', 'f', 'r', 'f']) good(op === 'r' ? await write(host, Buffer.from('rec')) : await filemark(host));
      good(await host.run(buildLocate10Cdb({ identifier: 3n })));
      assert.equal((await position(host)).readUInt32BE(4), 3);
      good(await host.run(buildLocate16Cdb({ destination: LocateDestination.LOGICAL_FILE, identifier: 1n })));
      assert.equal((await position(host)).readUInt32BE(4), 4, 'on the BOP side of filemark 1');
      good(await host.run(buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: 1 })));
      assert.equal((await position(host, ReadPositionForm.LONG)).readBigUInt64BE(16), 2n, 'then SPACE FM +1 is file 2 (PBS: LOCATE file n − 1)');
      sense(await host.run(buildLocate16Cdb({ identifier: 0xffffffffffffffffn })), '8/00/05');
      assert.equal((await position(host)).readUInt32BE(4), 7, 'at end of data (how LTFS finds it)');
      sense(await host.run(buildLocate16Cdb({ destination: LocateDestination.LOGICAL_FILE, identifier: 3n })), '8/00/05');
      sense(await host.run(buildLocate10Cdb({ identifier: 0n, changePartition: true, partition: 1 })), '5/24/00');
    } finally {
      await host.close();
    }
  });

  it('READ POSITION after 4 blocks and 3 filemarks: short 20 bytes, long 32 bytes (file 3), extended 32 bytes, as ssc.md §7.1 lays them out', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'POSITNL8' });
      assert.equal(hex(await position(host)), '80000000' + '00000000' + '00000000' + '00000000' + '00000000', 'BOP');
      for (const op of ['r', 'r', 'f', 'r', 'f', 'r', 'f']) good(op === 'r' ? await write(host, Buffer.from('rec')) : await filemark(host));
      assert.equal(hex(await position(host)), '00000000' + '00000007' + '00000007' + '00000000' + '00000000');
      assert.equal(hex(await position(host, ReadPositionForm.LONG)), '00000000' + '00000000' + '0000000000000007' + '0000000000000003' + '0000000000000000');
      assert.equal(hex(await position(host, ReadPositionForm.EXTENDED)), '0000001c' + '00000000' + '0000000000000007' + '0000000000000007' + '0000000000000000');
    } finally {
      await host.close();
    }
  });

  it('ERASE: end of data at the head, short or long; what followed is gone', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'ERASE1L8', volumeLabel: 'ERASE1', records: [Buffer.from('a'), Buffer.from('b')] });
      good(await host.run(buildLocate10Cdb({ identifier: 3n })));
      good(await host.run(buildErase6Cdb({ long: true })));
      sense(await host.run(buildRead6Cdb({ transferLength: 1 }), undefined, 1), '8/00/05', { information: 1 });
      good(await host.run(buildLocate10Cdb({ identifier: 2n })));
      good(await host.run(buildErase6Cdb()));
      assert.equal(host.lib.tapeContents(driveOf(host).cartridge).length, 2, 'VOL1 and its filemark');
    } finally {
      await host.close();
    }
  });

  it('FORMAT MEDIUM: only at the beginning of partition 0 (05/2C/00); format 1 makes the two partitions page 11h asked for, each with its own data, kept across a restart; format 0 makes one again', async () => {
    const { dir, remove } = await tempDir();
    try {
      let host = await DriveHost.open({ dir });
      await host.mount({ barcode: 'LTFS01L8' });
      good(await write(host, Buffer.from('old')));
      sense(await host.run(buildFormatMediumCdb({ format: MediumFormat.PARTITION })), '5/2c/00');
      good(await host.run(buildRewindCdb()));
      driveOf(host).settings.pendingPartitions = [1e9, undefined];
      good(await host.run(buildFormatMediumCdb({ format: MediumFormat.PARTITION })));
      assert.deepEqual(driveOf(host).tape.partitionSizes, [1e9, 12e12 - 1e9]);
      sense(await host.run(buildRead6Cdb({ transferLength: 3 }), undefined, 3), '8/00/05', { information: 3 }, );
      good(await write(host, Buffer.from('index')));
      good(await host.run(buildLocate16Cdb({ changePartition: true, partition: 1, identifier: 0n })));
      good(await write(host, Buffer.from('data!')));
      good(await filemark(host));
      assert.equal((await position(host, ReadPositionForm.LONG)).readUInt32BE(4), 1, 'partition 1');
      assert.equal((await position(host)).readUInt8(1), 1);
      good(await host.run(buildWrite16Cdb({ partition: 1, logicalObjectIdentifier: 2n, transferLength: 4 }), Buffer.from('more')));
      sense(await host.run(buildWrite16Cdb({ partition: 0, logicalObjectIdentifier: 3n, transferLength: 4 }), Buffer.from('more')), '5/24/00');
      await host.close();

      host = await DriveHost.open({ dir });
      await host.settle();
      assert.equal(driveOf(host).tape.partitionCount, 2);
      good(await host.run(buildRead16Cdb({ partition: 0, logicalObjectIdentifier: 0n, transferLength: 5 }), undefined, 5));
      good(await host.run(buildLocate16Cdb({ changePartition: true, partition: 1, identifier: 0n })));
      const data = await host.run(buildRead6Cdb({ transferLength: 5 }), undefined, 5);
      assert.equal(data.data.toString(), 'data!');
      good(await host.run(buildRewindCdb()));
      assert.equal((await position(host)).readUInt8(1), 0, 'REWIND goes to partition 0');
      good(await host.run(buildFormatMediumCdb()));
      assert.equal(driveOf(host).tape.partitionCount, 1);
      await host.close();
    } finally {
      await remove();
    }
  });

  it('compression: compressible records take less of the tape than the host sent, random ones the same; off, everything takes its size', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'SQUASHL8' });
      good(await write(host, Buffer.alloc(65536, 0x41)));
      good(await write(host, randomBytes(65536)));
      let usage = driveOf(host).tapeUsage();
      assert.equal(usage?.uncompressedBytes, 131072);
      assert.ok(usage !== undefined && usage.usedBytes < 65536 + 2048, `${usage?.usedBytes} bytes on tape`);
      driveOf(host).settings.compression = false;
      good(await write(host, Buffer.alloc(65536, 0x41)));
      usage = driveOf(host).tapeUsage();
      assert.ok(usage !== undefined && usage.usedBytes >= 2 * 65536);
      assert.equal(driveOf(host).traffic.hostBytesWritten, 3 * 65536);
      good(await host.run(buildRewindCdb()));
      const back = await host.run(buildRead6Cdb({ transferLength: 65536 }), undefined, 65536);
      assert.ok(back.data.equals(Buffer.alloc(65536, 0x41)));
    } finally {
      await host.close();
    }
  });

  it('the library disk quota: a write it has no room for is VOLUME OVERFLOW with EOM, written data stays, the operator hears it once', async () => {
    const { dir, remove } = await tempDir();
    try {
      const base = await loadProfile('library-24');
      const host = await DriveHost.open({ dir, profile: { ...base, tapeQuotaBytes: 300_000 } });
      const events: TapeEvent[] = [];
      host.lib.onTapeEvent((e) => events.push(e));
      try {
        await host.mount({ barcode: 'QUOTA1L8' });
        const record = randomBytes(100_000);
        good(await write(host, record));
        good(await write(host, record));
        sense(await write(host, record), 'd/00/02', { endOfMedium: true, information: 100_000 });
        sense(await write(host, record), 'd/00/02', { endOfMedium: true, information: 100_000 });
        assert.deepEqual(events.map((e) => e.kind), ['quota-reached']);
        good(await host.run(buildRewindCdb()));
        const back = await host.run(buildRead6Cdb({ transferLength: 100_000 }), undefined, 100_000);
        assert.ok(back.data.equals(record));
      } finally {
        await host.close();
      }
    } finally {
      await remove();
    }
  });

  it('tape motion on the library clock: REWIND and LOCATE take their share of a full-length wind, transfers keep to the data rate; without tapeMotion nothing waits', async () => {
    const base = await loadProfile('library-24');
    const host = await DriveHost.open({ profile: { ...base, tapeCapacityBytes: 10_000_000, tapeMotion: { fullTapeTravelMs: 60_000, dataRateMBps: 100 } } });
    try {
      await host.mount({ barcode: 'MOTIONL8' });
      const clock = host.lib.clock;
      let start = clock.now();
      for (let i = 0; i < 10; i++) good(await write(host, randomBytes(500_000)));
      assert.ok(Math.abs(clock.now() - start - 50) <= 5, `5 MB at 100 MB/s took ${clock.now() - start} ms`);
      start = clock.now();
      good(await host.run(buildRewindCdb()));
      assert.equal(clock.now() - start, 30_000, 'half the tape back: half a full wind');
      start = clock.now();
      good(await host.run(buildLocate10Cdb({ identifier: 2n })));
      assert.equal(clock.now() - start, 6_000, '1 MB of 10 MB forward');
      start = clock.now();
      sense(await host.run(buildSpace6Cdb({ code: SpaceCode.BLOCKS, count: -5 })), '0/00/04', { endOfMedium: true, information: 3 });
      assert.equal(clock.now() - start, 6_000, 'back to the beginning, the sense after the travel');
    } finally {
      await host.close();
    }
    const still = await DriveHost.open();
    try {
      await still.mount({ barcode: 'STILL1L8' });
      const start = still.lib.clock.now();
      good(await write(still, randomBytes(500_000)));
      good(await still.run(buildRewindCdb()));
      assert.equal(still.lib.clock.now(), start);
    } finally {
      await still.close();
    }
  });

  it('SET CAPACITY: at the beginning only (05/2C/00 elsewhere), erases and shortens the tape to its share; FFFFh gives the whole length back', async () => {
    const base = await loadProfile('library-24');
    const host = await DriveHost.open({ profile: { ...base, tapeCapacityBytes: 1_000_000 } });
    try {
      await host.mount({ barcode: 'SETCAPL8' });
      good(await write(host, Buffer.from('gone')));
      sense(await host.run(buildSetCapacityCdb({ proportion: 0x8000 })), '5/2c/00');
      good(await host.run(buildRewindCdb()));
      good(await host.run(buildSetCapacityCdb({ proportion: 0x8000 })));
      assert.equal(driveOf(host).tapeUsage()?.partitions[0]?.capacityBytes, Math.floor((1_000_000 * 0x8000) / 0xffff));
      assert.equal(driveOf(host).tapeUsage()?.partitions[0]?.objects, 0, 'erased');
      good(await host.run(buildSetCapacityCdb()));
      assert.equal(driveOf(host).tapeUsage()?.partitions[0]?.capacityBytes, 1_000_000);
      sense(await host.run(buildSetCapacityCdb({ proportion: 0 })), '5/24/00');
    } finally {
      await host.close();
    }
  });
});
