// changer-mtx -f rsm://host:port/<library> against the real API server and Manager (library-24 on
// the virtual clock, SQLite catalog, in a temporary directory): the status text is the direct
// one for the same library state, moves are manager requests the catalog records, mtx's errors
// keep mtx's words, and the installed command (bin/changer-mtx.js) works the same in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { MediumView, RequestView } from '../../../../src/rsm/service.ts';
import { changer } from '../client/captureRun.ts';
import { LIBRARY, startManagerStack, type ManagerStack } from '../client/managerStack.ts';
import { mtx } from './mtxStack.ts';

const BIN = fileURLToPath(new URL('../../../../bin/changer-mtx.js', import.meta.url));

function rsmUrl(s: ManagerStack, library = LIBRARY): string {
  return `rsm://${s.hostPort}/${library}`;
}

/** The same text with the device named in the header taken out, to compare two ways of reaching one library. */
function withoutDevice(status: string, device: string): string {
  return status.replace(`  Storage Changer ${device}:`, '  Storage Changer <device>:');
}

async function medium(s: ManagerStack, barcode: string): Promise<MediumView> {
  const r = await changer(['media', 'show', barcode, '--json', '--server', s.url, '--token', s.tokens.reader]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as MediumView;
}

test('status through rsm:// is the direct status, byte for byte, for the same library state (tags and nobarcode)', async () => {
  let s = await startManagerStack();
  try {
    const env = { CHANGER_TOKEN: s.tokens.application };
    const compare = async (): Promise<void> => {
      const viaManager = await mtx(['-f', rsmUrl(s), 'status', 'nobarcode', 'status'], env);
      assert.equal(viaManager.code, 0, viaManager.err);
      await s.stop();
      const direct = await mtx(['-f', s.deviceUrl, 'status', 'nobarcode', 'status']);
      assert.equal(direct.code, 0, direct.err);
      assert.equal(withoutDevice(withoutDevice(viaManager.out, rsmUrl(s)), rsmUrl(s)), withoutDevice(withoutDevice(direct.out, s.deviceUrl), s.deviceUrl));
      s = await startManagerStack({ dir: s.dir });
    };
    await compare();
    const loads = await mtx(['-f', rsmUrl(s), 'load', '3', '1', 'load', '7', '0'], { CHANGER_TOKEN: s.tokens.application });
    assert.equal(loads.out, 'Loading media from Storage Element 3 into drive 1...done\nLoading media from Storage Element 7 into drive 0...done\n', loads.err);
    await compare();
    const more = await mtx(['-f', rsmUrl(s), 'unload', '3', '1', 'transfer', '25', '5'], { CHANGER_TOKEN: s.tokens.application });
    assert.equal(more.out, 'Unloading drive 1 into Storage Element 3...done\n', more.err);
    await compare();
    assert.match((await mtx(['-f', rsmUrl(s), 'status'], { CHANGER_TOKEN: s.tokens.reader })).out, /^Data Transfer Element 0:Full \(Storage Element 7 Loaded\):VolumeTag = A00006L8 {24}\n/m);
  } finally {
    await s.dispose();
  }
});

test('load and unload through rsm:// are move requests of the manager; the catalog follows the cartridge', async () => {
  const s = await startManagerStack();
  try {
    const env = { CHANGER_TOKEN: s.tokens.application };
    const load = await mtx(['-f', rsmUrl(s), 'load', '3', '1'], env);
    assert.deepEqual([load.code, load.both], [0, 'Loading media from Storage Element 3 into drive 1...done\n']);
    assert.deepEqual((await medium(s, 'A00003L8')).location, { type: 'drive', index: 1 });
    const unload = await mtx(['-f', rsmUrl(s), 'unload', '1'], env);
    assert.equal(unload.code, 1);
    assert.equal(unload.err, 'Data Transfer Element 0 is Empty\n');
    const home = await mtx(['-f', rsmUrl(s), 'unload', '0', '1'], env);
    assert.equal(home.code, 1, 'slot 0 is not a slot');
    const back = await mtx(['-f', rsmUrl(s), 'unload', '3', '1'], env);
    assert.deepEqual([back.code, back.both], [0, 'Unloading drive 1 into Storage Element 3...done\n']);
    assert.deepEqual((await medium(s, 'A00003L8')).location, { type: 'slot', index: 2 });

    const steps = await mtx(['-f', rsmUrl(s), 'eepos', '1', 'first', '0', 'next', '0', 'previous', '0'], env);
    assert.equal(steps.both, [
      'Loading media from Storage Element 1 into drive 0...done',
      'Unloading drive 0 into Storage Element 1...done', 'Loading media from Storage Element 2 into drive 0...done',
      'Unloading drive 0 into Storage Element 2...done', 'Loading media from Storage Element 1 into drive 0...done', '',
    ].join('\n'));
    assert.deepEqual((await medium(s, 'A00001L8')).location, { type: 'drive', index: 0 });

    const r = await changer(['requests', '--kind', 'move', '--json', '--server', s.url, '--token', s.tokens.reader]);
    const moves = (JSON.parse(r.out) as RequestView[]).sort((a, b) => a.id - b.id);
    assert.deepEqual(moves.map((m) => [m.state, m.barcode, m.destination]), [
      ['completed', 'A00003L8', { type: 'drive', index: 1 }], ['completed', 'A00003L8', { type: 'slot', index: 2 }],
      ['completed', 'A00001L8', { type: 'drive', index: 0 }], ['completed', 'A00001L8', { type: 'slot', index: 0 }],
      ['completed', 'A00002L8', { type: 'drive', index: 0 }], ['completed', 'A00002L8', { type: 'slot', index: 1 }],
      ['completed', 'A00001L8', { type: 'drive', index: 0 }],
    ]);

    const inventory = await mtx(['-f', rsmUrl(s), 'inventory', 'status'], { CHANGER_TOKEN: s.tokens.operator });
    assert.equal(inventory.code, 0, inventory.err);
    assert.match(inventory.out, /^Data Transfer Element 0:Full \(Storage Element 1 Loaded\):VolumeTag = A00001L8/m);

    // A transfer makes the new slot the cartridge's home, as the device's own answer says.
    const moved = await mtx(['-f', rsmUrl(s), 'transfer', '2', '5', 'load', '5', '1', 'status'], env);
    assert.equal(moved.code, 0, moved.err);
    assert.match(moved.out, /^Data Transfer Element 1:Full \(Storage Element 5 Loaded\):VolumeTag = A00002L8/m);
    const unloaded = await mtx(['-f', rsmUrl(s), 'unload', '5', '1'], env);
    assert.equal(unloaded.code, 0, unloaded.err);
    assert.deepEqual((await medium(s, 'A00002L8')).location, { type: 'slot', index: 4 });
  } finally {
    await s.dispose();
  }
});

test('failures through rsm:// in mtx\'s words, exit code 1', async () => {
  const s = await startManagerStack();
  try {
    const app = { CHANGER_TOKEN: s.tokens.application };
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [['load', '5'], app, 'Loading media from Storage Element 5 into drive 0...Source Element Address 5 is Empty\n'],
      [['transfer', '1', '2'], app, 'Destination Element Address 2 is Already Full\n'],
      [['invert', 'load', '1'], app, 'Loading media from Storage Element 1 into drive 0...changer-mtx: the manager moves media without turning them over (invert is not available through rsm://)\nMOVE MEDIUM from Element Address 1 to 0 Failed\n'],
      [['exchange', '1', '2'], app, 'changer-mtx: exchange is not available through a manager; use two transfers\nEXCHANGE MEDIUM from Element Address 1 to 2 Failed\n'],
      [['position', '3'], app, 'changer-mtx: the manager positions the robot itself; position is not available through rsm://\nCould not position transport\n'],
      [['inventory'], app, 'changer-mtx: POST /v1/libraries/:library/inventory needs the operator role; … set CHANGER_TOKEN to a token whose role allows it\nmtx:inventory failed\n'],
      [['load', '1'], { CHANGER_TOKEN: s.tokens.reader }, 'Loading media from Storage Element 1 into drive 0...changer-mtx: POST /v1/libraries/:library/moves needs the application role; … set CHANGER_TOKEN to a token whose role allows it\nMOVE MEDIUM from Element Address 1 to 0 Failed\n'],
      [['status'], { CHANGER_TOKEN: 'wrong' }, `cannot open SCSI device '${rsmUrl(s)}' - the manager refused the token; set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token)\n`],
      [['status'], {}, `cannot open SCSI device '${rsmUrl(s)}' - the manager refused the token; set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token)\n`],
    ];
    for (const [args, env, text] of cases) {
      const run = await mtx(['-f', rsmUrl(s), ...args], env);
      assert.equal(run.code, 1, args.join(' '));
      // The manager names the token in its refusal (… here): the rest is exact.
      const [before, after] = text.split('…');
      if (after !== undefined) assert.ok(run.both.startsWith(before!) && run.both.endsWith(after), run.both);
      else assert.equal(run.both, text, args.join(' '));
    }
    const eject = await mtx(['-f', rsmUrl(s), 'eject'], app);
    assert.deepEqual([eject.code, eject.err], [0, "changer-mtx: hand media out with 'changer media eject <barcode>' through the manager\nmtx:eject failed\n"]);
    const nothing = await mtx(['-f', rsmUrl(s, 'nolib'), 'status'], app);
    assert.deepEqual([nothing.code, nothing.err], [1, `cannot open SCSI device '${rsmUrl(s, 'nolib')}' - no library nolib\n`]);
    // Nothing was moved by any of it.
    assert.deepEqual((await medium(s, 'A00001L8')).location, { type: 'slot', index: 0 });
  } finally {
    await s.dispose();
  }
  const gone = await mtx(['-f', rsmUrl(s), 'status'], { CHANGER_TOKEN: s.tokens.application });
  assert.deepEqual([gone.code, gone.err], [1, `cannot open SCSI device '${rsmUrl(s)}' - no manager answers at http://${s.hostPort} (ECONNREFUSED); start it with npm start\n`]);
});

test('bin/changer-mtx.js in a child process: CHANGER_TOKEN from the environment, the same status text, a load through the manager', async () => {
  const s = await startManagerStack();
  try {
    const run = promisify(execFile);
    const env = { ...process.env, CHANGER_TOKEN: s.tokens.application };
    const inProcess = await mtx(['-f', rsmUrl(s), 'status'], { CHANGER_TOKEN: s.tokens.application });
    const child = await run(process.execPath, [BIN, '-f', rsmUrl(s), 'status', 'load', '2', '1'], { env });
    assert.equal(child.stdout, inProcess.out + 'Loading media from Storage Element 2 into drive 1...done\n');
    assert.equal(child.stderr, '');
    assert.deepEqual((await medium(s, 'A00002L8')).location, { type: 'drive', index: 1 });
    const refused = await run(process.execPath, [BIN, '-f', rsmUrl(s), 'load', '2', '1'], { env }).then(
      () => assert.fail('a load into a full drive succeeded'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.deepEqual([refused.code, refused.stderr], [1, 'Drive 1 Full (Storage Element 2 loaded)\n']);
  } finally {
    await s.dispose();
  }
});
