/**
 * Property: any sequence of WRITE and READ (variable and fixed-block), WRITE FILEMARKS, SPACE (blocks, filemarks, end of data),
 * LOCATE, REWIND and READ through a drive's CDBs agrees with a step-by-step model of a tape
 * (tapeModel.ts) on the data, the sense (key, ASC/ASCQ, FILEMARK/EOM/ILI, INFORMATION) and the
 * position after every step — in memory, and on tape files with compression on and off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  SpaceCode,
  buildRead6Cdb,
  buildReadPositionCdb,
  buildRewindCdb,
  buildSpace6Cdb,
  buildWrite6Cdb,
  buildWriteFilemarks6Cdb,
  parseReadPositionShortData,
} from '../../../../src/scsi/index.ts';
import { buildLocate10Cdb } from '../../../../src/scsi/ssc/locate.ts';
import { ReadPositionForm } from '../../../../src/scsi/index.ts';
import { parseReadPositionLongData } from '../../../../src/scsi/ssc/readPositionLongData.ts';
import { tempDir } from '../helpers.ts';
import { DriveHost, type DriveAnswer } from './driveHost.ts';
import { TapeModel, type ModelAnswer } from './tapeModel.ts';

type Operation =
  | { readonly kind: 'write'; readonly record: Uint8Array }
  | { readonly kind: 'filemarks'; readonly count: number }
  | { readonly kind: 'read'; readonly length: number }
  | { readonly kind: 'space-blocks'; readonly count: number }
  | { readonly kind: 'space-filemarks'; readonly count: number }
  | { readonly kind: 'end-of-data' }
  | { readonly kind: 'locate'; readonly object: number }
  | { readonly kind: 'rewind' }
  | { readonly kind: 'write-fixed'; readonly count: number; readonly fill: number }
  | { readonly kind: 'read-fixed'; readonly count: number };

/** The fixed block length the drive is set to (MODE SELECT) for the FIXED = 1 operations. */
const BLOCK = 16;

/** Records compressible (runs) or not (random), so compression is exercised both ways. */
const recordBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }),
  fc.tuple(fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 0, max: 255 })).map(([length, byte]) => new Uint8Array(length).fill(byte)),
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: recordBytes.map((record) => ({ kind: 'write' as const, record })), weight: 5 },
  { arbitrary: fc.integer({ min: 0, max: 3 }).map((count) => ({ kind: 'filemarks' as const, count })), weight: 2 },
  { arbitrary: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(9000)).map((length) => ({ kind: 'read' as const, length })), weight: 4 },
  { arbitrary: fc.integer({ min: -5, max: 5 }).map((count) => ({ kind: 'space-blocks' as const, count })), weight: 2 },
  { arbitrary: fc.integer({ min: -3, max: 3 }).map((count) => ({ kind: 'space-filemarks' as const, count })), weight: 2 },
  { arbitrary: fc.constant({ kind: 'end-of-data' as const }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 30 }).map((object) => ({ kind: 'locate' as const, object })), weight: 2 },
  { arbitrary: fc.constant({ kind: 'rewind' as const }), weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 255 })).map(([count, fill]) => ({ kind: 'write-fixed' as const, count, fill })), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 4 }).map((count) => ({ kind: 'read-fixed' as const, count })), weight: 2 },
);

function fixedData(op: { count: number; fill: number }): Buffer {
  return Buffer.from(Array.from({ length: op.count * BLOCK }, (_, i) => (op.fill + i) & 0xff));
}

async function onDrive(host: DriveHost, op: Operation): Promise<DriveAnswer> {
  switch (op.kind) {
    case 'write':
      return host.run(buildWrite6Cdb({ transferLength: op.record.length }), op.record);
    case 'filemarks':
      return host.run(buildWriteFilemarks6Cdb({ count: op.count }));
    case 'read':
      return host.run(buildRead6Cdb({ transferLength: op.length }), undefined, op.length);
    case 'space-blocks':
      return host.run(buildSpace6Cdb({ code: SpaceCode.BLOCKS, count: op.count }));
    case 'space-filemarks':
      return host.run(buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: op.count }));
    case 'end-of-data':
      return host.run(buildSpace6Cdb({ code: SpaceCode.END_OF_DATA }));
    case 'locate':
      return host.run(buildLocate10Cdb({ identifier: BigInt(op.object) }));
    case 'rewind':
      return host.run(buildRewindCdb());
    case 'write-fixed':
      return host.run(buildWrite6Cdb({ fixed: true, transferLength: op.count }), fixedData(op));
    case 'read-fixed':
      return host.run(buildRead6Cdb({ fixed: true, transferLength: op.count }), undefined, op.count * BLOCK);
  }
}

function onModel(model: TapeModel, op: Operation): ModelAnswer {
  switch (op.kind) {
    case 'write':
      return model.write(op.record);
    case 'filemarks':
      return model.filemarks(op.count);
    case 'read':
      return model.read(op.length);
    case 'space-blocks':
      return model.spaceBlocks(op.count);
    case 'space-filemarks':
      return model.spaceFilemarks(op.count);
    case 'end-of-data':
      return model.endOfData();
    case 'locate':
      return model.locate(op.object);
    case 'rewind':
      model.head = 0;
      return { data: Buffer.alloc(0), sense: undefined };
    case 'write-fixed':
      return model.writeFixed(fixedData(op), BLOCK, op.count);
    case 'read-fixed':
      return model.readFixed(BLOCK, op.count);
  }
}

async function agree(host: DriveHost, ops: readonly Operation[]): Promise<void> {
  const model = new TapeModel();
  for (const [i, op] of ops.entries()) {
    const got = await onDrive(host, op);
    const want = onModel(model, op);
    const what = `step ${i} ${op.kind} ${JSON.stringify({ ...op, record: undefined })}`;
    assert.deepEqual(got.sense, want.sense, what);
    assert.ok(got.data.equals(want.data), `${what}: data`);
    const short = await host.execute(buildReadPositionCdb({ form: ReadPositionForm.SHORT }));
    assert.equal(parseReadPositionShortData(short.dataIn).firstBlockLocation, model.head, `${what}: position`);
    const long = await host.execute(buildReadPositionCdb({ form: ReadPositionForm.LONG }));
    assert.equal(Number(parseReadPositionLongData(long.dataIn).logicalFileIdentifier), model.file, `${what}: file`);
  }
  await host.run(buildRewindCdb());
  for (const entry of model.tape) {
    const length = entry === 'filemark' ? 1 : entry.length;
    const back = await host.run(buildRead6Cdb({ transferLength: length }), undefined, length);
    if (entry === 'filemark') assert.equal(back.sense?.condition, '0/00/01');
    else assert.ok(back.sense === undefined && back.data.equals(entry), 'the whole tape reads back');
  }
}

const SETTINGS = [
  { name: 'in memory', compression: true, dir: false, runs: 150 },
  { name: 'in tape files, compression on', compression: true, dir: true, runs: 40 },
  { name: 'in tape files, compression off', compression: false, dir: true, runs: 30 },
] as const;

describe('tape store against a model of a tape', () => {
  for (const setting of SETTINGS) {
    it(`property (${setting.name}): write, filemarks, space, locate, rewind and read agree with the model`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 40 }), async (ops) => {
          const temp = setting.dir ? await tempDir() : undefined;
          const host = await DriveHost.open(temp === undefined ? {} : { dir: temp.dir });
          try {
            await host.mount({ barcode: 'MODEL1L8' });
            const drive = host.lib.drives[0]?.drive;
            assert.ok(drive !== undefined);
            drive.settings.compression = setting.compression;
            drive.settings.blockSize = BLOCK; // as MODE SELECT sets it (sscParameters.test.ts); FIXED = 0 writes still work
            await agree(host, ops);
            assert.deepEqual(host.lib.drives[0]?.internalErrors, []);
          } finally {
            await host.close();
            await temp?.remove();
          }
        }),
        { numRuns: setting.runs },
      );
    });
  }
});
