// Operator requests: applications submit them, operators acknowledge, refuse and complete them,
// every change is an event, and finished ones stay finished.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRsmError } from '../../../../src/rsm/index.ts';
import { BACKUP, forEachEngine, frontPanelOf, OPERATOR, until } from './harness.ts';

forEachEngine('manager operator requests', (h) => {
  test('submit, acknowledge, complete; refusal and re-completion are refused with INVALID_STATE', async () => {
    const started = await h.start();
    const { manager, events } = started;
    const asked = await manager.submitOperatorRequest({ library: 'lib0', message: 'Load the weekly tapes before Friday.' }, BACKUP);
    assert.deepEqual([asked.kind, asked.state, asked.application, asked.user], ['message', 'submitted', 'backup', 'token-backup']);
    const acknowledged = await manager.acknowledgeOperatorRequest(asked.id, OPERATOR);
    assert.deepEqual([acknowledged.state, acknowledged.resolvedBy], ['acknowledged', 'token-operator']);
    const completed = await manager.completeOperatorRequest(asked.id, OPERATOR);
    assert.equal(completed.state, 'completed');
    await assert.rejects(manager.refuseOperatorRequest(asked.id, OPERATOR), (e) => isRsmError(e) && e.code === 'INVALID_STATE');
    await assert.rejects(manager.completeOperatorRequest(asked.id, OPERATOR), (e) => isRsmError(e) && e.code === 'INVALID_STATE');
    await assert.rejects(manager.acknowledgeOperatorRequest(9_999, OPERATOR), (e) => isRsmError(e) && e.code === 'NOT_FOUND');
    await assert.rejects(manager.submitOperatorRequest({ message: ' ' }, BACKUP), (e) => isRsmError(e) && e.code === 'INVALID_PARAMETER');
    const mine = events.filter((e) => e.type === 'operator-request' && e.operatorRequest.id === asked.id).map((e) => (e.type === 'operator-request' ? e.operatorRequest.state : ''));
    assert.deepEqual(mine, ['submitted', 'acknowledged', 'completed']);
    const listed = await manager.operatorRequests({ library: 'lib0', kinds: ['message'] });
    assert.deepEqual(listed.map((r) => r.id), [asked.id]);
  });

  test('completing the request about a missing cartridge says it was taken out on purpose', async () => {
    const { manager } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    panel.pullMagazine('right');
    panel.takeFromMagazine('right', 0);
    await panel.insertMagazine('right');
    await until(async () => (await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] })).length === 1, 'the missing cartridge is reported');
    const [missing] = await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] });
    assert.equal(missing?.barcode, 'A00011L8');
    assert.equal((await manager.medium('lib0', 'A00011L8')).state, 'opreq');
    await manager.completeOperatorRequest(missing?.id as number, OPERATOR);
    const medium = await manager.medium('lib0', 'A00011L8');
    assert.deepEqual([medium.location, medium.state], [{ type: 'outside' }, 'idle']);
  });
});
