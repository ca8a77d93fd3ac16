// The `changer` client commands end to end: runChanger in-process against the real API server and
// the real Manager, which owns an embedded virtual library (library-24, virtual clock) with a
// SQLite catalog in a temporary directory. What the commands print is checked, and what they did
// is checked through the API (the catalog as clients see it), never inside the manager.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { runChanger } from '../../../../src/cli/changerProgram.ts';
import type { MediumView, LibraryDetail, RequestView } from '../../../../src/rsm/service.ts';
import type { OperatorRequest, Pool } from '../../../../src/rsm/catalog/index.ts';
import type { ManagerEvent } from '../../../../src/rsm/events.ts';
import { changer, type ChangerRun } from './captureRun.ts';
import { LIBRARY, startManagerStack, type ManagerStack } from './managerStack.ts';

async function withStack(work: (s: ManagerStack, run: (args: string[], token?: string) => Promise<ChangerRun>) => Promise<void>, moreLibraries: string[] = []): Promise<void> {
  const s = await startManagerStack({ moreLibraries });
  try {
    await work(s, (args, token = s.tokens.operator) => changer(args, { CHANGER_SERVER: s.url, CHANGER_TOKEN: token }));
  } finally {
    await s.dispose();
  }
}

/** Until the API counts a client on its event stream (changer_sse_clients), so no event is missed. */
async function untilFollowed(s: ManagerStack): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.tokens.reader}` } })).text();
    if (/^changer_sse_clients 1$/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the event stream was never opened');
}

function json<T>(r: ChangerRun): T {
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as T;
}

test('libraries, media ls and media show describe the library the manager owns', async () => {
  await withStack(async (_s, run) => {
    const libraries = await run(['libraries'], undefined);
    assert.equal(libraries.code, 0, libraries.err);
    assert.equal(libraries.out, [
      'LIBRARY     STATE   OWNED  SLOTS  DRIVES  MAILSLOTS  MEDIA  QUEUED  PRODUCT',
      'library-24  online  here   24     2       1          19     0       IBM 3573-TL',
      '',
    ].join('\n'));
    const detail = await run(['libraries', LIBRARY]);
    assert.match(detail.out, /^library library-24: online, owned by this manager$/m);
    assert.match(detail.out, /^24 slots \(18 full\), 2 drives, 1 mailslots \(1 full\), 19 media, 0 requests queued$/m);
    assert.match(detail.out, /^drive:0 +dismounted +10WT000001 /m);

    const media = await run(['media', 'ls']);
    assert.match(media.out, /^BARCODE +TYPE +POOL +STATE +SIDE +LOCATION +HOME +MOUNTS +LIBRARY$/m);
    assert.match(media.out, /^A00005L8 +LTO-8 +Import\/LTO-8 +idle +import +slot:6 +slot:6 +0 +library-24$/m);
    assert.match(media.out, /^B00001L7 +LTO-7 +Import\/LTO-7 +idle +import +ieport:25 +0 +library-24$/m);
    assert.match(media.out, /^19 media\n$/m);
    const inMailslot = json<MediumView[]>(await run(['media', 'ls', '--location', 'ieport', '--json']));
    assert.deepEqual(inMailslot.map((m) => m.barcode), ['B00001L7']);
    const cleaners = json<MediumView[]>(await run(['media', '--barcode', 'CLN001L1', '--json']));
    assert.deepEqual(cleaners.map((m) => [m.mediaType, m.location]), [['LTO-CLEANER', { type: 'slot', index: 20 }]]);

    const show = await run(['media', 'show', 'A00001L8'], undefined);
    assert.equal(show.out, [
      'barcode:        A00001L8', 'library:        library-24', 'media type:     LTO-8', 'pool:           Import/LTO-8', 'state:          idle',
      'location:       slot:1', 'home slot:      slot:1', 'mounts:         0', 'last mounted:   -', 'errors:         0', 'barcode state:  ok',
      'on-media label: not read (full inventory reads it)', 'enabled:        yes', 'side 0:         import, 0 allocations, 0 mounts', '',
    ].join('\n'));
  });
});

test('mount and dismount wait for the final state, print request, barcode and drive; the catalog follows the cartridge', async () => {
  await withStack(async (s, run) => {
    const app = s.tokens.application;
    const mount = await run(['media', 'mount', 'A00003L8', '--drive', '1', '--write'], app);
    assert.equal(mount.code, 0, mount.err);
    // The second line says where the backup host writes: the drive's serial and its own device.
    assert.match(mount.out, /^request 1 completed: A00003L8 mounted in drive 1 \(library library-24\)\n {2}drive 1: serial 10WT000002, device virtual:\S+\/library\?lun=2\n$/);
    assert.deepEqual(json<MediumView>(await run(['media', 'show', 'A00003L8', '--json'])).location, { type: 'drive', index: 1 });
    assert.deepEqual(json<LibraryDetail>(await run(['libraries', LIBRARY, '--json'])).drives.map((d) => [d.state, d.barcode]), [['dismounted', null], ['mounted', 'A00003L8']]);

    const again = await run(['media', 'mount', 'A00003L8'], app);
    assert.equal(again.code, 5);
    assert.equal(again.err, 'changer: A00003L8 is already in drive 1; dismount it first [INVALID_STATE]\n');

    const dismount = await run(['media', 'dismount', 'drive:1', '--json'], app);
    const done = json<RequestView>(dismount);
    assert.deepEqual([done.id, done.kind, done.state, done.barcode, done.driveIndex], [2, 'dismount', 'completed', 'A00003L8', 1]);
    assert.deepEqual(json<MediumView>(await run(['media', 'show', 'A00003L8', '--json'])).location, { type: 'slot', index: 2 });

    // --no-wait: the request is printed as queued, and followed later.
    const queued = await run(['media', 'mount', 'A00004L8', '--no-wait'], app);
    assert.equal(queued.code, 0, queued.err);
    assert.match(queued.out, /^request 3 (queued|in-progress|completed): mount A00004L8.*\(follow it with 'changer requests show 3 --wait'\)\n$/);
    const followed = await run(['requests', 'show', '3', '--wait']);
    assert.match(followed.out, /^request 3 completed: mount A00004L8( in drive [01])?\n$/);
    const byBarcode = await run(['media', 'dismount', 'A00004L8'], app);
    assert.match(byBarcode.out, /^request 4 completed: A00004L8 dismounted from drive [01] \(library library-24\)\n$/);
    assert.equal(json<MediumView>(await run(['media', 'show', 'A00004L8', '--json'])).state, 'idle');
  });
});

test('pools: create an application pool and mount a scratch medium from it once the free pool has one', async () => {
  await withStack(async (s, run) => {
    const created = await run(['pools', 'create', 'backup', '--media-type', 'LTO-8'], s.tokens.application);
    assert.equal(created.out, 'pool backup created (LTO-8)\n', created.err);
    const pools = json<Pool[]>(await run(['pools', '--json']));
    assert.deepEqual(pools.filter((p) => p.name === 'backup').map((p) => [p.type, p.mediaType, p.allocateFromScratch]), [['application', 'LTO-8', true]]);
    assert.match((await run(['pools'])).out, /^backup +application +LTO-8 +yes +yes$/m);

    const empty = await run(['media', 'mount', '--pool', 'backup', '--write'], s.tokens.application);
    assert.equal(empty.code, 5);
    assert.match(empty.err, /^changer: .* — inject media \('changer media inject'\) or allow the pool to take scratch media \[MEDIA_UNAVAILABLE\]\n$/);

    // A new cartridge through the mailslot into the free pool (the mailslot holds B00001L7 at first: take that in too).
    const first = await run(['media', 'inject']);
    assert.equal(first.out, 'request 1 completed: media injected into library library-24\n', first.err);
    const panel = await fetch(`${s.url}/v1/libraries/${LIBRARY}/front-panel/insert-mailslot`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ barcode: 'F00001L8' }) });
    assert.equal(panel.status, 200, await panel.text());
    assert.equal((await run(['media', 'inject', '--pool', 'Free/LTO-8'])).code, 0);
    const scratch = await run(['media', 'mount', '--pool', 'backup', '--write'], s.tokens.application);
    assert.match(scratch.out, /^request 3 completed: F00001L8 mounted in drive ([01]) \(library library-24\)\n {2}drive \1: serial 10WT00000\d, device virtual:\S+\n$/, scratch.err);
    assert.equal(json<MediumView>(await run(['media', 'show', 'F00001L8', '--json'])).poolName, 'backup');
  });
});

test('requests: ls, show with history, cancel of a waiting mount; waiting on a cancelled request exits 1', async () => {
  await withStack(async (s, run) => {
    assert.equal((await run(['media', 'mount', 'A00001L8', '--drive', '0'])).code, 0);
    const waiting = await run(['media', 'mount', 'A00002L8', '--drive', '0', '--no-wait', '--priority', '-5']);
    assert.equal(waiting.code, 0, waiting.err);
    const listed = json<RequestView[]>(await run(['requests', '--state', 'queued,waiting', '--json']));
    assert.deepEqual(listed.map((r) => [r.id, r.kind, r.barcode, r.priority]), [[2, 'mount', 'A00002L8', -5]]);
    const table = await run(['requests', '--kind', 'mount']);
    assert.match(table.out, /^ID +KIND +STATE +PRIORITY +BARCODE +DRIVE +LIBRARY +BY +SUBMITTED +ERROR$/m);
    assert.match(table.out, /^1 +mount +completed +0 +A00001L8 +0 +library-24 /m);
    assert.match(table.out, /^2 requests\n$/m);

    const cancel = await run(['requests', 'cancel', '2'], s.tokens.operator);
    assert.equal(cancel.out, 'request 2 (mount A00002L8 in drive 0) cancelled\n', cancel.err);
    const show = await run(['requests', 'show', '2']);
    assert.match(show.out, /^request 2: mount A00002L8 in drive 0, cancelled, priority -5, library library-24$/m);
    assert.match(show.out, /^AT +STATE +NOTE\n.* +queued\n.* +waiting +waiting for a drive or the robot\n.* +cancelled +cancelled\n$/m);
    const wait = await run(['requests', 'show', '2', '--wait']);
    assert.equal(wait.code, 1);
    assert.equal(wait.err, 'changer: request 2 (mount A00002L8 in drive 0) was cancelled (cancelled) [CANCELLED]\n');
    const gone = await run(['requests', 'cancel', '99']);
    assert.equal(gone.code, 6);
  });
});

test('operator requests: the unlabelled cartridge of library-24 is listed, acknowledged and refused', async () => {
  await withStack(async (_s, run) => {
    const open = json<OperatorRequest[]>(await run(['operator', '--json']));
    assert.deepEqual(open.map((o) => [o.id, o.kind, o.state]), [[1, 'device-service', 'submitted']]);
    assert.match((await run(['operator'])).out, /^1 +device-service +submitted +\S+ +A cartridge without a readable label/m);
    assert.equal((await run(['operator', 'ack', '1'])).out, 'operator request 1 (device-service) acknowledged\n');
    assert.equal((await run(['operator', 'refuse', '1', 'no', 'labels', 'left'])).out, 'operator request 1 (device-service) refused: no labels left\n');
    assert.deepEqual(json<OperatorRequest[]>(await run(['operator', '--json'])), []);
    assert.deepEqual(json<OperatorRequest[]>(await run(['operator', '--all', '--json'])).map((o) => o.state), ['refused']);
    const late = await run(['operator', 'complete', '1']);
    assert.equal(late.code, 5);
    assert.equal(late.err, 'changer: operator request 1 is refused; it cannot become completed [INVALID_STATE]\n');
  });
});

test('inventory goes through the manager with --server or an rsm:// device, and stays direct otherwise; clean through the manager', async () => {
  await withStack(async (s, run) => {
    const fast = await run(['inventory', '--server', s.url]);
    assert.equal(fast.out, 'request 1 completed: fast inventory of library library-24\n', fast.err);
    const full = await changer(['inventory', '--device', `rsm://${s.hostPort}/${LIBRARY}`, '--full', '--token', s.tokens.operator]);
    assert.equal(full.out, 'request 2 completed: full inventory of library library-24\n', full.err);
    // Direct: the manager holds the library, so the class driver's exclusive open says so.
    const direct = await changer(['inventory', '--device', s.deviceUrl]);
    assert.equal(direct.code, 3);
    assert.match(direct.err, /is held by .*\[DEVICE_BUSY\]\n$/);

    const clean = await run(['clean', 'drive:1']);
    assert.equal(clean.out, 'request 3 completed: drive 1 cleaned (library library-24)\n', clean.err);
    const cleanings = json<RequestView[]>(await run(['requests', '--kind', 'clean', '--json']));
    assert.deepEqual(cleanings.map((r) => [r.state, r.driveIndex]), [['completed', 1]]);
    assert.deepEqual(json<MediumView>(await run(['media', 'show', 'CLN001L1', '--json'])).location, { type: 'slot', index: 20 });
    const reader = await run(['clean', '0'], s.tokens.reader);
    assert.equal(reader.code, 9);
    assert.match(reader.err, / — the token's role does not allow this; use a token with a higher role \(operator or admin\) \[ACCESS_DENIED\]\n$/);
  });
});

test('events: one line per event while a mount runs; --json gives one ManagerEvent per line', { timeout: 60_000 }, async () => {
  await withStack(async (s, run) => {
    const watching = run(['events', '--type', 'request', '--count', '3', '--json']);
    await untilFollowed(s);
    assert.equal((await run(['media', 'mount', 'A00001L8'])).code, 0);
    const lines = (await watching).out.trimEnd().split('\n').map((l) => JSON.parse(l) as ManagerEvent);
    assert.deepEqual(lines.map((e) => (e.type === 'request' ? [e.request.id, e.previous, e.request.state] : e.type)), [[1, null, 'queued'], [1, 'queued', 'in-progress'], [1, 'in-progress', 'completed']]);
    // The manager's buffer replays what a client missed: the same mount, as text.
    const replay = await run(['events', '--since', '0', '--count', '2', '--type', 'request']);
    assert.equal(replay.code, 0, replay.err);
    const [queued, started] = lines;
    assert.equal(replay.out, `${new Date(queued!.at).toISOString()}  #${queued!.seq}  library-24  request 1 mount new → queued\n${new Date(started!.at).toISOString()}  #${started!.seq}  library-24  request 1 mount queued → in-progress\n`);
  });
});

test('one library: --library may be left out; with two the command says which to choose', async () => {
  await withStack(async (_s, run) => {
    const which = await run(['media', 'mount', 'A00001L8']);
    assert.equal(which.code, 2);
    assert.equal(which.err, "changer: the manager has 2 libraries (library-24, second); pass --library <name> (see 'changer --help')\n");
    const named = await run(['media', 'mount', 'A00001L8', '--library', 'second']);
    assert.match(named.out, /^request 1 completed: A00001L8 mounted in drive 0 \(library second\)\n {2}drive 0: serial 10WT000001, device virtual:\S+\/second\?lun=1\n$/, named.err);
    assert.equal((await run(['media', 'show', 'A00001L8', '--library', 'library-24', '--json'])).code, 0);
  }, ['second']);
});

test('bad input and a wrong token: one line each, exit codes 2 and 9', async () => {
  await withStack(async (s, run) => {
    for (const args of [['media', 'mount', 'A00001L8', '--drive', 'x'], ['media', 'mount', 'A00001L8', '--timeout', '-1'], ['media', 'dismount'], ['media', 'eject'], ['pools', 'create', 'p'], ['operator', 'ack', '0']]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.split('\n').length, 2, r.err);
    }
    const server = await run(['media', 'mount', 'A00001L8', '--drive', '7']);
    assert.equal(server.code, 2, server.err);
    assert.match(server.err, /^changer: .*drive 7.* \[INVALID_PARAMETER\]\n$/);
    const wrong = await changer(['libraries', '--server', s.url, '--token', 'not-a-token']);
    assert.equal(wrong.code, 9);
    assert.equal(wrong.err, 'changer: the manager refused the token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token) [UNAUTHORIZED]\n');
    const none = await changer(['libraries', '--server', s.url]);
    assert.equal(none.code, 9);
    assert.equal(none.err, 'changer: the manager needs a token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token) [UNAUTHORIZED]\n');
    const missing = await run(['media', 'show', 'NOPE01L8']);
    assert.equal(missing.code, 6);
    assert.equal(missing.err, 'changer: library library-24 has no medium NOPE01L8 [NOT_FOUND]\n');
  });
});

test('on a terminal a mount shows its progress on stderr; stdout keeps the result', async () => {
  await withStack(async (s) => {
    let out = '';
    let err = '';
    const stdout = new Writable({ write: (chunk: Buffer, _e, done) => void ((out += chunk.toString()), done()) });
    const terminal = Object.assign(new Writable({ write: (chunk: Buffer, _e, done) => void ((err += chunk.toString()), done()) }), { isTTY: true, columns: 100 });
    const code = await runChanger(['media', 'mount', 'A00001L8'], { out: stdout, err: terminal, env: { CHANGER_SERVER: s.url, CHANGER_TOKEN: s.tokens.application } });
    assert.equal(code, 0, err);
    assert.match(out, /^request 1 completed: A00001L8 mounted in drive 0 \(library library-24\)\n {2}drive 0: serial 10WT000001, device \S+\n$/);
    assert.ok(err.startsWith("request 1 (mount A00001L8) queued; Ctrl-C stops waiting, not the request ('changer requests cancel 1' does)\n"), err);
    assert.match(err, /request 1 mount \[█+\] 3\/3 completed/);
  });
});

test('mailslot close through the manager: closed when it is; where only the operator closes it, an operator request and exit 0; open is refused as usage', async () => {
  await withStack(async (s, run) => {
    const already = await run(['mailslot', 'close', '--server', s.url]);
    assert.deepEqual([already.code, already.out], [0, `the mailslot of library ${LIBRARY} is closed\n`], already.err);
    assert.equal((await run(['media', 'inject'])).code, 0);
    assert.equal((await run(['media', 'eject', 'A00003L8'])).code, 0);
    const asked = await run(['mailslot', 'close', '--server', s.url]);
    assert.equal(asked.code, 0, asked.err);
    const request = json<OperatorRequest[]>(await run(['operator', '--json'])).find((r) => r.reason === 'close-mailslot');
    assert.equal(asked.out, `library ${LIBRARY} does not let a host close its mailslot; operator request ${String(request?.id)} asks the operator to close it\n`);
    assert.deepEqual([request?.kind, request?.state], ['device-service', 'submitted']);
    const open = await run(['mailslot', 'open', '--server', s.url]);
    assert.deepEqual([open.code, open.err], [2, "changer: through the manager, mailslot takes close, not 'open' (media eject and inject open it) (see 'changer --help')\n"]);
  });
});
