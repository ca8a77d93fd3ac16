// The drives of an embedded library follow its ownership (issue 12): a standby manager that takes
// the library over after its owner was SIGKILLed serves the library's drives over iSCSI from then
// on — on its own portal, which it opened at start and announced in its banner — so a backup host
// can reconnect to the drives without the standby being restarted. Real processes, real signals.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { discoverIscsiTargets } from '../../../../src/transport/iscsiDiscovery.ts';
import { IscsiTransport } from '../../../../src/transport/iscsiTransport.ts';
import { StartedManager } from './startedManager.ts';

const INQUIRY = Uint8Array.of(0x12, 0, 0, 0, 96, 0);

describe('drives served after a takeover', () => {
  const root = mkdtempSync(join(tmpdir(), 'changer-takeover-drives-'));
  const managers: StartedManager[] = [];
  after(async () => {
    for (const m of managers) await m.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the standby serves the drives of the library it took over from a killed owner', { timeout: 120_000 }, async () => {
    const library = `virtual:${join(root, 'shared-library')}?profile=library-24&clock=100x`;
    const catalog = join(root, 'catalog.sqlite');
    const owner = StartedManager.start({ data: join(root, 'owner'), catalog, library, leaseTtlSeconds: 2 });
    managers.push(owner);
    const ownerBanner = (await owner.ready).banner;
    assert.match(ownerBanner, /^ {2}drive 0 {5}iscsi:\/\/127\.0\.0\.1:\d+\/iqn\.2026-11\.dev\.changer:shared-library\/1 {2}serial \S+$/m);

    const standby = StartedManager.start({ data: join(root, 'standby'), catalog, library, leaseTtlSeconds: 2 });
    managers.push(standby);
    const { banner } = await standby.ready;
    const waiting = /^ {2}iSCSI {7}library: its drives are served on 127\.0\.0\.1:(\d+) once this manager takes it over$/m.exec(banner);
    assert.ok(waiting !== null, banner);
    const portal = `127.0.0.1:${waiting[1]}`;
    assert.deepEqual(await discoverIscsiTargets(portal), [], 'nothing served while another manager owns the library');

    owner.signal('SIGKILL');
    await owner.exited;
    const served = await standby.waitForLog((l) => l.msg === 'drives of library library served over iSCSI from now on: this manager took it over', 'the drives served after the takeover', 60_000);
    assert.equal(served.target, 'iqn.2026-11.dev.changer:shared-library');
    assert.equal((await standby.library()).ownedHere, true);
    assert.deepEqual((await discoverIscsiTargets(portal)).map((t) => t.name), ['iqn.2026-11.dev.changer:shared-library']);

    const drive = await IscsiTransport.open(`iscsi://${portal}/iqn.2026-11.dev.changer:shared-library/1`, { connectAttempts: 1 });
    try {
      let answer = await drive.execute({ cdb: INQUIRY, dataInLength: 96 });
      for (let i = 0; i < 3 && answer.status !== 0; i++) answer = await drive.execute({ cdb: INQUIRY, dataInLength: 96 });
      assert.equal(answer.status, 0);
      assert.equal((answer.dataIn[0] ?? 0) & 0x1f, 0x01, 'a sequential-access device: the tape drive');
    } finally {
      await drive.close();
    }
    standby.signal('SIGTERM');
    assert.deepEqual(await standby.exited, { code: 0, signal: null });
  });
});
