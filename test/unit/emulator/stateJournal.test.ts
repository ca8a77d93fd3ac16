/**
 * The state journal: each save appends one checked record; a torn last record (a crash in the
 * middle of an append) is cut and the state before it used; damage with records after it is
 * refused. Over random move sequences and random cut points of the journal, the reopened library
 * holds exactly the moves whose records are whole — every acknowledged move, none lost or doubled.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildMoveMediumCdb } from '../../../src/scsi/index.ts';
import { EmulatorError, STATE_FILE_NAME, VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';
import { JOURNAL_FILE_NAME, frameRecord, scanJournal } from '../../../src/emulator/stateJournal.ts';
import { assertGood, drainAttentions, send, tempDir } from './helpers.ts';

const JOURNAL = '/x/library-state.journal';

async function open(dir: string, profile = 'library-24'): Promise<VirtualLibrary> {
  return VirtualLibrary.open({ dir, profile, clock: new VirtualClock({ autoAdvance: true }), instant: true });
}

function move(source: number, destination: number): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });
}

/** Where every cartridge is: label by address. */
function placement(lib: VirtualLibrary): Record<number, string | null> {
  return Object.fromEntries(lib.contents().map((c) => [c.address, c.cartridge.label]));
}

/** A copy of the library's files as a crash would leave them: snapshot as is, journal cut at `journalBytes`. */
async function crashCopy(dir: string, journalBytes: number): Promise<{ dir: string; remove: () => Promise<void> }> {
  const copy = await mkdtemp(join(tmpdir(), 'changer-crash-'));
  await copyFile(join(dir, STATE_FILE_NAME), join(copy, STATE_FILE_NAME));
  await copyFile(join(dir, JOURNAL_FILE_NAME), join(copy, JOURNAL_FILE_NAME));
  await truncate(join(copy, JOURNAL_FILE_NAME), journalBytes);
  return { dir: copy, remove: () => rm(copy, { recursive: true, force: true }) };
}

describe('state journal framing', () => {
  it('frames a record as length, CRC32C and the UTF-8 payload', () => {
    // CRC32C("123456789") = E3069283h, the check value of RFC 3720 B.4.
    assert.deepEqual(frameRecord('123456789'), Buffer.from([9, 0, 0, 0, 0x83, 0x92, 0x06, 0xe3, ...Buffer.from('123456789')]));
  });

  it('reads back whole records, and cuts a torn last record at every point it can be torn', () => {
    const header = frameRecord('{"format":"changer-virtual-library-journal","version":1,"snapshot":"00ff"}');
    const first = frameRecord('{"elements":[{"address":1}]}');
    const last = frameRecord('{"elements":[{"address":2}]}');
    const whole = Buffer.concat([header, first, last]);
    assert.deepEqual(scanJournal(whole, JOURNAL), { snapshotId: '00ff', changes: ['{"elements":[{"address":1}]}', '{"elements":[{"address":2}]}'], goodLength: whole.length, tornBytes: 0 });
    for (let cut = header.length + first.length; cut < whole.length; cut++) {
      const scan = scanJournal(whole.subarray(0, cut), JOURNAL);
      assert.deepEqual([scan.changes.length, scan.goodLength, scan.tornBytes], [1, header.length + first.length, cut - header.length - first.length], `cut at ${cut}`);
    }
    const garbled = Buffer.from(whole);
    garbled[garbled.length - 3] = (garbled[garbled.length - 3] as number) ^ 0x40; // a last record whose bytes did not all reach the disk
    assert.equal(scanJournal(garbled, JOURNAL).changes.length, 1);
    const zeroTail = Buffer.concat([header, first, Buffer.alloc(40)]); // a power loss can leave the extended size with zeros
    assert.deepEqual([scanJournal(zeroTail, JOURNAL).changes.length, scanJournal(zeroTail, JOURNAL).tornBytes], [1, 40]);
  });

  it('refuses a record that fails its checksum with records after it', () => {
    const header = frameRecord('{"format":"changer-virtual-library-journal","version":1,"snapshot":"00ff"}');
    const damaged = Buffer.concat([header, frameRecord('{"elements":[{"address":1}]}'), frameRecord('{"elements":[{"address":2}]}')]);
    damaged[header.length + 12] = (damaged[header.length + 12] as number) ^ 0x01;
    assert.throws(
      () => scanJournal(damaged, JOURNAL),
      (e: unknown) =>
        e instanceof EmulatorError &&
        e.code === 'STATE_CORRUPT' &&
        e.message.startsWith(`Virtual library journal ${JOURNAL} is corrupt: record 2 (at byte ${header.length}) fails its checksum and ${damaged.length - header.length - 8 - 28} bytes of records follow it.`) &&
        e.message.includes('move the journal aside'),
    );
  });
});

describe('state journal on disk', () => {
  it('appends each save to the journal (the snapshot stays as it was) and compacts it into the snapshot on close', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir);
      await drainAttentions(lib);
      await lib.flush();
      const snapshot = await readFile(join(dir, STATE_FILE_NAME), 'utf8');
      const emptyJournal = (await stat(join(dir, JOURNAL_FILE_NAME))).size;
      assertGood(await send(lib, move(4096, 256)));
      await lib.flush();
      assert.equal(await readFile(join(dir, STATE_FILE_NAME), 'utf8'), snapshot);
      const journal = await readFile(join(dir, JOURNAL_FILE_NAME));
      const changes = scanJournal(journal, JOURNAL).changes.map((c) => JSON.parse(c) as { elements?: { address: number; cartridge?: { label: string }; loaded?: boolean }[] });
      const drive = changes.flatMap((c) => c.elements ?? []).filter((e) => e.address === 256).at(-1);
      assert.deepEqual([drive?.cartridge?.label, drive?.loaded], ['A00001L8', true], 'the last record of the drive holds the loaded cartridge');
      const crashed = await crashCopy(dir, journal.length);
      try {
        const reopened = await open(crashed.dir);
        assert.equal(placement(reopened)[256], 'A00001L8');
        await reopened.close();
      } finally {
        await crashed.remove();
      }
      const expected = placement(lib);
      await lib.close();
      assert.equal((await stat(join(dir, JOURNAL_FILE_NAME))).size, emptyJournal, 'after the close the journal holds only its header');
      assert.ok((await readFile(join(dir, STATE_FILE_NAME), 'utf8')).includes('"address":256,"cartridge"'));
      lib = await open(dir);
      assert.deepEqual(placement(lib), expected);
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('opens a state file written before journals unchanged, and journals from its first save on', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir);
      await lib.close();
      const path = join(dir, STATE_FILE_NAME);
      const legacy = (await readFile(path, 'utf8')).replace(/"journal":"[0-9a-f]{16}",/, '');
      await writeFile(path, legacy);
      await rm(join(dir, JOURNAL_FILE_NAME));
      lib = await open(dir);
      await drainAttentions(lib);
      assert.equal(await readFile(path, 'utf8'), legacy, 'opening alone writes nothing');
      assertGood(await send(lib, move(4096, 4100)));
      assertGood(await send(lib, move(4100, 4105)));
      await lib.flush();
      const crashed = await crashCopy(dir, (await stat(join(dir, JOURNAL_FILE_NAME))).size);
      try {
        const reopened = await open(crashed.dir);
        assert.deepEqual([placement(reopened)[4096], placement(reopened)[4105]], [undefined, 'A00001L8']);
        await reopened.close();
      } finally {
        await crashed.remove();
      }
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('cuts a torn last record, keeps appending after it, and refuses a journal damaged in the middle', async () => {
    const { dir, remove } = await tempDir();
    try {
      const lib = await open(dir);
      await drainAttentions(lib);
      assertGood(await send(lib, move(4096, 4100)));
      await lib.flush();
      const oneMove = (await stat(join(dir, JOURNAL_FILE_NAME))).size;
      assertGood(await send(lib, move(4100, 4105)));
      await lib.flush();
      const journal = await readFile(join(dir, JOURNAL_FILE_NAME));
      const crashed = await crashCopy(dir, oneMove + 5); // inside the first record of the second move
      try {
        const reopened = await open(crashed.dir);
        assert.deepEqual([placement(reopened)[4100], placement(reopened)[4105]], ['A00001L8', undefined], 'the state before the torn record');
        await drainAttentions(reopened);
        assertGood(await send(reopened, move(4097, 4110)));
        await reopened.flush();
        const after = placement(reopened);
        const continued = await readFile(join(crashed.dir, JOURNAL_FILE_NAME));
        assert.equal(scanJournal(continued, JOURNAL).tornBytes, 0, 'the torn bytes were cut before the next record');
        const again = await crashCopy(crashed.dir, continued.length);
        await reopened.close();
        try {
          const third = await open(again.dir);
          assert.deepEqual(placement(third), after);
          await third.close();
        } finally {
          await again.remove();
        }
      } finally {
        await crashed.remove();
      }
      const damaged = Buffer.from(journal);
      damaged[oneMove - 4] = (damaged[oneMove - 4] as number) ^ 0x20; // inside the first change record, with another after it
      const corrupt = await mkdtemp(join(tmpdir(), 'changer-corrupt-'));
      try {
        await copyFile(join(dir, STATE_FILE_NAME), join(corrupt, STATE_FILE_NAME));
        await writeFile(join(corrupt, JOURNAL_FILE_NAME), damaged);
        await assert.rejects(open(corrupt), (e: unknown) => e instanceof EmulatorError && e.code === 'STATE_CORRUPT' && e.message.includes(join(corrupt, JOURNAL_FILE_NAME)) && e.message.includes('fails its checksum'));
        assert.deepEqual(await readFile(join(corrupt, JOURNAL_FILE_NAME)), damaged, 'the journal is left as it is');
      } finally {
        await rm(corrupt, { recursive: true, force: true });
      }
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('holds exactly the moves whose records are whole, for random moves and random cut points', async () => {
    const slots = [4096, 4097, 4098, 4099, 4100, 4101, 4102, 4103, 4104, 4105];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), async (picks, cutAt) => {
        const { dir, remove } = await tempDir();
        try {
          const lib = await open(dir);
          await drainAttentions(lib);
          await lib.flush();
          const states = [placement(lib)];
          const sources: number[] = [];
          const ends = [(await stat(join(dir, JOURNAL_FILE_NAME))).size];
          for (const [from, to] of picks) {
            const now = placement(lib);
            const full = slots.filter((s) => now[s] !== undefined);
            const empty = slots.filter((s) => now[s] === undefined);
            const source = full[from % full.length] as number;
            sources.push(source);
            assertGood(await send(lib, move(source, empty[to % empty.length] as number)));
            await lib.flush(); // acknowledged: on disk
            states.push(placement(lib));
            ends.push((await stat(join(dir, JOURNAL_FILE_NAME))).size);
          }
          const first = ends[0] as number;
          const cut = first + Math.floor(cutAt * ((ends.at(-1) as number) - first));
          const crashed = await crashCopy(dir, cut);
          try {
            const reopened = await open(crashed.dir);
            const whole = ends.filter((end) => end <= cut).length - 1;
            // Cut inside a move's records: the state a crash there leaves, the cartridge still in the picker (1).
            const acknowledged = states[whole] as Record<number, string | null>;
            const next = sources[whole];
            const inPicker = next === undefined ? acknowledged : { ...Object.fromEntries(Object.entries(acknowledged).filter(([a]) => Number(a) !== next)), 1: acknowledged[next] ?? null };
            const found = placement(reopened);
            assert.ok(isDeepStrictEqual(found, acknowledged) || isDeepStrictEqual(found, inPicker), `cut at ${cut}: ${JSON.stringify(found)}`);
            assert.deepEqual(Object.values(placement(reopened)).sort(), Object.values(states[0] as object).sort(), 'no cartridge lost or doubled');
            await reopened.close();
          } finally {
            await crashed.remove();
          }
          await lib.close();
        } finally {
          await remove();
        }
      }),
      { numRuns: 12 },
    );
  });
});
