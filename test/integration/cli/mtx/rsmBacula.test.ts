// Bacula's real mtx-changer script with MTX=changer-mtx and the Changer Device an rsm:// URL: the
// recorded session of the script over real mtx (on tgt's changer) replayed against a manager that
// owns a virtual library built like that changer, through the real API server. Every answer must
// be the one real mtx gave, byte for byte, while each move is a manager request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { MediumView } from '../../../../src/rsm/service.ts';
import { sample } from '../../../unit/cli/mtx/tgtLibrary.ts';
import { transcriptBlocks } from '../../../unit/cli/mtx/transcript.ts';
import { changer } from '../client/captureRun.ts';
import { startManagerStack } from '../client/managerStack.ts';
import { baculaUnavailableReason, prepareBaculaScript } from './baculaScript.ts';
import { TGT_PROFILE } from './mtxStack.ts';

const unavailable = await baculaUnavailableReason();
if (unavailable !== undefined) console.log(`skipping the real mtx-changer test through a manager: ${unavailable}`);

test('Bacula\'s mtx-changer with Changer Device rsm://… gives the answers it gave over real mtx; the manager\'s catalog follows', { skip: unavailable, timeout: 600_000 }, async () => {
  const s = await startManagerStack({ profile: TGT_PROFILE });
  // The script runs changer-mtx with a fixed command line: the token reaches it through the environment.
  const saved = process.env.CHANGER_TOKEN;
  process.env.CHANGER_TOKEN = s.tokens.application;
  try {
    const script = await prepareBaculaScript(join(s.dir, 'bacula'));
    const ctl = `rsm://${s.hostPort}/library-24`;
    const session = transcriptBlocks(sample('bacula-mtx-changer-session.txt'));
    assert.equal(session.length, 12);
    for (const b of session) {
      const args = b.command.split(' ').slice(1);
      const { output, code } = await script.run([ctl, ...args.slice(1)]);
      assert.equal(output, b.output, `output of: mtx-changer ${args.slice(1).join(' ')}`);
      assert.equal(code, b.rc, `exit code of: mtx-changer ${args.slice(1).join(' ')}`);
    }
    // A failing load: mtx's message with mtx's slot number (the manager hands out no SCSI addresses).
    const failed = await script.run([ctl, 'load', '7', '/dev/nst0', '0']);
    assert.deepEqual([failed.output, failed.code], ['Loading media from Storage Element 7 into drive 0...Source Element Address 7 is Empty\n', 1]);
    // The session ends with `transfer 1 5`: the manager moved TST001L6 to slot 5 (index 4).
    const shown = await changer(['media', 'show', 'TST001L6', '--json', '--server', s.url, '--token', s.tokens.reader]);
    assert.deepEqual((JSON.parse(shown.out) as MediumView).location, { type: 'slot', index: 4 });
  } finally {
    if (saved === undefined) delete process.env.CHANGER_TOKEN;
    else process.env.CHANGER_TOKEN = saved;
    await s.dispose();
  }
});
