import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { driveLun } from '../../../src/emulator/index.ts';
import { InitiatorConnection } from '../../../src/iscsi/initiator/initiatorConnection.ts';
import { InitiatorSession } from '../../../src/iscsi/initiator/initiatorSession.ts';
import { DEFAULT_POLICY } from '../../../src/iscsi/text/negotiation.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR } from './helpers.ts';
import { loadFirstDrive, serveLibrary, type ServedLibrary } from './servedLibrary.ts';

// A READ's data goes out in a buffer the target lends the drive and takes back once the socket has
// the bytes (ScsiRequest.dataInBuffer), and the tape store refills one read-ahead buffer instead of
// making one per 2 MiB. With every READ in flight at once and the initiator not reading its socket
// for a while (a proxy holds the answers back, so tens of MB queue in the target's socket), every
// record must still come back exactly as it was written — none overwritten by a later READ.

/** Passes bytes both ways; `hold()` stops passing the target's answers until `pass()`. */
class HoldingAnswers {
  readonly #server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    this.#pairs.push([client, upstream]);
    client.pipe(upstream);
    upstream.pipe(client);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  readonly #pairs: [Socket, Socket][] = [];
  constructor(private readonly targetPort: number) {}
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as { port: number }).port;
  }
  hold(): void {
    for (const [, upstream] of this.#pairs) upstream.pause();
  }
  pass(): void {
    for (const [, upstream] of this.#pairs) upstream.resume();
  }
  async close(): Promise<void> {
    for (const pair of this.#pairs) for (const s of pair) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const REWIND = Uint8Array.of(0x01, 0, 0, 0, 0, 0);
const WRITE_FILEMARK = Uint8Array.of(0x10, 0, 0, 0, 1, 0);
const variable = (opcode: number, length: number): Uint8Array => Uint8Array.of(opcode, 0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, 0);

describe('tape reads in lent buffers', () => {
  let served: ServedLibrary;
  const iqn = 'iqn.2024-01.org.changer.test:read-buffers';

  before(async () => {
    served = await serveLibrary(iqn, 'library-24');
  });
  after(async () => served.close());

  it('120 records of 200–300 KiB read back identical with 32 READs in flight and the answers held back', async () => {
    await loadFirstDrive(served);
    // Written through our own initiator, one command at a time.
    const writer = await IscsiTransport.open(served.url(driveLun(0)));
    const records = Array.from({ length: 120 }, (_, k) => randomBytes(200 * 1024 + ((k * 7919) % (100 * 1024))));
    try {
      for (let i = 0; i < 20 && (await writer.execute({ cdb: TUR })).status !== 0; i++);
      assert.equal((await writer.execute({ cdb: REWIND })).status, 0);
      for (const record of records) assert.equal((await writer.execute({ cdb: variable(0x0a, record.length), dataOut: record })).status, 0);
      assert.equal((await writer.execute({ cdb: WRITE_FILEMARK })).status, 0);
      assert.equal((await writer.execute({ cdb: REWIND })).status, 0);
    } finally {
      await writer.close();
    }
    // Read back by a session that keeps the whole command window (32) in flight, through a proxy
    // that holds the answers back: about 8 MB of them queue in the target's socket.
    const proxy = new HoldingAnswers(served.port);
    const connection = await InitiatorConnection.open({
      host: '127.0.0.1', port: await proxy.listen(), timeoutMs: 5000,
      login: { initiatorName: 'iqn.2024-01.test:reader', sessionType: 'Normal', targetName: iqn, isid: 0x80_0000_0000_42, initiatorTaskTag: 0, cmdSN: 1, policy: DEFAULT_POLICY },
    });
    const session = new InitiatorSession(connection, 1, 100);
    try {
      const signal = AbortSignal.timeout(60_000);
      // One deadline for the whole window of commands in flight: each listens to it (not a leak).
      setMaxListeners(Number.POSITIVE_INFINITY, signal);
      const lun = driveLun(0);
      for (let i = 0; i < 20 && (await session.execute({ lun, cdb: TUR }, signal)).status !== 0; i++);
      proxy.hold();
      const reads = records.map((record) => session.execute({ lun, cdb: variable(0x08, record.length), dataInLength: record.length }, signal));
      // No event says the target has run the first window of READs: give it time, then let the answers through.
      await sleep(300);
      proxy.pass();
      const answers = await Promise.all(reads);
      answers.forEach((answer, k) => {
        assert.equal(answer.status, 0, `READ ${k}`);
        assert.ok(Buffer.from(answer.dataIn).equals(records[k] as Buffer), `record ${k} (${records[k]?.length} bytes) read back identical`);
      });
    } finally {
      await session.logout(1000).catch(() => undefined);
      await proxy.close();
    }
  });
});
