// Deferred dismount (NTMS dwDeferDismountDelay) through the HTTP API, on both catalog engines: a
// dismounted tape stays in its drive, which shows `dismountable`; mounting it again within the delay
// is done at once; a mount that needs the drive, `immediate`, or the end of the delay takes it out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LibraryDetail, MediumView, RequestView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';
import { finished, until } from './flow.ts';

const LIB = `/v1/libraries/${LIBRARY}`;

forEachEngine('API deferred dismount', (h) => {
  test('a dismounted tape waits in its drive; mounted again at once; another mount needing the drive takes it out first; immediate is immediate', async () => {
    const api = await h.start({ deferDismountMs: 600_000 });
    const where = async (barcode: string): Promise<[string, number | null, string]> => {
      const m = (await api.reader.get<MediumView>(`${LIB}/media/${barcode}`)).body;
      return [m.location.type, m.location.type === 'outside' ? null : m.location.index, m.state];
    };
    const driveStates = async (): Promise<[number, string, string | null][]> => (await api.reader.get<LibraryDetail>(LIB)).body.drives.map((d) => [d.index, d.state, d.barcode]);

    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 })).body.state, 'completed');
    const deferred = await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' });
    assert.equal(deferred.status, 200, deferred.text);
    assert.deepEqual([deferred.body.state, deferred.body.driveIndex, deferred.body.options.deferredMs, deferred.body.history.at(-1)?.note],
      ['completed', 0, 600_000, 'A00001L8 left in drive 0 (deferred dismount): taken out in 600 s unless it is mounted again']);
    assert.deepEqual(await driveStates(), [[0, 'dismountable', 'A00001L8'], [1, 'dismounted', null]]);
    assert.deepEqual(await where('A00001L8'), ['drive', 0, 'mounted']);

    // Mounted again within the delay: the answer to the POST (no ?wait) is already the completed mount.
    const again = await api.restore.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8' });
    assert.deepEqual([again.status, again.body.state, again.body.driveIndex, again.body.history.at(-1)?.note],
      [202, 'completed', 0, 'A00001L8 was still in drive 0 (deferred dismount): mounted at once']);
    assert.deepEqual(await driveStates(), [[0, 'mounted', 'A00001L8'], [1, 'dismounted', null]]);
    assert.equal((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.mountCount, 2);

    // Deferred again; another tape wants drive 0: the first one goes home first, by the manager's own dismount.
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.options.deferredMs, 600_000);
    const other = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 0 });
    assert.deepEqual([other.body.state, other.body.driveIndex], ['completed', 0]);
    assert.deepEqual(await where('A00001L8'), ['slot', 0, 'idle']);
    const manager = (await api.reader.get<RequestView[]>(`/v1/requests?kind=dismount&state=completed`)).body.filter((r) => r.application === 'rsm');
    assert.deepEqual(manager.map((r) => [r.driveIndex, r.barcode]), [[0, 'A00001L8']]);

    // With every drive taken by waiting tapes, a mount on any drive takes out the one waiting longest.
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00003L8', drive: 1 })).body.state, 'completed');
    for (const barcode of ['A00002L8', 'A00003L8']) assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, barcode })).body.options.deferredMs, 600_000);
    assert.deepEqual(await driveStates(), [[0, 'dismountable', 'A00002L8'], [1, 'dismountable', 'A00003L8']]);
    const any = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00004L8' });
    assert.deepEqual([any.body.state, any.body.driveIndex], ['completed', 0]);
    assert.deepEqual(await driveStates(), [[0, 'mounted', 'A00004L8'], [1, 'dismountable', 'A00003L8']]);

    // immediate: out now.
    const now = await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 1, immediate: true });
    assert.deepEqual([now.body.state, now.body.options.deferredMs], ['completed', undefined]);
    assert.deepEqual(await where('A00003L8'), ['slot', 2, 'idle']);
  });

  test('at the end of the delay the manager takes the tape out itself', async () => {
    const api = await h.start({ deferDismountMs: 300 });
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 })).body.state, 'completed');
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 1 })).body.options.deferredMs, 300);
    let manager: RequestView | undefined;
    await until(async () => {
      manager = (await api.reader.get<RequestView[]>('/v1/requests?kind=dismount')).body.find((r) => r.application === 'rsm');
      return manager !== undefined;
    }, 'the manager queued its own dismount');
    assert.equal((await finished(api.reader, manager?.id ?? 0)).state, 'completed');
    const drive = (await api.reader.get<LibraryDetail>(LIB)).body.drives[1];
    assert.deepEqual([drive?.state, drive?.barcode], ['dismounted', null]);
  });

  test('a drive\'s own delay (SetNtmsObjectInformation dwDeferDismountDelay) defers on that drive only; only drives have one', async () => {
    const api = await h.start();
    const set = await api.operator.call<{ deferDismountSeconds: number | null }>('PATCH', `${LIB}/drives/0`, { body: { deferDismountSeconds: 600 } });
    assert.deepEqual([set.status, set.body.deferDismountSeconds], [200, 600]);
    assert.equal((await api.operator.call('PATCH', `${LIB}/media/A00001L8`, { body: { deferDismountSeconds: 5 } })).status, 400);
    for (const [barcode, drive] of [['A00001L8', 0], ['A00002L8', 1]] as const) {
      assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode, drive })).body.state, 'completed');
      const dismount = await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive });
      assert.deepEqual([drive, dismount.body.state, dismount.body.options.deferredMs], [drive, 'completed', drive === 0 ? 600_000 : undefined]);
    }
    assert.deepEqual((await api.reader.get<LibraryDetail>(LIB)).body.drives.map((d) => [d.index, d.state, d.barcode]), [[0, 'dismountable', 'A00001L8'], [1, 'dismounted', null]]);
    const reset = await api.operator.call<{ deferDismountSeconds: number | null }>('PATCH', `${LIB}/drives/0`, { body: { deferDismountSeconds: null } });
    assert.equal(reset.body.deferDismountSeconds, null);
  });

  test('a manager that restarts with a tape waiting in a dismountable drive waits the delay again, then takes it out', async () => {
    const first = await h.start({ deferDismountMs: 600_000 });
    assert.equal((await first.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00003L8', drive: 0 })).body.state, 'completed');
    assert.equal((await first.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.options.deferredMs, 600_000);
    await first.stop();
    const api = await h.start({ catalogUrl: first.catalogUrl, libraryDir: first.libraryDir, deferDismountMs: 300 });
    await until(async () => {
      const drive = (await api.reader.get<LibraryDetail>(LIB)).body.drives[0];
      return drive?.state === 'dismounted' && drive.barcode === null;
    }, 'the restarted manager took the waiting tape out');
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00003L8`)).body.location, { type: 'slot', index: 2 });
  });

  test('an eject of a tape waiting in its drive takes it out first, then ejects it', async () => {
    const api = await h.start({ deferDismountMs: 600_000 });
    // Empty the mailslot first (the library starts with a cartridge in it).
    assert.equal((await api.operator.post<RequestView>(`${LIB}/inject?wait=20000`, {})).body.state, 'completed');
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00004L8', drive: 1 })).body.state, 'completed');
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 1 })).body.options.deferredMs, 600_000);
    const eject = await api.operator.post<RequestView>(`${LIB}/eject?wait=20000`, { barcodes: ['A00004L8'] });
    assert.equal(eject.body.state, 'completed', eject.text);
    assert.equal((await api.reader.get<MediumView>(`${LIB}/media/A00004L8`)).body.location.type, 'ieport');
    assert.deepEqual((await api.reader.get<LibraryDetail>(LIB)).body.drives.map((d) => [d.index, d.state]), [[0, 'dismounted'], [1, 'dismounted']]);
  });
});
