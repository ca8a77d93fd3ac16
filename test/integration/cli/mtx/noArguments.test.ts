import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { USAGE_TEXT } from '../../../../src/cli/mtx/usageText.ts';

// A script that calls changer-mtx with an empty variable for its command must see a failure, as
// with mtx: the usage on stderr and exit code 1, never a silent success.

const CHANGER_MTX = join(import.meta.dirname, '../../../../src/cli/changerMtx.ts');

test('changer-mtx with no arguments: the usage on stderr, nothing on stdout, exit code 1', async () => {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', CHANGER_MTX], { env: { ...process.env, CHANGER_MTX_DEVICE: '' } });
  await assert.rejects(run, (e: { code?: number; stdout?: string; stderr?: string }) => {
    assert.deepEqual([e.code, e.stdout, e.stderr], [1, '', USAGE_TEXT]);
    return true;
  });
});
