// Work on the library through the HTTP API only, with the front-panel routes playing the
// operator: inject and eject through the mailslot and the door, operator requests acknowledged,
// refused and completed, cleaning, raw moves, inventory, and the catalog reconciled after
// cartridges were moved by hand or the robot jammed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperatorRequest } from '../../../src/rsm/catalog/index.ts';
import type { LibraryDetail, MediumView, RequestView } from '../../../src/rsm/service.ts';
import { embeddedLibrary } from '../../../src/transport/embeddedLibraries.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';
import { finished, requestState, until } from './flow.ts';

const LIB = `/v1/libraries/${LIBRARY}`;
const PANEL = `${LIB}/front-panel`;

interface PanelAnswer {
  door: string;
  mailslots: Record<string, string>;
  magazines: Record<string, string>;
  ready: string;
  locked: boolean;
  outside: (string | null)[];
  cartridge?: string | null;
}

forEachEngine('API inject and eject through the mailslot', (h) => {
  test('mailslot close on a library only its operator closes: 202 with an operator request; once the operator has closed it, 200 closed', async () => {
    const api = await h.start();
    await api.operator.post<RequestView>(`${LIB}/inject?wait=20000`, {});
    // The eject presents the cartridge: the library opens the mailslot on the manager's command.
    const eject = await api.operator.post<RequestView>(`${LIB}/eject?wait=20000`, { barcodes: ['A00003L8'] });
    assert.equal(eject.body.state, 'completed');
    const asked = await api.operator.post<{ library: string; state: string; operatorRequest: OperatorRequest | null }>(`${LIB}/mailslot/close`);
    assert.deepEqual([asked.status, asked.body.library, asked.body.state, asked.body.operatorRequest?.kind, asked.body.operatorRequest?.state, asked.body.operatorRequest?.reason, asked.body.operatorRequest?.message], [
      202, LIBRARY, 'waiting-for-operator', 'device-service', 'submitted', 'close-mailslot', `Close the mailslot of library ${LIBRARY} (the library does not let a host close it), then complete this request.`,
    ]);
    assert.equal((await api.backup.post(`${LIB}/mailslot/close`)).status, 403);
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/take-mailslot`, {})).status, 200);
    const closed = await api.operator.post<{ state: string; operatorRequest: OperatorRequest | null }>(`${LIB}/mailslot/close`);
    assert.deepEqual([closed.status, closed.body], [200, { library: LIBRARY, state: 'closed', operatorRequest: null }]);
  });

  test('eject to the mailslot, the operator takes it (front panel), the catalog has it outside; back in by inject', async () => {
    const api = await h.start();
    const first = await api.operator.post<RequestView>(`${LIB}/inject?wait=20000`, {});
    assert.deepEqual([first.status, first.body.kind, first.body.state, first.body.history.at(-1)?.note], [200, 'inject', 'completed', 'imported B00001L7 → slot:5']);
    const eject = await api.operator.post<RequestView>(`${LIB}/eject?wait=20000`, { barcodes: ['A00003L8'] });
    assert.deepEqual([eject.body.state, eject.body.history.at(-1)?.note], ['completed', 'in the mailslot: A00003L8']);
    const before = (await api.reader.get<MediumView>(`${LIB}/media/A00003L8`)).body;
    assert.deepEqual(before.location, { type: 'ieport', index: 0 });
    const [collect] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=move-media`)).body;
    assert.deepEqual([collect?.reason, collect?.barcode, collect?.state], ['collect-ejected', 'A00003L8', 'submitted']);

    const taken = await api.operator.post<PanelAnswer>(`${PANEL}/take-mailslot`, {});
    assert.equal(taken.status, 200, taken.text);
    assert.deepEqual([taken.body.cartridge, taken.body.outside, taken.body.mailslots], ['A00003L8', ['A00003L8'], { mailslot: 'closed' }]);
    await until(async () => (await api.reader.get<MediumView>(`${LIB}/media/A00003L8`)).body.location.type === 'outside', 'the catalog has it outside');
    await until(async () => (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=move-media`)).body[0]?.state === 'completed', 'the collect request closes itself');
    assert.deepEqual((await api.reader.get<MediumView[]>('/v1/media?location=outside')).body.map((m) => m.barcode), ['A00003L8']);

    const back = await api.operator.post<PanelAnswer>(`${PANEL}/insert-mailslot`, { barcode: 'A00003L8' });
    assert.deepEqual([back.body.cartridge, back.body.outside], ['A00003L8', []]);
    assert.equal((await api.operator.post<RequestView>(`${LIB}/inject?wait=20000`, {})).body.state, 'completed');
    const again = (await api.reader.get<MediumView>(`${LIB}/media/A00003L8`)).body;
    assert.deepEqual([again.id, again.location.type], [before.id, 'slot']);
  });

  test('an inject with an empty mailslot asks the operator, who acknowledges and fills it; the operator request completes', async () => {
    const api = await h.start();
    await api.operator.post(`${LIB}/inject?wait=20000`, {});
    const inject = await api.operator.post<RequestView>(`${LIB}/inject`, { pool: 'Free/LTO-8' });
    assert.equal(inject.status, 202);
    await until(async () => (await requestState(api.reader, inject.body.id)) === 'waiting', 'the inject waits for the operator');
    const [ask] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=new-media&state=submitted`)).body;
    assert.equal(ask?.message, `Put the cartridges to import into the mailslot of library ${LIBRARY} and close it; then complete this request.`);
    const acknowledged = await api.operator.post<OperatorRequest>(`/v1/operator-requests/${ask?.id ?? 0}/acknowledge`);
    assert.deepEqual([acknowledged.status, acknowledged.body.state], [200, 'acknowledged']);
    assert.equal((await api.backup.post(`/v1/operator-requests/${ask?.id ?? 0}/complete`)).status, 403);
    await api.operator.post(`${PANEL}/insert-mailslot`, { barcode: 'C00001L8' });
    const done = await finished(api.reader, inject.body.id);
    assert.deepEqual([done.state, done.history.at(-1)?.note], ['completed', 'imported C00001L8 → slot:10']);
    const c1 = (await api.reader.get<MediumView>(`${LIB}/media/C00001L8`)).body;
    assert.deepEqual([c1.location, c1.poolName, c1.sides[0]?.state], [{ type: 'slot', index: 9 }, 'Free/LTO-8', 'available']);
    const closed = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?kind=new-media`)).body;
    assert.deepEqual(closed.map((r) => r.state), ['completed']);
    const twice = await api.operator.post<{ code: string }>(`/v1/operator-requests/${ask?.id ?? 0}/acknowledge`);
    assert.deepEqual([twice.status, twice.body.code], [409, 'INVALID_STATE']);
  });

  test('an inject nobody answers times out at its timeoutMs; its operator request is closed and nothing moved', async () => {
    const api = await h.start();
    await api.operator.post(`${LIB}/inject?wait=20000`, {});
    const inject = await api.operator.post<RequestView>(`${LIB}/inject`, { timeoutMs: 300 });
    assert.equal(inject.status, 202);
    const injectEnd = await finished(api.reader, inject.body.id);
    const [ask] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?kind=new-media&state=completed`)).body;
    assert.deepEqual(
      [injectEnd.state, injectEnd.errorCode, injectEnd.history.at(-1)?.note, ask?.resolvedBy],
      ['timed-out', 'TIMEOUT', `operator request ${ask?.id ?? 0} was not answered within the request's timeout`, `${injectEnd.claimedBy ?? ''} (request ${inject.body.id} timed out)`],
    );
    const bad = await api.operator.post<{ errors: { field: string }[] }>(`${LIB}/clean`, { drive: 0, timeoutMs: 0 });
    assert.deepEqual([bad.status, bad.body.errors[0]?.field], [400, '/timeoutMs']);
  });

  test('a full inventory identifies a cartridge without a barcode by its tape label; a drive that asks for cleaning is cleaned on its own', async () => {
    const api = await h.start();
    await api.operator.post(`${LIB}/inject?wait=20000`, {});
    const inserted = await api.operator.post<PanelAnswer>(`${PANEL}/insert-mailslot`, { barcode: null, volumeLabel: 'VOL042' });
    assert.equal(inserted.status, 200, inserted.text);
    assert.equal((await api.operator.post<RequestView>(`${LIB}/inject?wait=20000`, {})).body.state, 'completed');
    const full = await api.operator.post<RequestView>(`${LIB}/inventory?wait=20000`, { mode: 'full' });
    assert.deepEqual([full.status, full.body.state], [200, 'completed']);
    const unlabelled = (await api.reader.get<MediumView[]>(`/v1/media?library=${LIBRARY}`)).body.filter((m) => m.barcode === null);
    assert.deepEqual(unlabelled.map((m) => [m.onMediaLabel?.type, m.onMediaLabel?.id, m.poolName]).sort(), [['ansi', 'VOL042', 'Import/unknown'], ['blank', null, 'Free/unknown']]);
    const badLabel = await api.operator.post<{ code: string; detail: string }>(`${PANEL}/insert-mailslot`, { barcode: null, volumeLabel: ' VOL1' });
    assert.deepEqual([badLabel.status, badLabel.body.code], [400, 'INVALID_PARAMETER']);
    assert.match(badLabel.body.detail, /not 1 to 6 printable ASCII characters/);

    assert.equal((await api.operator.post(`${PANEL}/soil-drive`, { drive: 0 })).status, 200);
    await until(async () => (await api.reader.get<RequestView[]>(`/v1/requests?library=${LIBRARY}&kind=clean&state=completed`)).body.length === 1, 'the drive is cleaned');
    const drive = (await api.reader.get<LibraryDetail>(LIB)).body.drives[0];
    assert.deepEqual([drive?.needsCleaning, drive?.devicePath?.endsWith('?lun=1')], [false, true]);
  });

  test('cleaning, a raw move and an inventory are queued requests like mounts', async () => {
    const api = await h.start();
    const clean = await api.operator.post<RequestView>(`${LIB}/clean?wait=20000`, { drive: 0 });
    assert.deepEqual([clean.body.kind, clean.body.state, clean.body.history.at(-1)?.note], ['clean', 'completed', 'drive 0 cleaned with CLN001L1']);
    const drive = (await api.reader.get<LibraryDetail>(LIB)).body.drives[0];
    assert.deepEqual([drive?.state, drive?.needsCleaning, typeof drive?.lastCleanedAt], ['dismounted', false, 'number']);
    assert.equal((await api.backup.post(`${LIB}/clean`, { drive: 0 })).status, 403);
    const noDrive = await api.operator.post<{ code: string }>(`${LIB}/clean`, { drive: 7 });
    assert.deepEqual([noDrive.status, noDrive.body.code], [400, 'INVALID_PARAMETER']);

    const move = await api.backup.post<RequestView>(`${LIB}/moves?wait=20000`, { from: { type: 'slot', index: 0 }, to: { type: 'drive', index: 1 } });
    assert.deepEqual([move.status, move.body.kind, move.body.state], [200, 'move', 'completed']);
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.location, { type: 'drive', index: 1 });
    const occupied = await api.backup.post<{ code: string }>(`${LIB}/moves`, { from: { type: 'slot', index: 1 }, to: { type: 'drive', index: 1 } });
    assert.deepEqual([occupied.status, occupied.body.code], [409, 'INVALID_STATE']);

    const inventory = await api.operator.post<RequestView>(`${LIB}/inventory?wait=20000`, { mode: 'fast' });
    assert.deepEqual([inventory.body.kind, inventory.body.state], ['inventory', 'completed']);
    const bad = await api.operator.post<{ errors: { field: string }[] }>(`${LIB}/inventory`, { mode: 'thorough' });
    assert.deepEqual([bad.status, bad.body.errors[0]?.field], [400, '/mode']);
  });
});

forEachEngine('API door access', (h) => {
  test('an eject through the door that nobody carries out times out at its timeoutMs; the cartridge stays where it was', async () => {
    const api = await h.start({ profile: 'library-500' });
    const labelled = (await api.reader.get<MediumView[]>(`/v1/media?library=${LIBRARY}&location=slot`)).body.find((m) => m.barcode !== null);
    const barcode = labelled?.barcode ?? 'none';
    const before = (await api.reader.get<MediumView>(`${LIB}/media/${barcode}`)).body.location;
    const eject = await api.operator.post<RequestView>(`${LIB}/eject`, { barcodes: [barcode], via: 'door', timeoutMs: 300 });
    assert.equal(eject.status, 202, eject.text);
    const ejectEnd = await finished(api.reader, eject.body.id);
    assert.deepEqual([ejectEnd.state, ejectEnd.errorCode], ['timed-out', 'TIMEOUT']);
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/${barcode}`)).body.location, before);
    assert.deepEqual((await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}`)).body.filter((r) => r.kind === 'move-media').map((r) => r.state), ['completed']);
  });

  test('inject through the door: the operator request is acknowledged, the operator loads slots through the open door, closes it and completes', async () => {
    const api = await h.start({ profile: 'library-500' });
    const inject = await api.operator.post<RequestView>(`${LIB}/inject`, { via: 'door' });
    await until(async () => (await requestState(api.reader, inject.body.id)) === 'waiting', 'the inject waits for the operator');
    const [ask] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=new-media`)).body;
    assert.ok(ask !== undefined);
    await api.operator.post(`/v1/operator-requests/${ask.id}/acknowledge`);
    const closedDoor = await api.operator.post<{ code: string; reason: string }>(`${PANEL}/insert-door`, { slot: 9, barcode: 'D00001L8' });
    assert.deepEqual([closedDoor.status, closedDoor.body.code, closedDoor.body.reason], [409, 'INVALID_STATE', 'DOOR_CLOSED']);
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/open-door`)).body.door, 'open');
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/insert-door`, { slot: 9, barcode: 'D00001L8' })).body.cartridge, 'D00001L8');
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/insert-door`, { slot: 499, barcode: 'D00002L7' })).body.cartridge, 'D00002L7');
    assert.equal((await api.operator.post<{ code: string }>(`${PANEL}/insert-door`, { slot: 500, barcode: 'D00003L7' })).status, 404);
    const closed = await api.operator.post<PanelAnswer>(`${PANEL}/close-door`);
    assert.deepEqual([closed.body.door, closed.body.ready], ['closed', 'ready']);
    const completed = await api.operator.post<OperatorRequest>(`/v1/operator-requests/${ask.id}/complete`);
    assert.deepEqual([completed.status, completed.body.state], [200, 'completed']);
    assert.equal((await finished(api.reader, inject.body.id)).state, 'completed');
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/D00001L8`)).body.location, { type: 'slot', index: 9 });
    const d2 = (await api.reader.get<MediumView>(`${LIB}/media/D00002L7`)).body;
    assert.deepEqual([d2.location, d2.poolName], [{ type: 'slot', index: 499 }, 'Import/LTO-7']);
  });

  test('a refused operator request cancels the request waiting on it', async () => {
    const api = await h.start({ profile: 'library-500' });
    const inject = await api.operator.post<RequestView>(`${LIB}/inject`, { via: 'door' });
    await until(async () => (await requestState(api.reader, inject.body.id)) === 'waiting', 'the inject waits');
    const [ask] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?state=submitted,acknowledged&kind=new-media`)).body;
    const refused = await api.operator.post<OperatorRequest>(`/v1/operator-requests/${ask?.id ?? 0}/refuse`, { reason: 'no tapes on site' });
    assert.deepEqual([refused.status, refused.body.state], [200, 'refused']);
    const done = await finished(api.reader, inject.body.id);
    assert.deepEqual([done.state, done.errorCode, done.errorMessage], ['cancelled', 'REFUSED', 'the operator refused: no tapes on site']);
  });

  test('a library without a door says so (409 NO_DOOR); an unknown library is 404', async () => {
    const api = await h.start();
    const noDoor = await api.operator.post<{ code: string; reason: string; detail: string }>(`${PANEL}/open-door`);
    assert.deepEqual([noDoor.status, noDoor.body.code, noDoor.body.reason], [409, 'INVALID_STATE', 'NO_DOOR']);
    assert.equal((await api.operator.post('/v1/libraries/attic/front-panel/open-door')).status, 404);
    assert.equal((await api.reader.get('/v1/libraries/attic/front-panel')).status, 404);
    const status = await api.reader.get<PanelAnswer>(PANEL);
    assert.deepEqual(status.body, { door: 'none', mailslots: { mailslot: 'closed' }, magazines: { left: 'in', right: 'in' }, ready: 'ready', locked: false, outside: [] });
  });
});

forEachEngine('API reconciliation after front-panel changes and injected faults', (h) => {
  test('a magazine pulled, rearranged and pushed back: the catalog follows the moved, new and missing cartridges', async () => {
    const api = await h.start();
    // The left magazine holds the mailslot (position 0) and slots 0–11 (positions 1–12).
    const pulled = await api.operator.post<PanelAnswer>(`${PANEL}/pull-magazine`, { magazine: 'left' });
    assert.equal(pulled.body.magazines.left, 'out');
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/take-magazine`, { magazine: 'left', position: 1 })).body.cartridge, 'A00001L8');
    await api.operator.post(`${PANEL}/put-magazine`, { magazine: 'left', position: 5, barcode: 'A00001L8' });
    assert.equal((await api.operator.post<PanelAnswer>(`${PANEL}/take-magazine`, { magazine: 'left', position: 2 })).body.cartridge, 'A00002L8');
    await api.operator.post(`${PANEL}/put-magazine`, { magazine: 'left', position: 10, barcode: 'E00001L8' });
    const pushed = await api.operator.post<PanelAnswer>(`${PANEL}/insert-magazine`, { magazine: 'left' });
    assert.deepEqual([pushed.body.magazines.left, pushed.body.outside], ['in', ['A00002L8']]);
    await until(async () => (await api.reader.get<MediumView>(`${LIB}/media/A00002L8`)).body.location.type === 'outside', 'the missing cartridge is placed outside');
    const moved = (await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body;
    assert.deepEqual([moved.location, moved.homeSlot], [{ type: 'slot', index: 4 }, 4]);
    const fresh = (await api.reader.get<MediumView>(`${LIB}/media/E00001L8`)).body;
    assert.deepEqual([fresh.location, fresh.poolName], [{ type: 'slot', index: 9 }, 'Import/LTO-8']);
    const [missing] = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?kind=move-media&state=submitted`)).body;
    assert.deepEqual([missing?.reason, missing?.barcode], ['missing-cartridge', 'A00002L8']);
    // Put back: found again, and the request closes itself.
    await api.operator.post(`${PANEL}/pull-magazine`, { magazine: 'left' });
    await api.operator.post(`${PANEL}/put-magazine`, { magazine: 'left', position: 2, barcode: 'A00002L8' });
    await api.operator.post(`${PANEL}/insert-magazine`, { magazine: 'left' });
    await until(async () => (await api.reader.get<MediumView>(`${LIB}/media/A00002L8`)).body.location.type === 'slot', 'the cartridge is found again');
    await until(async () => (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?kind=move-media`)).body[0]?.state === 'completed', 'the missing-cartridge request closes');
  });

  test('an injected robot jam: the mount fails with the device\'s code, the manager clears the picker by itself, the next mount works', async () => {
    const api = await h.start();
    // The fault is the environment (a jammed robot), set on the box itself; everything else is seen through the API.
    const library = embeddedLibrary(api.deviceUrl);
    assert.ok(library !== undefined);
    library.faults.inject({ kind: 'robot-jam' });
    const failed = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' });
    assert.deepEqual([failed.status, failed.body.state, failed.body.errorCode], [200, 'failed', 'IO_DEVICE_ERROR']);
    assert.equal(typeof failed.body.errorMessage, 'string');
    await until(async () => (await api.reader.get<RequestView[]>('/v1/requests?kind=move&state=completed')).body.length === 1, 'the manager puts the cartridge in the picker away');
    const [cleared] = (await api.reader.get<RequestView[]>('/v1/requests?kind=move')).body;
    assert.deepEqual([cleared?.application, cleared?.history.at(-1)?.note], ['rsm', 'moved transport:0 → slot:1']);
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.location, { type: 'slot', index: 0 });
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' })).body.state, 'completed');
  });

  test('a power cycle from the front panel is reconciled and mounts go on', async () => {
    const api = await h.start();
    const cycled = await api.operator.post<PanelAnswer>(`${PANEL}/power-cycle`);
    assert.deepEqual([cycled.status, cycled.body.ready], [200, 'ready']);
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' });
    assert.equal(mount.body.state, 'completed');
  });
});
