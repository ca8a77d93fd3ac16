// How the client turns the manager's answers into one line and an exit code. These run against
// a literal HTTP server (literalServer.ts), not the manager: the point is the mapping of every
// kind of answer — problems of each status, non-JSON bodies, refused connections — which the
// real server cannot be made to give on demand. What the commands do is tested end to end in
// managerClient.test.ts against the real API server and Manager.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestView } from '../../../../src/rsm/service.ts';
import { changer } from './captureRun.ts';
import { literalServer, problem, type LiteralResponse } from './literalServer.ts';

async function against(route: string, answer: LiteralResponse, args: string[], env: NodeJS.ProcessEnv = {}) {
  const server = await literalServer({ [route]: answer });
  try {
    const run = await changer([...args, '--server', server.url], env);
    return { ...run, server };
  } finally {
    await server.close();
  }
}

test('401 without a token says to pass one; with a token says it was refused; exit code 9', async () => {
  const none = await against('GET /v1/libraries', problem(401, 'UNAUTHORIZED', 'a bearer token is required'), ['libraries']);
  assert.equal(none.code, 9);
  assert.equal(none.out, '');
  assert.equal(none.err, 'changer: the manager needs a token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token) [UNAUTHORIZED]\n');
  const wrong = await against('GET /v1/libraries', problem(401, 'UNAUTHORIZED', 'unknown token'), ['libraries'], { CHANGER_TOKEN: 'nope' });
  assert.equal(wrong.code, 9);
  assert.equal(wrong.err, 'changer: the manager refused the token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token) [UNAUTHORIZED]\n');
  assert.equal(wrong.server.seen[0]?.headers.authorization, 'Bearer nope');
});

test('--token wins over $CHANGER_TOKEN and goes out as a bearer token', async () => {
  const run = await against('GET /v1/pools', { status: 200, body: '[]' }, ['pools', '--token', 'from-option'], { CHANGER_TOKEN: 'from-env' });
  assert.equal(run.code, 0, run.err);
  assert.equal(run.server.seen[0]?.headers.authorization, 'Bearer from-option');
});

test('each problem status gives its exit code and the manager\'s detail', async () => {
  const cases: [number, string, number, string][] = [
    [403, 'ACCESS_DENIED', 9, 'role reader may not mount — the token\'s role does not allow this; use a token with a higher role (operator or admin)'],
    [404, 'NOT_FOUND', 6, 'no library lib9'],
    [400, 'INVALID_PARAMETER', 2, 'body/drive must be integer'],
    [409, 'INVALID_STATE', 5, 'drive 0 is empty'],
    [409, 'MEDIA_UNAVAILABLE', 5, 'pool backup has no scratch medium — inject media (\'changer media inject\') or allow the pool to take scratch media'],
    [503, 'LIBRARY_UNAVAILABLE', 3, 'lib is owned by host-b — try again when the library is back (see \'changer libraries\')'],
    [503, 'SHUTTING_DOWN', 4, 'the manager is stopping'],
    [502, 'DEVICE_ERROR', 7, 'robot jammed'],
  ];
  for (const [status, code, exit, message] of cases) {
    const detail = message.split(' — ')[0]!;
    const run = await against('GET /v1/libraries/lib', problem(status, code, detail), ['libraries', 'lib']);
    assert.equal(run.code, exit, `${status} ${code}`);
    assert.equal(run.err, `changer: ${message} [${code}]\n`);
  }
});

test('--json prints the failure as one JSON object on stdout', async () => {
  const run = await against('GET /v1/libraries/lib', problem(404, 'NOT_FOUND', 'no library lib'), ['libraries', 'lib', '--json']);
  assert.equal(run.code, 6);
  assert.equal(run.err, '');
  assert.deepEqual(JSON.parse(run.out), { error: 'NOT_FOUND', message: 'no library lib', status: 404, exitCode: 6 });
});

test('an HTML error page from a proxy still gives the status\'s code and its first line; a 200 that is not JSON is not the manager', async () => {
  const html = await against('GET /v1/pools', { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>\n<body>…</body>' }, ['pools']);
  assert.equal(html.code, 7);
  assert.equal(html.err, 'changer: <html>Bad Gateway</html> [HTTP_502]\n');
  const notJson = await against('GET /v1/pools', { status: 200, type: 'text/plain', body: 'hello' }, ['pools']);
  assert.equal(notJson.code, 1);
  assert.match(notJson.err, /^changer: the answer from http:\/\/127\.0\.0\.1:\d+ is not the manager's API \(the answer to GET \/v1\/pools is not JSON\) — check --server \/ CHANGER_SERVER \[BAD_RESPONSE\]\n$/);
});

test('nobody listening: exit code 8 and how to start the manager', async () => {
  const server = await literalServer({});
  const url = server.url;
  await server.close();
  const run = await changer(['requests', '--server', url]);
  assert.equal(run.code, 8);
  assert.equal(run.err, `changer: no manager answers at ${url} (ECONNREFUSED) — start it with npm start, or pass --server / set CHANGER_SERVER [UNREACHABLE]\n`);
  const viaEnv = await changer(['pools'], { CHANGER_SERVER: url.replace('http://', '') });
  assert.equal(viaEnv.code, 8);
  assert.match(viaEnv.err, new RegExp(`no manager answers at ${url.replaceAll('.', '\\.')} `));
});

function finished(state: RequestView['state'], errorCode: string | null, note: string | null): RequestView {
  return {
    id: 41, libraryId: 'l1', libraryName: 'lib', kind: 'mount', state, priority: 0, application: null, user: 'test', mediumId: 'm1', side: 0, poolId: null,
    driveIndex: 0, drive: { index: 0, serialNumber: null, deviceUrl: null }, destination: null, options: {}, deadlineAt: null, submittedAt: 1_700_000_000_000, startedAt: null, finishedAt: 1_700_000_000_500,
    errorCode, claimedBy: null, barcode: 'A00001L8', errorMessage: note, history: [{ state, at: 1_700_000_000_500, note }],
  };
}

test('a mount that ends failed, timed out or cancelled exits non-zero with the reason', async () => {
  const cases: [RequestView, number, string][] = [
    [finished('failed', 'SOURCE_ELEMENT_EMPTY', 'slot 3 is empty'), 5, 'changer: request 41 (mount A00001L8 in drive 0) failed: slot 3 is empty [SOURCE_ELEMENT_EMPTY]\n'],
    [finished('failed', 'MEDIA_INCOMPATIBLE', 'no drive reads LTO-9'), 6, 'changer: request 41 (mount A00001L8 in drive 0) failed: no drive reads LTO-9 [MEDIA_INCOMPATIBLE]\n'],
    [finished('timed-out', null, 'no drive free within 60 s'), 3, 'changer: request 41 (mount A00001L8 in drive 0) timed out before the manager could do it (no drive free within 60 s) — raise --timeout, or free a drive [TIMED_OUT]\n'],
    [finished('cancelled', null, 'cancelled by operator'), 1, 'changer: request 41 (mount A00001L8 in drive 0) was cancelled (cancelled by operator) [CANCELLED]\n'],
  ];
  for (const [request, exit, line] of cases) {
    const run = await against('POST /v1/mounts', { status: 200, body: JSON.stringify(request) }, ['media', 'mount', 'A00001L8', '--library', 'lib']);
    assert.equal(run.code, exit, request.state);
    assert.equal(run.err, line);
    assert.deepEqual(JSON.parse(run.server.seen[0]!.body), { library: 'lib', barcode: 'A00001L8', access: 'read' });
  }
});

test('bad input is refused before anything is sent: one line, exit code 2', async () => {
  const server = await literalServer({});
  try {
    for (const args of [['media', 'mount', 'A1', '--priority', '16'], ['media', 'mount'], ['requests', 'cancel', 'x'], ['clean', 'slot:3'], ['media', 'ls', '--location', 'shelf'], ['requests', '--state', 'done']]) {
      const run = await changer([...args, '--server', server.url]);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.err.split('\n').length, 2, run.err);
      assert.match(run.err, /^changer: .*\(see 'changer --help'\)\n$/);
    }
    assert.equal(server.seen.length, 0);
    const bad = await changer(['pools', '--server', 'ftp://x']);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, "changer: 'ftp://x' is not a manager address: use http://host:port (see 'changer --help')\n");
  } finally {
    await server.close();
  }
});

test('the event stream is read across chunk boundaries, comments skipped, multi-line data joined', async () => {
  const event = (seq: number, id: number): string => JSON.stringify({ seq, at: Date.UTC(2025, 0, 1), library: 'lib', type: 'drive', drive: id, state: 'mounted', barcode: 'A00001L8' });
  const first = event(1, 0);
  const chunks = [': heartbeat\n\n', `id: 1\nevent: drive\ndata: ${first.slice(0, 20)}`, `${first.slice(20)}\n\n`, `id: 2\r\nevent: drive\r\ndata: ${event(2, 1)}\r\n\r\n`, 'id: 3\nevent: drive\ndata: {"seq":3,"at":0,\ndata: "library":null,"type":"library","state":"online","detail":null}\n\n'];
  const server = await literalServer({ 'GET /v1/events': { status: 200, type: 'text/event-stream', body: chunks } });
  try {
    const text = await changer(['events', '--server', server.url, '--count', '3']);
    assert.equal(text.code, 0, text.err);
    assert.equal(text.out, [
      '2025-01-01T00:00:00.000Z  #1  lib  drive 0 mounted A00001L8',
      '2025-01-01T00:00:00.000Z  #2  lib  drive 1 mounted A00001L8',
      '1970-01-01T00:00:00.000Z  #3  -  library online',
      '',
    ].join('\n'));
    const json = await changer(['events', '--server', server.url, '--count', '1', '--json', '--since', '0']);
    assert.deepEqual(JSON.parse(json.out), JSON.parse(first));
    assert.equal(server.seen.at(-1)?.headers['last-event-id'], '0');
    // A stream that ends is reconnected to, not the end of the command: eventsReconnect.test.ts.
  } finally {
    await server.close();
  }
});
