// The API's structured log: one JSON line per request saying who asked (token name, role,
// application), and never a token secret — not for a good token, a bad one, or a new one.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { LIBRARY, onSqlite } from './apiHarness.ts';

class Lines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString('utf8');
    this.text += text;
    for (const line of text.split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

onSqlite('API logs', (h) => {
  test('one line per request with who asked; no secret anywhere in the log', async () => {
    const sink = new Lines();
    const api = await h.start({ apiLogger: pino({ level: 'info' }, sink) });
    await api.backup.as('bacula-sd').post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' });
    await api.anonymous.withToken('chg_definitely-not-a-token').get('/v1/libraries');
    const created = await api.admin.post<{ token: string }>('/v1/tokens', { name: 'temp', role: 'reader' });
    await api.anonymous.withToken(created.body.token).get('/v1/pools');
    await api.stop();

    const requests = sink.lines.filter((l) => l.msg === 'request');
    const summary = requests.map((l) => [l.method, l.route, l.status, l.token, l.role, l.application]);
    assert.deepEqual(summary, [
      ['POST', '/v1/mounts', 200, 'backup', 'application', 'bacula-sd'],
      ['GET', '/v1/libraries', 401, null, null, null],
      ['POST', '/v1/tokens', 201, 'admin', 'admin', 'admin'],
      ['GET', '/v1/pools', 200, 'temp', 'reader', 'temp'],
    ]);
    for (const line of requests) {
      assert.equal(typeof line.reqId, 'string');
      assert.equal(typeof line.ms, 'number');
    }
    assert.ok(sink.lines.some((l) => l.msg === 'token created' && l.tokenName === 'temp' && l.by === 'admin'));
    for (const secret of [api.backup.token, api.admin.token, created.body.token, 'chg_definitely-not-a-token']) {
      assert.ok(!sink.text.includes(secret ?? 'none'), 'a token secret reached the log');
    }
  });
});
