/**
 * DESIGN §1: each arrow of the picture is one interface, and a layer imports only the layer below
 * it (and shared/). Above the changer driver — the RSM, the HTTP API, the web UI, the storage
 * helpers — nothing imports the SCSI codec, the transports, iSCSI or the emulator: they reach a
 * library through `Changer.open` and a drive through the tape driver. The command-line program
 * (src/cli) is the composition root that wires the layers together and is not checked.
 * The embedded library's front panel is no exception: the API knows it by its contract
 * (shared/frontPanel.ts) and the composition root hands the emulator's panel in.
 *
 * The web UI is a client of the HTTP API and nothing else: it is bundled for the browser and
 * depends on the API's JSON, so it imports nothing of the project outside src/web.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '../../src');
const ABOVE_THE_DRIVER = ['rsm', 'api', 'web', 'storage'];
const BELOW_THE_DRIVER = ['scsi', 'transport', 'iscsi', 'emulator'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports or re-exports by a relative path, relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/g), ...text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specifiers.map((m) => relative(SRC, resolve(file, '..', m[1] as string)));
}

describe('layers (DESIGN §1)', () => {
  it('nothing above the changer driver imports scsi/, transport/, iscsi/ or emulator/', () => {
    const breaches: string[] = [];
    for (const layer of ABOVE_THE_DRIVER) {
      for (const file of sourceFiles(join(SRC, layer))) {
        const from = relative(SRC, file);
        for (const target of importsOf(file)) {
          if (BELOW_THE_DRIVER.some((low) => target.startsWith(`${low}/`))) breaches.push(`${from} imports ${target}`);
        }
      }
    }
    assert.deepEqual(breaches, []);
  });

  it('shared/ imports nothing of the project outside shared/', () => {
    const breaches = sourceFiles(join(SRC, 'shared')).flatMap((file) =>
      importsOf(file).filter((target) => !target.startsWith('shared/')).map((target) => `${relative(SRC, file)} imports ${target}`));
    assert.deepEqual(breaches, []);
  });

  it('web/ imports nothing of the project outside web/ (it speaks the HTTP API only)', () => {
    const breaches = sourceFiles(join(SRC, 'web')).flatMap((file) =>
      importsOf(file).filter((target) => !target.startsWith('web/')).map((target) => `${relative(SRC, file)} imports ${target}`));
    assert.deepEqual(breaches, []);
  });

  it('an rsm/manager sub-folder is entered only through its index.ts (the boundary the scheduler has)', () => {
    // Each sub-folder (requests/, library/, …) exports what the rest may use from its index.ts;
    // every other file — a sibling sub-folder, the manager facade, anything else in src/ — imports that.
    const manager = join(SRC, 'rsm/manager');
    const subFolders = readdirSync(manager, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `rsm/manager/${entry.name}/`);
    assert.ok(subFolders.length > 0, 'rsm/manager has sub-folders');
    const breaches: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = relative(SRC, file);
      for (const target of importsOf(file)) {
        const folder = subFolders.find((sub) => target.startsWith(sub));
        if (folder !== undefined && !from.startsWith(folder) && target !== `${folder}index.ts`) breaches.push(`${from} imports ${target}`);
      }
    }
    assert.deepEqual(breaches, []);
    // Guards the check: the facade is known to use the sub-folders, so it must be seen doing so.
    assert.ok(importsOf(join(manager, 'manager.ts')).includes('rsm/manager/requests/index.ts'));
  });

  it('the check sees imports: a file known to import the driver is found doing so', () => {
    // Guards the regular expressions above: a check that finds no imports at all would pass vacuously.
    const seen = importsOf(join(SRC, 'rsm/manager/library/ownership.ts'));
    assert.ok(seen.some((target) => target.startsWith('driver/')), `ownership.ts imports: ${seen.join(', ')}`);
  });
});
