// `changer params --winioctl` — the real CLI in its own process — against each built-in profile,
// byte for byte and field for field with test/golden/changer-parameters/<profile>.txt. A change
// to a profile, the fact table or the derivation shows here as a diff of annotated fields.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUILT_IN_PROFILES } from '../../../src/emulator/profiles.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const golden = (profile: string): string => join(root, 'test', 'golden', 'changer-parameters', `${profile}.txt`);

// Each run is its own process, so the five run side by side.
describe('GET_CHANGER_PARAMETERS golden files', { concurrency: true }, () => {
  for (const profile of BUILT_IN_PROFILES) {
    test(`changer params --winioctl on ${profile} prints test/golden/changer-parameters/${profile}.txt`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'changer-golden-'));
      try {
        const device = `virtual:${dir}?profile=${profile}&clock=virtual`;
        const { stdout } = await run(process.execPath, [join(root, 'bin', 'changer.js'), 'params', '--winioctl', '--device', device], { cwd: root });
        assert.equal(stdout, await readFile(golden(profile), 'utf8'));
        // The annotated bytes are the structure: 60 of them, Size first.
        const bytes = stdout.split('\n').slice(2).filter((l) => l !== '').flatMap((l) => l.slice(8, 34).trim().split(' '));
        assert.equal(bytes.length, 60);
        assert.deepEqual(bytes.slice(0, 4), ['3c', '00', '00', '00']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

test('docs/windows.md shows every golden table as it is', async () => {
  const doc = await readFile(join(root, 'docs', 'windows.md'), 'utf8');
  for (const profile of BUILT_IN_PROFILES) {
    assert.ok(doc.includes(`<!-- golden:${profile} -->\n\`\`\`text\n${await readFile(golden(profile), 'utf8')}\`\`\``), `docs/windows.md: the ${profile} table differs from its golden file`);
  }
});
