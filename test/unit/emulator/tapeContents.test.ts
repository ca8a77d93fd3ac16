/**
 * What is written on a cartridge: volume labels and raw records the operator's cartridges carry,
 * kept exactly across a restart (in the library's tape files, not the state file); state files
 * that kept tapes as base64 are migrated into tape files when opened; older state files without
 * contents still open (blank tapes). Drives count loads toward their next cleaning and keep the
 * count and the "Clean now" condition across a restart too.
 */
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildMoveMediumCdb } from '../../../src/scsi/index.ts';
import {
  FrontPanelError,
  STATE_FILE_NAME,
  VirtualClock,
  VirtualLibrary,
  loadProfile,
  validateProfile,
  type Cartridge,
  type CartridgeSpec,
  type Profile,
} from '../../../src/emulator/index.ts';
import { ElementMap } from '../../../src/emulator/elementMap.ts';
import { decodeState, encodeState } from '../../../src/emulator/stateFile.ts';
import { LibraryState } from '../../../src/emulator/libraryState.ts';
import { createCartridge } from '../../../src/emulator/cartridge.ts';
import { FILEMARK, TAPE_CAPACITY_BYTES, record, type TapeEntry } from '../../../src/emulator/tapeContents.ts';
import { assertGood, drainAttentions, send, tempDir } from './helpers.ts';

const VOL1_ABC123 = 'VOL1ABC123' + ' '.repeat(69) + '4';

async function open(dir: string, profile?: string | Profile): Promise<VirtualLibrary> {
  return VirtualLibrary.open({ dir, ...(profile === undefined ? {} : { profile }), clock: new VirtualClock({ autoAdvance: true }) });
}

function move(source: number, destination: number): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });
}

/** Opens the mailslot, takes out what is in it, and puts a new cartridge made from `spec` there (address 16). */
async function insertNew(lib: VirtualLibrary, spec: CartridgeSpec): Promise<Cartridge> {
  await lib.frontPanel.openMailslot();
  if (lib.contents().some((l) => l.address === 16)) lib.frontPanel.takeFromMailslot();
  return lib.frontPanel.insertIntoMailslot(spec);
}

/** library-24 whose drives ask for cleaning after `loads` loads. */
async function cleaningProfile(loads: number): Promise<Profile> {
  const base = await loadProfile('library-24');
  return { ...base, name: 'library-24', drives: base.drives.map((g) => ({ ...g, cleanAfterLoads: loads })) };
}

describe('cartridge contents', () => {
  it('a cartridge with a volume label carries the 80-byte VOL1 record and a filemark; records follow', async () => {
    const lib = await VirtualLibrary.open({ profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }) });
    const header = Uint8Array.from([0x41, 0x4d, 0x41, 0x4e, 0x44, 0x41]);
    const c = await insertNew(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123', records: [header] });
    const tape = lib.tapeContents(c);
    assert.equal(tape.length, 3);
    const [label, mark, raw] = tape;
    assert.ok(label?.kind === 'record');
    assert.equal(Buffer.from(label.bytes).toString('latin1'), VOL1_ABC123);
    assert.deepEqual(mark, { kind: 'filemark' });
    assert.ok(raw?.kind === 'record');
    assert.deepEqual(raw.bytes, header);
    await lib.close();
  });

  it('refuses a volume label that does not fit VOL1, or records past 1 MiB, and inserts nothing', async () => {
    const lib = await VirtualLibrary.open({ profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }) });
    await lib.frontPanel.openMailslot();
    lib.frontPanel.takeFromMailslot();
    const nextId = (): number => Math.max(0, ...lib.contents().map((l) => l.cartridge.id), ...lib.frontPanel.outside.map((c) => c.id));
    const before = nextId();
    assert.throws(
      () => lib.frontPanel.insertIntoMailslot({ barcode: 'TOOLONG1', volumeLabel: 'TOOLONG' }),
      (e: unknown) => e instanceof FrontPanelError && e.code === 'BAD_CARTRIDGE' && /TOOLONG.*1 to 6 printable/.test(e.message),
    );
    assert.throws(
      () => lib.frontPanel.insertIntoMailslot({ barcode: 'BIG001L8', records: [new Uint8Array(TAPE_CAPACITY_BYTES + 1)] }),
      (e: unknown) => e instanceof FrontPanelError && e.code === 'BAD_CARTRIDGE' && e.message.includes('1048576'),
    );
    assert.equal(nextId(), before);
    const blank = lib.frontPanel.insertIntoMailslot({ barcode: 'BLANK1L8' });
    assert.equal(lib.tapeContents(blank).length, 0, 'blank by default');
    assert.equal(blank.id, before + 1, 'the refused cartridges took no id');
    await lib.close();
  });

  it('keeps contents and the write-protect switch exactly across close and reopen; the tape is in its own file, not the state file', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await insertNew(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123', records: [Uint8Array.from([1, 2, 3])], writeProtected: true });
      const before = structuredClone(lib.contents());
      await lib.close();
      const file = JSON.parse(await readFile(join(dir, STATE_FILE_NAME), 'utf8')) as { elements: { address: number; cartridge?: { tape?: unknown; writeProtected?: boolean; id: number } }[] };
      const saved = file.elements.find((e) => e.address === 16)?.cartridge;
      assert.equal(saved?.tape, undefined);
      assert.equal(saved?.writeProtected, true);
      assert.ok((await readdir(join(dir, 'tapes'))).includes(`${saved?.id}-ABC123L8.p0.tape`));
      lib = await open(dir);
      assert.deepEqual(lib.contents(), before);
      const c = lib.contents().find((l) => l.address === 16)?.cartridge;
      assert.ok(c !== undefined);
      assert.deepEqual(lib.tapeContents(c), [record(new Uint8Array(Buffer.from(VOL1_ABC123, 'latin1'))), FILEMARK, record(Uint8Array.from([1, 2, 3]))]);
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('migrates a state file that kept tapes as base64: the tape moves to its file, the state file loses it, both survive another reopen', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await lib.close();
      const path = join(dir, STATE_FILE_NAME);
      const file = JSON.parse(await readFile(path, 'utf8')) as { elements: { address: number; cartridge?: { tape?: unknown; id: number } }[] };
      const slot = file.elements.find((e) => e.cartridge !== undefined);
      assert.ok(slot?.cartridge !== undefined);
      slot.cartridge.tape = [Buffer.from(VOL1_ABC123, 'latin1').toString('base64'), 2, 'AQID'];
      await writeFile(path, JSON.stringify(file));
      for (let round = 0; round < 2; round++) {
        lib = await open(dir);
        const c: Readonly<Cartridge> | undefined = lib.contents().find((l) => l.address === slot.address)?.cartridge;
        assert.ok(c !== undefined);
        assert.deepEqual(lib.tapeContents(c), [record(new Uint8Array(Buffer.from(VOL1_ABC123, 'latin1'))), FILEMARK, FILEMARK, record(Uint8Array.from([1, 2, 3]))]);
        await lib.close();
        const again = JSON.parse(await readFile(path, 'utf8')) as typeof file;
        assert.equal(again.elements.find((e) => e.address === slot.address)?.cartridge?.tape, undefined, 'the state file no longer holds the tape');
      }
    } finally {
      await remove();
    }
  });

  it('opens a state file written before tapes had contents and drives a cleaning count: blank tapes, clean drives', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await lib.close();
      const path = join(dir, STATE_FILE_NAME);
      const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      delete file.drives;
      await writeFile(path, JSON.stringify(file));
      lib = await open(dir);
      assert.ok(lib.contents().every((l) => lib.tapeContents(l.cartridge).length === 0 && !l.cartridge.writeProtected));
      assert.equal(lib.frontPanel.driveNeedsCleaning(0), false);
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('refuses an old-format state file whose tape is not base64 records and filemark counts', async () => {
    const profile = await loadProfile('library-24');
    const map = new ElementMap(profile);
    const state = new LibraryState(map, ['left', 'right'], ['mailslot']);
    state.element(4096).cartridge = createCartridge(1, { barcode: 'A00001L8' }, 50);
    state.nextCartridgeId = 2;
    const text = encodeState(profile, state).replace('"label":"A00001L8"', '"label":"A00001L8","tape":["CQ=="]');
    const legacy = new Map<number, TapeEntry[]>();
    decodeState(text, 'f.json', profile, map, legacy);
    assert.deepEqual(legacy.get(1), [record(Uint8Array.from([9]))]);
    for (const bad of ['["not base64!"]', '[0]', '[""]', '"CQ=="']) {
      assert.throws(() => decodeState(text.replace('["CQ=="]', bad), 'f.json', profile, map), /tape/);
    }
  });

  it('property: any old-format tape of records and filemarks decodes to exactly what it held', () => {
    const entry: fc.Arbitrary<TapeEntry> = fc.oneof(
      fc.constant(FILEMARK),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => record(bytes)),
    );
    return loadProfile('library-24').then((profile) => {
      const map = new ElementMap(profile);
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 40 }), fc.boolean(), fc.nat({ max: 1000 }), fc.boolean(), (tape, writeProtected, loads, cleanNow) => {
          const state = new LibraryState(map, ['left', 'right'], ['mailslot']);
          const cartridge = createCartridge(1, { barcode: 'A00001L8', writeProtected }, 50);
          state.element(256).cartridge = cartridge;
          state.element(256).loaded = true;
          Object.assign(state.cleaningOf(257), { loadsSinceCleaning: loads, cleanNow });
          state.nextCartridgeId = 2;
          const json = JSON.parse(encodeState(profile, state)) as { elements: { address: number; cartridge?: Record<string, unknown> }[] };
          const saved = json.elements.find((e) => e.address === 256)?.cartridge;
          assert.ok(saved !== undefined);
          if (tape.length > 0) saved.tape = oldFormat(tape);
          const legacy = new Map<number, TapeEntry[]>();
          const back = decodeState(JSON.stringify(json), 'f.json', profile, map, legacy);
          assert.deepEqual(back.element(256).cartridge, cartridge);
          assert.deepEqual(legacy.get(1) ?? [], tape.map((e) => (e.kind === 'record' ? record(new Uint8Array(e.bytes)) : e)));
          assert.deepEqual(back.cleaningOf(257), { loadsSinceCleaning: loads, cleanNow, cleanPeriodic: false });
          assert.deepEqual(back.cleaningOf(256), { loadsSinceCleaning: 0, cleanNow: false, cleanPeriodic: false });
        }),
        { numRuns: 200 },
      );
    });
  });
});

/** A tape as state files kept it before tapes had files: base64 records, runs of filemarks as counts. */
function oldFormat(tape: readonly TapeEntry[]): (string | number)[] {
  const items: (string | number)[] = [];
  for (const entry of tape) {
    if (entry.kind === 'record') {
      items.push(Buffer.from(entry.bytes).toString('base64'));
      continue;
    }
    const last = items.length - 1;
    if (typeof items[last] === 'number') items[last] += 1;
    else items.push(1);
  }
  return items;
}

describe('drive cleaning counters', () => {
  it('a drive asks for cleaning at cleanAfterLoads; a cleaner with uses cleans it; counters survive a restart', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, await cleaningProfile(2));
      await drainAttentions(lib);
      assertGood(await send(lib, move(4096, 256)));
      assertGood(await send(lib, move(256, 4096)));
      assert.equal(lib.frontPanel.driveNeedsCleaning(0), false, 'one load of two');
      await lib.close();

      lib = await open(dir, await cleaningProfile(2));
      await drainAttentions(lib);
      assertGood(await send(lib, move(4096, 256)));
      assert.equal(lib.frontPanel.driveNeedsCleaning(0), true, 'the second load, counted across the restart');
      assertGood(await send(lib, move(256, 4096)));
      await lib.close();

      lib = await open(dir, await cleaningProfile(2));
      await drainAttentions(lib);
      assert.equal(lib.frontPanel.driveNeedsCleaning(0), true, '"Clean now" survives a restart');
      assertGood(await send(lib, move(4116, 256)));
      await lib.frontPanel.driveReady(0); // the cleaning cycle: a load and an unload long
      assert.equal(lib.frontPanel.driveNeedsCleaning(0), false);
      assert.equal(lib.contents().find((l) => l.cartridge.label === 'CLN001L1')?.cartridge.cleaningUsesLeft, 49);
      assert.equal(lib.frontPanel.driveNeedsCleaning(1), false, 'the other drive was never loaded');
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('profile validation takes cleanAfterLoads from 1 up, and names a bad one by its path', async () => {
    const base = await loadProfile('library-24');
    assert.equal(validateProfile(await cleaningProfile(100), 'x').drives[0]?.cleanAfterLoads, 100);
    assert.equal(validateProfile(base, 'x').drives[0]?.cleanAfterLoads, undefined);
    const bad = { ...base, drives: [{ ...base.drives[0], cleanAfterLoads: 0 }] };
    assert.throws(() => validateProfile(bad, 'x'), /drives\[0\]\.cleanAfterLoads: must be an integer from 1 to 1000000/);
  });

  it('a spent cleaner does not clean; soilDrive makes a drive ask without loads', async () => {
    const lib = await VirtualLibrary.open({ profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }) });
    await drainAttentions(lib);
    lib.frontPanel.soilDrive(1);
    assert.equal(lib.frontPanel.driveNeedsCleaning(1), true);
    await insertNew(lib, { barcode: 'CLN002L1', cleaningUses: 0 });
    await lib.frontPanel.closeMailslot();
    await drainAttentions(lib);
    assertGood(await send(lib, move(16, 257)));
    assert.equal(lib.frontPanel.driveNeedsCleaning(1), true);
    assert.throws(() => lib.frontPanel.soilDrive(2), (e: unknown) => e instanceof FrontPanelError && e.code === 'NO_SUCH_ELEMENT');
    await lib.close();
  });
});
