/**
 * Library profiles are data: every built-in loads and has the element map it claims; a broken
 * profile is refused with every bad field named; a virtual: URL opens a library.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BUILT_IN_PROFILES,
  EmulatorError,
  VirtualLibrary,
  clockFromSpec,
  loadProfile,
  loadProfileFile,
  openVirtualLibraryUrl,
  validateProfile,
  type ElementKind,
} from '../../../src/emulator/index.ts';
import { tempDir } from './helpers.ts';

interface MapSummary {
  readonly first: Record<ElementKind, number>;
  readonly count: Record<ElementKind, number>;
}

async function summary(name: string): Promise<MapSummary> {
  const lib = await VirtualLibrary.open({ profile: name, instant: true });
  const kinds: ElementKind[] = ['transport', 'slot', 'ieport', 'drive'];
  const first = Object.fromEntries(kinds.map((k) => [k, lib.addresses(k)[0] ?? -1])) as Record<ElementKind, number>;
  const count = Object.fromEntries(kinds.map((k) => [k, lib.addresses(k).length])) as Record<ElementKind, number>;
  await lib.close();
  return { first, count };
}

describe('built-in profiles', () => {
  it('are the five the project names', () => {
    assert.deepEqual([...BUILT_IN_PROFILES].sort(), ['autoloader-8', 'enterprise-10000', 'jukebox-optical', 'library-24', 'library-500']);
  });

  const expected: Record<string, MapSummary> = {
    'autoloader-8': { first: { transport: 1, slot: 0x20, ieport: -1, drive: 0x1e0 }, count: { transport: 1, slot: 8, ieport: 0, drive: 1 } },
    'library-24': { first: { transport: 1, slot: 0x1000, ieport: 0x10, drive: 0x100 }, count: { transport: 1, slot: 24, ieport: 1, drive: 2 } },
    'library-500': { first: { transport: 1, slot: 1000, ieport: 10, drive: 500 }, count: { transport: 2, slot: 500, ieport: 10, drive: 12 } },
    'enterprise-10000': { first: { transport: 1, slot: 0x400, ieport: 0x300, drive: 0x101 }, count: { transport: 2, slot: 10_000, ieport: 32, drive: 64 } },
    'jukebox-optical': { first: { transport: 0x2000, slot: 1, ieport: 0x4000, drive: 0x3001 }, count: { transport: 1, slot: 32, ieport: 1, drive: 4 } },
  };
  for (const [name, map] of Object.entries(expected)) {
    it(`${name} has its vendor element map`, async () => {
      assert.deepEqual(await summary(name), map);
    });
  }

  it('load initial media: labelled cartridges, a cleaner, an unlabeled one, empty slots', async () => {
    const lib = await VirtualLibrary.open({ profile: 'library-24', instant: true });
    const labels = lib.contents().map((c) => c.cartridge.label);
    assert.ok(labels.includes('A00001L8'));
    assert.ok(labels.includes('CLN001L1'));
    assert.ok(labels.includes(null));
    assert.ok(lib.contents().length < 24 + 1);
    assert.equal(lib.contents().find((c) => c.cartridge.label === 'CLN001L1')?.cartridge.kind, 'cleaning');
    await lib.close();
  });
});

describe('profile validation', () => {
  it('lists every bad field with its path', async () => {
    const good = await loadProfile('library-24');
    const broken = JSON.parse(JSON.stringify(good)) as Record<string, unknown> & { inquiry: Record<string, unknown>; timings: Record<string, unknown>; robots: unknown[] };
    broken.inquiry.vendor = 'A-VENDOR-NAME-TOO-LONG';
    broken.timings.moveMs = -1;
    broken.robots = [{ name: 'r', pickers: [1, 2, 3] }];
    assert.throws(
      () => validateProfile(broken, 'test.json'),
      (e: unknown) => {
        assert.ok(e instanceof EmulatorError && e.code === 'PROFILE_INVALID');
        assert.match(e.message, /test\.json/);
        assert.match(e.message, /inquiry\.vendor/);
        assert.match(e.message, /timings\.moveMs/);
        assert.match(e.message, /robots\[0\]\.pickers: pickers are not individually addressable: give the robot one transport element address and its gripper count/);
        return true;
      },
    );
  });

  it('refuses overlapping addresses and EXCHANGE without two grippers', async () => {
    const good = await loadProfile('library-24');
    const overlap = { ...good, drives: [{ ...good.drives[0], first: 0x1000 }] };
    assert.throws(() => validateProfile(overlap, 'x'), /element address 4096 \(0x1000\) is also used by slots\[0\]/);
    const exchange = { ...good, features: { ...good.features, exchange: true } };
    assert.throws(() => validateProfile(exchange, 'x'), /EXCHANGE MEDIUM needs two grippers on every robot/);
  });

  it('names unknown profiles and unreadable files', async () => {
    await assert.rejects(loadProfile('library-9'), (e: unknown) => e instanceof EmulatorError && e.code === 'PROFILE_NOT_FOUND' && e.message.includes('library-24'));
    const { dir, remove } = await tempDir();
    try {
      const path = join(dir, 'mine.json');
      await writeFile(path, '{ not json');
      await assert.rejects(loadProfileFile(path), (e: unknown) => e instanceof EmulatorError && e.message.includes(path) && e.message.includes('not valid JSON'));
    } finally {
      await remove();
    }
  });
});

describe('virtual: URLs', () => {
  it('open a library in a directory with a profile and a clock', async () => {
    const { dir, remove } = await tempDir();
    try {
      const lib = await openVirtualLibraryUrl(`virtual:${dir}?profile=autoloader-8&clock=virtual`);
      assert.equal(lib.profile.name, 'autoloader-8');
      assert.ok(lib.location.startsWith(dir));
      await lib.close();
      const again = await openVirtualLibraryUrl(`virtual:${dir}`);
      assert.equal(again.profile.name, 'autoloader-8');
      await again.close();
    } finally {
      await remove();
    }
  });

  it('refuse an unknown clock and a directory without a library when no profile is named', async () => {
    assert.throws(() => clockFromSpec('fast'), /Unknown clock "fast"/);
    const { dir, remove } = await tempDir();
    try {
      await assert.rejects(openVirtualLibraryUrl(`virtual:${dir}`), /name a profile/);
    } finally {
      await remove();
    }
  });
});
