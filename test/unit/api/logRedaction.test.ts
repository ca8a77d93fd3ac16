import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { WITHOUT_SECRETS } from '../../../src/api/logRedaction.ts';

test('a log line keeps the CHAP user of a device URL and never its secret, in fields and in the message', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString('utf8')), done()) });
  const logger = pino({ level: 'info', base: null, timestamp: false, ...WITHOUT_SECRETS }, sink);
  logger.error({ library: 'lib', err: 'iscsi://host1:a-long-secret-12@10.0.0.5/iqn.x/0 reports inconsistent changer parameters' }, 'library iscsi://host1:a-long-secret-12@10.0.0.5/iqn.x/0 not owned');
  assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), [
    { level: 50, library: 'lib', err: 'iscsi://host1@10.0.0.5/iqn.x/0 reports inconsistent changer parameters', msg: 'library iscsi://host1@10.0.0.5/iqn.x/0 not owned' },
  ]);
});
