import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isChangerError } from '../../src/shared/changerError.ts';
import { discoverIscsiTargets } from '../../src/transport/iscsiDiscovery.ts';
import { IscsiTransport } from '../../src/transport/iscsiTransport.ts';

// Our initiator against a real target: Debian's tgt (tgtd), set up the way
// ../shared/interop/tgt-changer.sh does — an SMC changer LUN (tgt's emulation) with slots and
// barcodes, plus a small disk LUN to push large writes through R2T. CHAP is checked with a tgt
// account. Skipped, with the reason printed, when tgtd is not installed or cannot start (it needs root).

const IQN = 'iqn.2024-01.org.changer.interop:tgt';
const CHAP = { username: 'tgtuser', secret: 'tgt-secret-0123' };

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr: stderr + (error !== null && typeof error.code !== 'number' ? String(error.message) : '') });
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

let skip: string | undefined;
let tgtd: ChildProcess | undefined;
let dir = '';
let port = 0;
let ctl = '';

async function tgtadm(...args: string[]): Promise<void> {
  const result = await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', ...args]);
  if (result.code !== 0) throw new Error(`tgtadm ${args.join(' ')}: ${result.stderr.trim()}`);
}

async function startTgt(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'changer-tgt-'));
  port = await freePort();
  // tgtd's control socket number must stay below 32768.
  ctl = String(1000 + (port % 30000));
  await mkdir('/var/run/tgtd', { recursive: true });
  tgtd = spawn('tgtd', ['-f', '-C', ctl, '--iscsi', `portal=127.0.0.1:${port}`], { stdio: 'ignore', detached: true });
  const spawned = await new Promise<boolean>((resolve) => {
    tgtd?.once('error', () => resolve(false));
    tgtd?.once('spawn', () => resolve(true));
  });
  if (!spawned) throw new Error('tgtd did not start');
  for (let i = 0; ; i++) {
    if ((await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'show', '--mode', 'sys'])).code === 0) break;
    if (i > 50 || tgtd.exitCode !== null) throw new Error(`tgtd did not come up on 127.0.0.1:${port} (it needs root)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await tgtadm('--op', 'new', '--mode', 'target', '--tid', '1', '-T', IQN);
  // LUN 1: tgt's SMC changer — 1 picker, 1 drive element, 4 slots, 2 cartridges with barcodes.
  await writeFile(join(dir, 'smc'), Buffer.alloc(1024));
  await tgtadm('--mode', 'logicalunit', '--op', 'new', '--tid', '1', '--lun', '1', '-b', join(dir, 'smc'), '--device-type=changer');
  const update = (params: string): Promise<void> => tgtadm('--mode', 'logicalunit', '--op', 'update', '--tid', '1', '--lun', '1', '--params', params);
  await update('removable=1,vendor_id=IET,product_id=VIRTUAL-CHANGER,scsi_sn=TGTCHG01');
  await update(`media_home=${dir}`);
  await update('element_type=1,start_address=1,quantity=1');
  await update('element_type=4,start_address=500,quantity=1');
  await update('element_type=2,start_address=1000,quantity=4');
  for (const [slot, barcode] of [[1000, 'TST001L6'], [1001, 'TST002L6']] as const) {
    const made = await run('tgtimg', ['--op', 'new', '--device-type', 'tape', '--barcode', barcode, '--size', '1', '--type', 'data', '--file', join(dir, barcode)]);
    if (made.code !== 0) throw new Error(`tgtimg: ${made.stderr}`);
    await update(`element_type=2,address=${slot},barcode=${barcode},sides=1`);
  }
  // LUN 2: a 4 MiB disk, for writes larger than FirstBurstLength and MaxBurstLength.
  await writeFile(join(dir, 'disk'), Buffer.alloc(4 * 1024 * 1024));
  await tgtadm('--mode', 'logicalunit', '--op', 'new', '--tid', '1', '--lun', '2', '-b', join(dir, 'disk'));
  // tgt offers digests only when told to.
  await tgtadm('--op', 'update', '--mode', 'target', '--tid', '1', '--name', 'HeaderDigest', '--value', 'CRC32C,None');
  await tgtadm('--op', 'update', '--mode', 'target', '--tid', '1', '--name', 'DataDigest', '--value', 'CRC32C,None');
  await tgtadm('--op', 'bind', '--mode', 'target', '--tid', '1', '-I', 'ALL');
}

async function stopTgt(): Promise<void> {
  if (tgtd !== undefined && tgtd.exitCode === null) {
    await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'delete', '--mode', 'target', '--tid', '1', '--force']);
    await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'delete', '--mode', 'system']);
    const exited = new Promise((resolve) => tgtd?.once('exit', resolve));
    const timer = setTimeout(() => tgtd?.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  await rm(`/var/run/tgtd/socket.${ctl}`, { force: true });
  await rm(`/var/run/tgtd/socket.${ctl}.lock`, { force: true });
}

before(async () => {
  if ((await run('tgtd', ['--help'])).code === -1 || (await run('tgtadm', ['--help'])).code === -1) {
    skip = 'tgtd is not installed (apt-get install tgt)';
    return;
  }
  try {
    await startTgt();
  } catch (e) {
    skip = `tgtd could not be set up: ${(e as Error).message}`;
  }
});

after(stopTgt);

const TUR = Uint8Array.of(0, 0, 0, 0, 0, 0);

async function ready(transport: IscsiTransport): Promise<void> {
  // A new session first sees tgt's power-on unit attention.
  for (let i = 0; i < 5; i++) if ((await transport.execute({ cdb: TUR })).status === 0) return;
  assert.fail('TEST UNIT READY never succeeded');
}

function readElementStatus(first: number, count: number, length: number): Uint8Array {
  // READ ELEMENT STATUS of storage elements with VOLTAG (tgt leaves out the page header for "all types").
  return Uint8Array.of(0xb8, 0x12, first >> 8, first & 0xff, count >> 8, count & 0xff, 0, length >> 16, (length >> 8) & 0xff, length & 0xff, 0, 0);
}

/** Barcodes by element address from READ ELEMENT STATUS data (element status pages with primary volume tags). */
function barcodes(data: Uint8Array): Map<number, string> {
  const out = new Map<number, string>();
  const b = Buffer.from(data);
  let at = 8;
  while (at + 8 <= b.length) {
    const hasTag = ((b[at + 1] as number) & 0x80) !== 0;
    const descriptorLength = b.readUInt16BE(at + 2);
    const pageBytes = b.readUIntBE(at + 5, 3);
    if (descriptorLength === 0) break;
    // tgt reports 8 bytes more than it sends: the last descriptor may be cut after its volume tag.
    for (let d = at + 8; d + 44 <= Math.min(b.length, at + 8 + pageBytes); d += descriptorLength) {
      const full = ((b[d + 2] as number) & 0x01) !== 0;
      if (full && hasTag) out.set(b.readUInt16BE(d), b.toString('latin1', d + 12, d + 44).trim());
    }
    at += 8 + pageBytes;
  }
  return out;
}

describe('our initiator against tgt', () => {
  it('SendTargets discovery finds the target', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const targets = await discoverIscsiTargets(`127.0.0.1:${port}`);
    assert.deepEqual(targets.map((x) => x.name), [IQN]);
    assert.ok(targets[0]?.portals.some((p) => p.port === port));
  });

  it("INQUIRY, READ ELEMENT STATUS and MOVE MEDIUM on tgt's changer", async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/1`);
    try {
      await ready(transport);
      const inquiry = await transport.execute({ cdb: Uint8Array.of(0x12, 0, 0, 0, 96, 0), dataInLength: 96 });
      assert.equal((inquiry.dataIn[0] as number) & 0x1f, 0x08);
      assert.equal(Buffer.from(inquiry.dataIn).toString('latin1', 8, 16).trim(), 'IET');
      const before = await transport.execute({ cdb: readElementStatus(1000, 4, 1024), dataInLength: 1024 });
      assert.equal(before.status, 0);
      assert.deepEqual([...barcodes(before.dataIn)], [[1000, 'TST001L6'], [1001, 'TST002L6']]);
      const move = await transport.execute({ cdb: Uint8Array.of(0xa5, 0, 0, 1, 0x03, 0xe8, 0x03, 0xeb, 0, 0, 0, 0) });
      assert.equal(move.status, 0, `MOVE MEDIUM sense ${Buffer.from(move.sense ?? []).toString('hex')}`);
      const afterMove = await transport.execute({ cdb: readElementStatus(1000, 4, 1024), dataInLength: 1024 });
      assert.deepEqual([...barcodes(afterMove.dataIn)], [[1001, 'TST002L6'], [1003, 'TST001L6']]);
      const empty = await transport.execute({ cdb: Uint8Array.of(0xa5, 0, 0, 1, 0x03, 0xe8, 0x03, 0xe9, 0, 0, 0, 0) });
      assert.equal(empty.status, 2, 'moving from an empty slot is refused');
      assert.equal((empty.sense?.[2] as number) & 0x0f, 0x05);
    } finally {
      await transport.close();
    }
  });

  for (const [name, options] of [
    ['defaults (immediate + unsolicited data)', {}],
    ['R2T only, CRC32C digests', { headerDigest: true, dataDigest: true, policy: { initialR2T: true, immediateData: false, maxBurstLength: 65536 } }],
  ] as const) {
    it(`writes and reads back 1 MiB on tgt's disk LUN: ${name}`, async (t) => {
      if (skip !== undefined) return t.skip(skip);
      const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/2`, options);
      try {
        await ready(transport);
        const data = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7 + 3) & 0xff);
        const blocks = data.length / 512;
        // WRITE(10) / READ(10) at LBA 8.
        const write = await transport.execute({ cdb: Uint8Array.of(0x2a, 0, 0, 0, 0, 8, 0, blocks >> 8, blocks & 0xff, 0), dataOut: data });
        assert.equal(write.status, 0);
        const read = await transport.execute({ cdb: Uint8Array.of(0x28, 0, 0, 0, 0, 8, 0, blocks >> 8, blocks & 0xff, 0), dataInLength: data.length });
        assert.equal(read.status, 0);
        assert.ok(Buffer.from(read.dataIn).equals(Buffer.from(data)), 'read back what was written');
        if (options.headerDigest === true) assert.deepEqual([transport.parameters?.headerDigest, transport.parameters?.dataDigest], [true, true]);
      } finally {
        await transport.close();
      }
    });
  }

  it('CHAP with a tgt account: the right secret logs in, a wrong one is refused', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    await tgtadm('--mode', 'account', '--op', 'new', '--user', CHAP.username, '--password', CHAP.secret);
    await tgtadm('--mode', 'account', '--op', 'bind', '--tid', '1', '--user', CHAP.username);
    try {
      const good = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/1`, { chap: CHAP });
      await ready(good);
      await good.close();
      await assert.rejects(IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/1`, { chap: { ...CHAP, secret: 'wrong-secret-999' }, connectAttempts: 1 }), (e: unknown) => isChangerError(e, 'DEVICE_NOT_CONNECTED') && /02\/01/.test((e as Error).message));
    } finally {
      await tgtadm('--mode', 'account', '--op', 'unbind', '--tid', '1', '--user', CHAP.username);
      await tgtadm('--mode', 'account', '--op', 'delete', '--user', CHAP.username);
    }
  });
});
