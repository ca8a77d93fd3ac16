import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrontPanelError } from '../../../src/emulator/frontPanel.ts';
import { problemFor, RSM_ERROR_STATUS } from '../../../src/api/errorMapping.ts';
import { CatalogError } from '../../../src/rsm/catalog/index.ts';
import { RsmError, type RsmErrorCode } from '../../../src/rsm/rsmError.ts';

test('every RsmError code has its status; the problem carries code, type, detail and the manager\'s context', () => {
  assert.deepEqual(RSM_ERROR_STATUS, {
    NOT_FOUND: 404, INVALID_PARAMETER: 400, INVALID_STATE: 409, MEDIA_UNAVAILABLE: 409, MEDIA_INCOMPATIBLE: 409,
    LIBRARY_UNAVAILABLE: 503, ACCESS_DENIED: 403, DEVICE_ERROR: 502, SHUTTING_DOWN: 503,
  });
  const { problem, internal } = problemFor(new RsmError('MEDIA_UNAVAILABLE', 'pool nightly is empty', { detail: { pool: 'nightly' } }), '/v1/mounts', 'r1');
  assert.equal(internal, false);
  assert.deepEqual(problem, {
    type: 'urn:changer:problem:media-unavailable', title: 'No medium available', status: 409, detail: 'pool nightly is empty', instance: '/v1/mounts', code: 'MEDIA_UNAVAILABLE', context: { pool: 'nightly' },
  });
  fc.assert(
    fc.property(fc.constantFrom(...(Object.keys(RSM_ERROR_STATUS) as RsmErrorCode[])), fc.string(), (code, message) => {
      const mapped = problemFor(new RsmError(code, message), '/x', 'r').problem;
      return mapped.status === RSM_ERROR_STATUS[code] && mapped.code === code && mapped.detail === message && mapped.type.startsWith('urn:changer:problem:');
    }),
  );
});

test('catalog and front-panel refusals that reach the API unwrapped still get their 4xx', () => {
  const duplicate = problemFor(new CatalogError('ALREADY_EXISTS', 'pool nightly exists'), '/v1/pools', 'r').problem;
  assert.deepEqual([duplicate.status, duplicate.code, duplicate.reason], [409, 'INVALID_STATE', 'ALREADY_EXISTS']);
  const noDoor = problemFor(new FrontPanelError('NO_DOOR', 'a library-24 has no door'), '/p', 'r').problem;
  assert.deepEqual([noDoor.status, noDoor.code, noDoor.reason], [409, 'INVALID_STATE', 'NO_DOOR']);
  const noMagazine = problemFor(new FrontPanelError('NO_SUCH_MAGAZINE', 'no magazine named "top"'), '/p', 'r').problem;
  assert.deepEqual([noMagazine.status, noMagazine.code], [404, 'NOT_FOUND']);
});

test('anything else is a 500 that points to the log and does not leak its message', () => {
  const { problem, internal } = problemFor(new TypeError('cannot read properties of undefined (secret path /etc/x)'), '/v1/media', 'req-7');
  assert.equal(internal, true);
  assert.deepEqual([problem.status, problem.code, problem.requestId], [500, 'INTERNAL_ERROR', 'req-7']);
  assert.ok(!problem.detail.includes('/etc/x'));
  assert.match(problem.detail, /request req-7/);
});

test('a device URL quoted by an error reaches the client without its CHAP secret, in the detail and the context', () => {
  const error = new RsmError('DEVICE_ERROR', 'iscsi://host1:a-long-secret-12@127.0.0.1:3300/iqn.x:lib/0 reports inconsistent changer parameters', { detail: { device: 'iscsi://host1:a-long-secret-12@127.0.0.1:3300/iqn.x:lib/0' } });
  const { problem } = problemFor(error, '/v1/libraries/lib/inventory', 'r1');
  assert.deepEqual([problem.detail, problem.context], ['iscsi://host1@127.0.0.1:3300/iqn.x:lib/0 reports inconsistent changer parameters', { device: 'iscsi://host1@127.0.0.1:3300/iqn.x:lib/0' }]);
});
