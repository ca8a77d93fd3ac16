// The manager serves its drives (issue 12, point 5), as a user runs it: `npm start`'s entry in a
// child process with the drives' iSCSI target on a free port. A cartridge is mounted through the
// API, whose answer names the drive's URL and serial; our own tape driver writes records and a
// filemark through that URL over real TCP; the cartridge is dismounted, mounted in the other
// drive, and reads back identical. An outside initiator sees the changer LUN but its MOVE MEDIUM
// is refused by the manager's persistent reservation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TapeDrive } from '../../../src/driver/tape/index.ts';
import type { LibraryDetail, RequestView } from '../../../src/rsm/service.ts';
import { buildInquiryCdb } from '../../../src/scsi/cdb/inquiry.ts';
import { buildMoveMediumCdb } from '../../../src/scsi/cdb/moveMedium.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { npmStart as start } from '../../helpers/npmStart.ts';
import { ApiClient } from './apiClient.ts';

const RESERVATION_CONFLICT = 0x18;
const UNIT_ATTENTION = 0x6;
/** Small on purpose: the tape store's capacity is not what this test is about. */
const RECORD_BYTES = 16_384;
const RECORDS = 4;

async function writeRecords(url: string, records: readonly Buffer[]): Promise<void> {
  const drive = await TapeDrive.open(url);
  try {
    await drive.waitReady({ timeoutMs: 30_000, pollMs: 100 });
    await drive.rewind();
    for (const record of records) await drive.writeRecord(record);
    await drive.writeFilemarks(1);
  } finally {
    await drive.close();
  }
}

async function readRecords(url: string): Promise<{ records: Buffer[]; after: string }> {
  const drive = await TapeDrive.open(url);
  try {
    await drive.waitReady({ timeoutMs: 30_000, pollMs: 100 });
    await drive.rewind();
    const records: Buffer[] = [];
    for (;;) {
      const record = await drive.readRecord(RECORD_BYTES * 2);
      if (record.kind !== 'data') return { records, after: record.kind };
      records.push(Buffer.from(record.bytes));
    }
  } finally {
    await drive.close();
  }
}

/** A command from an initiator that is not the manager; the first answer of a new nexus may be a unit attention. */
async function outsideCommand(transport: IscsiTransport, cdb: Uint8Array, dataInLength = 0): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const result = await transport.execute({ cdb, dataInLength });
    const unitAttention = result.status === 0x02 && ((result.sense?.[2] ?? 0) & 0x0f) === UNIT_ATTENTION;
    if (!unitAttention || attempt >= 3) return result.status;
  }
}

describe('npm start serves its drives over iSCSI', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-served-drives-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('mount through the API, write through the drive URL it names, dismount, mount in the other drive, read back identical; outsiders cannot move', async () => {
    const data = join(dir, 'data');
    const manager = start(['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--library', `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`]);
    try {
      const banner = await manager.banner;
      assert.equal(banner.iqn, 'iqn.2026-11.dev.changer:library', banner.text);
      assert.equal(banner.drives.length, 2, banner.text);
      const api = new ApiClient(banner.api, banner.token);

      const detail = (await api.get<LibraryDetail>('/v1/libraries/library')).body;
      assert.deepEqual(detail.drives.map((d) => [d.index, d.serialNumber, d.devicePath]), banner.drives.map((d) => [d.index, d.serial, d.url]));

      const mount = await api.post<RequestView>('/v1/mounts?wait=30000', { library: 'library', barcode: 'A00001L8', drive: 0, access: 'write' });
      assert.equal(mount.body.state, 'completed', JSON.stringify(mount.body));
      const first = banner.drives[0];
      assert.ok(first !== undefined);
      assert.deepEqual(mount.body.drive, { index: 0, serialNumber: first.serial, deviceUrl: first.url });

      const records = Array.from({ length: RECORDS }, () => randomBytes(RECORD_BYTES));
      await writeRecords(first.url, records);

      const dismount = await api.post<RequestView>('/v1/dismounts?wait=30000', { library: 'library', barcode: 'A00001L8' });
      assert.equal(dismount.body.state, 'completed', JSON.stringify(dismount.body));
      const again = await api.post<RequestView>('/v1/mounts?wait=30000', { library: 'library', barcode: 'A00001L8', drive: 1 });
      assert.equal(again.body.state, 'completed', JSON.stringify(again.body));
      const second = banner.drives[1];
      assert.ok(second !== undefined);
      assert.deepEqual(again.body.drive, { index: 1, serialNumber: second.serial, deviceUrl: second.url });

      const read = await readRecords(second.url);
      assert.equal(read.records.length, RECORDS);
      read.records.forEach((record, i) => assert.ok(record.equals(records[i] as Buffer), `record ${i} differs`));
      assert.equal(read.after, 'filemark');

      // A real library's changer is visible to every host on the bus; the manager's reservation keeps the robot its own.
      const changer = await IscsiTransport.open(first.url.replace(/\/1$/, '/0'));
      try {
        assert.equal(await outsideCommand(changer, buildInquiryCdb({ allocationLength: 96 }), 96), 0x00);
        assert.equal(await outsideCommand(changer, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 0x1000, destinationAddress: 0x1001 })), RESERVATION_CONFLICT);
      } finally {
        await changer.close();
      }
    } finally {
      manager.child.kill('SIGTERM');
      assert.equal(await manager.exited, 0, manager.stderr());
    }
  });

  test('--iscsi-listen off serves no drive, and a busy iSCSI port is said in the banner while the manager starts anyway', async () => {
    const data = join(dir, 'off');
    const library = `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`;
    const off = start(['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', 'off', '--library', library]);
    try {
      assert.match((await off.banner).text, /^ {2}drives +not served over iSCSI: turned off \(--iscsi-listen off\)$/m);
    } finally {
      off.child.kill('SIGTERM');
      assert.equal(await off.exited, 0, off.stderr());
    }
    const first = start(['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--library', library]);
    const busyData = join(dir, 'busy');
    try {
      const port = /^ {2}iSCSI +\S+ on 127\.0\.0\.1:(\d+)/m.exec((await first.banner).text)?.[1];
      assert.ok(port !== undefined);
      const busy = start(['--data', busyData, '--listen', '127.0.0.1:0', '--iscsi-listen', `127.0.0.1:${port}`, '--library', `virtual:${join(busyData, 'library')}?profile=library-24&clock=virtual`]);
      try {
        const text = (await busy.banner).text;
        assert.match(text, new RegExp(`^ {2}drives +not served over iSCSI: 127\\.0\\.0\\.1:${port} is already in use .*--iscsi-listen or CHANGER_ISCSI_LISTEN$`, 'm'));
        assert.match(text, /^ {2}API +http:\/\/127\.0\.0\.1:\d+$/m);
      } finally {
        busy.child.kill('SIGTERM');
        assert.equal(await busy.exited, 0, busy.stderr());
      }
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0, first.stderr());
    }
  });

  test('with CHAP the drives take only initiators that log in with it; the banner and the log name the user, never the secret', async () => {
    const data = join(dir, 'chap');
    const secret = 'drive-secret-0123456789';
    const manager = start(['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--library', `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`], { CHANGER_ISCSI_CHAP: `backup:${secret}` });
    try {
      const banner = await manager.banner;
      assert.match(banner.text, /^ {2}iSCSI +iqn\.2026-11\.dev\.changer:library on 127\.0\.0\.1:\d+ \(CHAP user 'backup'\)$/m);
      const drive = banner.drives[0];
      assert.ok(drive !== undefined);
      assert.ok(!drive.url.includes('backup'), 'served URLs carry no credentials');
      await assert.rejects(IscsiTransport.open(drive.url));
      const withChap = await IscsiTransport.open(drive.url.replace('iscsi://', `iscsi://backup:${secret}@`));
      try {
        assert.equal(await outsideCommand(withChap, buildInquiryCdb({ allocationLength: 96 }), 96), 0x00);
      } finally {
        await withChap.close();
      }
      const api = new ApiClient(banner.api, banner.token);
      assert.ok(!JSON.stringify((await api.get('/v1/libraries/library')).body).includes(secret));
    } finally {
      manager.child.kill('SIGTERM');
      assert.equal(await manager.exited, 0, manager.stderr());
    }
    assert.ok(!manager.stdout().includes(secret) && !manager.stderr().includes(secret), 'the secret is never printed');
  });

  test('bad iSCSI settings: one line and exit code 2, never echoing a secret', async () => {
    const data = join(dir, 'bad');
    for (const [args, env, reason] of [
      [['--iscsi-listen', 'nowhere'], {}, /^npm start: --iscsi-listen "nowhere" is not HOST:PORT \(e\.g\. 127\.0\.0\.1:3260, or off\)$/m],
      [['--iscsi-listen', '127.0.0.1:0'], { CHANGER_ISCSI_CHAP: 'backup:short' }, /CHAP secrets must be at least 12 bytes/],
      [['--iscsi-listen', '127.0.0.1:0', '--iscsi-chap', 'no-colon-secret-text'], {}, /needs USER:SECRET$/m],
      [['--iscsi-listen', 'off', '--iscsi-chap', 'backup:drive-secret-0123456789'], {}, /needs the drives served/],
    ] as const) {
      const run = start(['--data', data, '--listen', '127.0.0.1:0', ...args], env);
      run.banner.catch(() => undefined);
      assert.equal(await run.exited, 2, run.stderr());
      assert.match(run.stderr(), reason);
      assert.equal(run.stderr().split('\n').length, 2, run.stderr());
      assert.ok(!run.stderr().includes('short') && !run.stderr().includes('no-colon') && !run.stderr().includes('0123456789'), run.stderr());
    }
  });
});
