// The manager's drives with a real Linux initiator (issue 12: "the same through the manager"):
// `npm start` in a child process serves the embedded library's drives over iSCSI; a cartridge is
// mounted through the API; a QEMU guest (../shared/interop/guest-mtx.sh: QEMU's libiscsi, the guest
// kernel's st driver, mt-st, busybox tar) writes a tar archive to the drive the answer names; the
// cartridge is dismounted, mounted in the other drive, and a second guest restores it — checksums
// equal. The guest's mtx on the changer LUN is refused: the manager holds its reservation.
// Skipped, with the reason, where the harness, QEMU or its cached guest is missing.
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RequestView } from '../../src/rsm/service.ts';
import { ApiClient } from '../integration/api/apiClient.ts';
import { npmStart, stopStarted, type StartBanner, type StartedProcess } from '../helpers/npmStart.ts';
import { guestSkipReason, runGuest, type GuestRun } from './guestHarness.ts';

/**
 * busybox tar writes a record per write(); dd re-blocks into 10 KiB records, as GNU tar's default
 * does — with iflag=fullblock: a short read from the pipe would otherwise be padded with zeros by
 * conv=sync, in the middle of the archive (it made this test fail one run in two).
 */
const BLOCK = 10_240;

let skip: string | undefined;
let dir = '';

function guest(changerUrl: string, driveUrl: string, commands: readonly string[]): Promise<GuestRun> {
  return runGuest(changerUrl, [driveUrl], commands, { timeoutSeconds: 200, killAfterMs: 240_000 });
}

function checksums(output: string): string[] {
  return [...output.matchAll(/^([0-9a-f]{32}) {2}\S*(d\/\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

before(async () => {
  skip = await guestSkipReason();
  dir = await mkdtemp(join(tmpdir(), 'changer-guest-tape-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Linux st in a QEMU guest writes and restores through the manager\'s drives', () => {
  it('mount through the API, tar to the drive URL, dismount, mount in the other drive, restore: checksums equal', { timeout: 600_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const data = join(dir, 'data');
    const manager: StartedProcess = npmStart(['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--library', `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`]);
    try {
      const banner: StartBanner = await manager.banner;
      const [first, second] = banner.drives;
      assert.ok(first !== undefined && second !== undefined, banner.text);
      const changerUrl = first.url.replace(/\/1$/, '/0');
      const api = new ApiClient(banner.api, banner.token);

      const mount = await api.post<RequestView>('/v1/mounts?wait=60000', { library: 'library', barcode: 'A00001L8', drive: 0, access: 'write' });
      assert.equal(mount.body.drive?.deviceUrl, first.url, JSON.stringify(mount.body));
      const written = await guest(changerUrl, first.url, [
        'mt -f /dev/nst0 status',
        'mkdir -p /tmp/d/sub && echo hello tape > /tmp/d/a.txt && dd if=/dev/urandom of=/tmp/d/sub/b.bin bs=1024 count=48 2>/dev/null && md5sum /tmp/d/a.txt /tmp/d/sub/b.bin',
        `mt -f /dev/nst0 rewind && tar -cf - -C /tmp d | dd of=/dev/nst0 bs=${BLOCK} iflag=fullblock conv=sync`,
        'mtx -f /dev/sg0 load 2 1 || echo "mtx refused"',
      ]);
      assert.equal(written.code, 0, `${written.stdout}\n${written.stderr.slice(-2000)}`);
      assert.match(written.stdout, /^Tape block size 0 bytes\. Density code 0x5e \(LTO-8\)\.$/m);
      assert.match(written.stdout, /^ BOT ONLINE/m);
      assert.match(written.stdout, /^MOVE MEDIUM from Element Address \d+ to \d+ Failed$/m);
      assert.match(written.stdout, /^mtx refused$/m);
      const before = checksums(written.stdout);
      assert.equal(before.length, 2, written.stdout);

      const dismount = await api.post<RequestView>('/v1/dismounts?wait=60000', { library: 'library', barcode: 'A00001L8' });
      assert.equal(dismount.body.state, 'completed', JSON.stringify(dismount.body));
      const again = await api.post<RequestView>('/v1/mounts?wait=60000', { library: 'library', barcode: 'A00001L8', drive: 1 });
      assert.equal(again.body.drive?.deviceUrl, second.url, JSON.stringify(again.body));

      const restored = await guest(changerUrl, second.url, [
        'sg_inq -p 0x80 /dev/nst0',
        `mkdir -p /tmp/r && dd if=/dev/nst0 bs=${BLOCK} | tar -xvf - -C /tmp/r && cd /tmp/r && md5sum d/a.txt d/sub/b.bin`,
      ]);
      assert.equal(restored.code, 0, `${restored.stdout}\n${restored.stderr.slice(-2000)}`);
      assert.match(restored.stdout, new RegExp(`Unit serial number: ${second.serial}$`, 'm'));
      assert.deepEqual(checksums(restored.stdout), before);
    } finally {
      assert.equal(await stopStarted(manager), 0, manager.stderr());
    }
  });
});
