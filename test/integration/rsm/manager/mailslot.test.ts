// The mailslot as a mature library manager treats it: an eject that finds it full, or open where
// only the operator can close it, waits on an operator request and goes on once the operator has
// done it (the manager reads the library again) instead of failing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manager } from '../../../../src/rsm/index.ts';
import { assertConservation } from './conservation.ts';
import { finished, forEachEngine, frontPanelOf, OPERATOR, until } from './harness.ts';

async function slotBarcodes(manager: Manager, count: number): Promise<string[]> {
  const media = await manager.media({ library: 'lib0', location: 'slot' });
  return media.filter((m) => m.barcode !== null && !m.barcode.startsWith('CLN')).slice(0, count).map((m) => m.barcode as string);
}

forEachEngine('manager mailslot', (h) => {
  test('an eject into a full mailslot waits on an operator request to empty it, and goes on once the operator has', async () => {
    const { manager, deviceUrl } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    // library-24 has one mailslot position, and starts with a cartridge in it: take that in first.
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    const [first, second] = await slotBarcodes(manager, 2);
    const out = await finished(manager, await manager.eject({ library: 'lib0', barcodes: [first as string] }, OPERATOR));
    assert.deepEqual([out.state, out.history.at(-1)?.note], ['completed', `in the mailslot: ${first}`]);

    const waiting = await manager.eject({ library: 'lib0', barcodes: [second as string] }, OPERATOR);
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the eject waits for the operator');
    const [ask] = (await manager.operatorRequests({ library: 'lib0' })).filter((r) => r.reason === `request-${waiting.id}`);
    assert.deepEqual([ask?.kind, ask?.state, ask?.message], ['move-media', 'submitted', `The mailslot of library lib0 is full: take out ${first}, close it, then complete this request.`]);
    assert.equal((await manager.request(waiting.id)).history.at(-1)?.note, `waiting for operator request ${ask?.id}`);

    // The operator empties the mailslot and closes it; the library scans it and the manager goes on by itself.
    panel.takeFromMailslot();
    await panel.closeMailslot();
    const done = await finished(manager, waiting);
    assert.deepEqual([done.state, done.errorCode, done.history.at(-1)?.note], ['completed', null, `in the mailslot: ${second}`]);
    assert.deepEqual((await manager.medium('lib0', second as string)).location, { type: 'ieport', index: 0 });
    assert.equal((await manager.medium('lib0', first as string)).location.type, 'outside');
    const answered = (await manager.operatorRequests({ library: 'lib0' })).find((r) => r.id === ask?.id);
    assert.equal(answered?.state, 'completed');
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('an eject with the mailslot left open where only the operator closes it waits on an operator request to close it', async () => {
    const { manager, deviceUrl } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    const [barcode] = await slotBarcodes(manager, 1);
    await panel.openMailslot();
    const waiting = await manager.eject({ library: 'lib0', barcodes: [barcode as string] }, OPERATOR);
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the eject waits for the operator');
    const [ask] = (await manager.operatorRequests({ library: 'lib0' })).filter((r) => r.reason === `request-${waiting.id}`);
    assert.deepEqual([ask?.kind, ask?.state, ask?.message], ['device-service', 'submitted', 'Close the mailslot of library lib0 (the library does not let a host close it), then complete this request.']);

    // Completing it without closing the mailslot: the manager reads the library, finds it still open and asks again.
    await manager.completeOperatorRequest(ask?.id as number, OPERATOR);
    await until(async () => (await manager.operatorRequests({ library: 'lib0', states: ['submitted'] })).some((r) => r.reason === `request-${waiting.id}`), 'the manager asks again');
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the eject waits again');

    await panel.closeMailslot();
    const done = await finished(manager, waiting);
    assert.deepEqual([done.state, done.history.at(-1)?.note], ['completed', `in the mailslot: ${barcode}`]);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('mailslot close: the library closes it where it accepts CLOSE; where only the operator can, one operator request asks them', async () => {
    const { manager } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    await panel.openMailslot();
    const asked = await manager.closeMailslot('lib0', OPERATOR);
    assert.deepEqual([asked.library, asked.state, asked.operatorRequest?.kind, asked.operatorRequest?.state, asked.operatorRequest?.reason, asked.operatorRequest?.message], [
      'lib0', 'waiting-for-operator', 'device-service', 'submitted', 'close-mailslot', 'Close the mailslot of library lib0 (the library does not let a host close it), then complete this request.',
    ]);
    assert.equal((await manager.closeMailslot('lib0', OPERATOR)).operatorRequest?.id, asked.operatorRequest?.id, 'asked once while it stays open');
    await panel.closeMailslot();
    assert.deepEqual(await manager.closeMailslot('lib0', OPERATOR), { library: 'lib0', state: 'closed', operatorRequest: null });

    const big = await h.start({ profile: 'library-500', name: 'lib500' });
    const bigPanel = frontPanelOf(big.manager, 'lib500');
    await bigPanel.openMailslot();
    assert.deepEqual(await big.manager.closeMailslot('lib500', OPERATOR), { library: 'lib500', state: 'closed', operatorRequest: null });
    assert.deepEqual(Object.values(bigPanel.status().mailslots), ['closed']);
  });
});
