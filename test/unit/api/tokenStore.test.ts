import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ensureAdminToken, START_ADMIN_TOKEN_NAME } from '../../../src/api/auth/adminToken.ts';
import { FileTokenStore } from '../../../src/api/auth/tokenStore.ts';
import { ApiError } from '../../../src/api/apiError.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'changer-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function refusal(status: number, code: string) {
  return (e: unknown): boolean => e instanceof ApiError && e.status === status && e.code === code;
}

test('a token authenticates by its secret, survives a reopen of the file, and stops working once revoked', async () => {
  const file = join(dir, 'sub', 'tokens.json');
  const store = await FileTokenStore.open(file);
  const admin = await store.create('ops', 'admin');
  const app = await store.create('bacula-dir', 'application');
  assert.deepEqual(store.authenticate(app.token), { id: app.id, name: 'bacula-dir', role: 'application', createdAt: app.createdAt });
  assert.equal(store.authenticate(`${app.token}x`), undefined);
  assert.equal(store.authenticate(''), undefined);

  const reopened = await FileTokenStore.open(file);
  assert.deepEqual(reopened.list().map((t) => [t.name, t.role]), [['ops', 'admin'], ['bacula-dir', 'application']]);
  assert.equal(reopened.authenticate(admin.token)?.name, 'ops');
  const text = await readFile(file, 'utf8');
  assert.ok(!text.includes(admin.token) && !text.includes(app.token), 'no secret in the file');
  assert.equal((await stat(file)).mode & 0o777, 0o600);

  assert.equal((await reopened.revoke(app.id)).name, 'bacula-dir');
  assert.equal(reopened.authenticate(app.token), undefined);
  assert.equal((await FileTokenStore.open(file)).authenticate(app.token), undefined);
});

test('refusals: a duplicate or malformed name, an unknown id, the last admin token', async () => {
  const store = await FileTokenStore.open(null);
  const admin = await store.create('root', 'admin');
  await assert.rejects(store.create('root', 'reader'), refusal(409, 'INVALID_STATE'));
  await assert.rejects(store.create('', 'reader'), refusal(400, 'INVALID_PARAMETER'));
  await assert.rejects(store.create(' padded', 'reader'), refusal(400, 'INVALID_PARAMETER'));
  await assert.rejects(store.create('x'.repeat(65), 'reader'), refusal(400, 'INVALID_PARAMETER'));
  await assert.rejects(store.revoke('tok_nope'), refusal(404, 'NOT_FOUND'));
  await assert.rejects(store.revoke(admin.id), refusal(409, 'INVALID_STATE'));
  const second = await store.create('root2', 'admin');
  await store.revoke(admin.id);
  assert.deepEqual(store.list().map((t) => t.id), [second.id]);
});

test('a damaged token file is refused with the way out, not read as empty', async () => {
  const file = join(dir, 'tokens.json');
  await writeFile(file, '{"version":1,"tokens":[{"id":"tok_1","name":"a","role":"superuser","createdAt":1,"sha256":"00"}]}');
  await assert.rejects(FileTokenStore.open(file), /is not a token file .* fix it or delete it/);
  await writeFile(file, '{ nope');
  await assert.rejects(FileTokenStore.open(file), /is not valid JSON .* delete it to start with no tokens/);
});

test('npm start\'s admin token: created once, the same at every start, replaced (old one revoked) when its secret file is gone', async () => {
  const store = await FileTokenStore.open(join(dir, 'tokens.json'));
  const secretFile = join(dir, 'admin-token');
  const first = await ensureAdminToken(store, secretFile);
  assert.equal(first.created, true);
  assert.equal((await readFile(secretFile, 'utf8')).trim(), first.token);
  assert.equal((await stat(secretFile)).mode & 0o777, 0o600);
  assert.deepEqual(await ensureAdminToken(store, secretFile), { token: first.token, created: false });
  // Restored from a backup readable by everyone: the next start makes it the owner's alone again.
  await chmod(secretFile, 0o644);
  assert.deepEqual(await ensureAdminToken(store, secretFile), { token: first.token, created: false });
  assert.equal((await stat(secretFile)).mode & 0o777, 0o600);

  await rm(secretFile);
  const second = await ensureAdminToken(store, secretFile);
  assert.equal(second.created, true);
  assert.notEqual(second.token, first.token);
  assert.equal(store.authenticate(first.token), undefined, 'the old admin token is revoked');
  assert.equal(store.authenticate(second.token)?.role, 'admin');
  assert.equal(store.list().length, 1);
  assert.ok(store.list()[0]?.name.startsWith(START_ADMIN_TOKEN_NAME));

  // A secret file that no longer matches (token revoked through the API) is replaced too.
  await writeFile(secretFile, 'chg_stale\n');
  const third = await ensureAdminToken(store, secretFile);
  assert.equal(third.created, true);
  assert.deepEqual(store.list().map((t) => t.role), ['admin']);
});
