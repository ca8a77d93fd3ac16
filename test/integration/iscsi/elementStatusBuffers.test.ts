import { strict as assert } from 'node:assert';
import { setMaxListeners } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import { InitiatorConnection } from '../../../src/iscsi/initiator/initiatorConnection.ts';
import { InitiatorSession } from '../../../src/iscsi/initiator/initiatorSession.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { DEFAULT_POLICY } from '../../../src/iscsi/text/negotiation.ts';
import { buildReadElementStatusCdb } from '../../../src/scsi/cdb/readElementStatus.ts';
import { ElementTypeCode } from '../../../src/scsi/elementTypeCode.ts';

// A READ ELEMENT STATUS answer is built in a buffer the target lends (ScsiRequest.dataInBuffer), and
// an answer of a few KiB is joined with its Data-In header in a pooled buffer; both go back to the
// pool once the socket has them. With a whole window of them in flight and the answers held back
// in the network, each answer must still arrive exactly as it does alone — none overwritten by a
// later one.

/** Passes bytes both ways; `hold()` stops passing the target's answers until `pass()`. */
class HoldingAnswers {
  readonly #pairs: [Socket, Socket][] = [];
  readonly #server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    this.#pairs.push([client, upstream]);
    client.pipe(upstream);
    upstream.pipe(client);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
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

const TUR = new Uint8Array(6);

describe('element status answers in lent and pooled buffers', () => {
  let library: VirtualLibrary;
  let target: IscsiTarget;
  let proxy: HoldingAnswers;
  let session: InitiatorSession;
  const iqn = 'iqn.2024-01.org.changer.test:element-status-buffers';

  before(async () => {
    library = await VirtualLibrary.open({ profile: 'library-500', instant: true });
    target = new IscsiTarget({ targets: [{ name: iqn, luns: { 0: library.device } }] });
    proxy = new HoldingAnswers((await target.listen(0, '127.0.0.1')).port);
    const connection = await InitiatorConnection.open({
      host: '127.0.0.1', port: await proxy.listen(), timeoutMs: 5000,
      login: { initiatorName: 'iqn.2024-01.test:inventory', sessionType: 'Normal', targetName: iqn, isid: 0x80_0000_0000_43, initiatorTaskTag: 0, cmdSN: 1, policy: DEFAULT_POLICY },
    });
    session = new InitiatorSession(connection, 1, 100);
  });
  after(async () => {
    await session.logout(1000).catch(() => undefined);
    await proxy.close();
    await target.close({ graceMs: 100 });
    await library.close();
  });

  it('64 chunks of 3–15 KiB, a window in flight and the answers held back, each as it reads alone', async () => {
    const signal = AbortSignal.timeout(60_000);
    // One deadline for the whole window of commands in flight: each listens to it (not a leak).
    setMaxListeners(Number.POSITIVE_INFINITY, signal);
    for (let i = 0; i < 5 && (await session.execute({ lun: 0, cdb: TUR }, signal)).status !== 0; i++);
    const first = library.addresses('slot')[0] as number;
    // Chunks of 60–300 slots (48-byte descriptors with volume tags): answers from 3 to 15 KiB.
    const chunks = Array.from({ length: 64 }, (_, k) => {
      const count = 60 + ((k * 37) % 241);
      const allocationLength = 16 + count * 48;
      return { cdb: buildReadElementStatusCdb({ volumeTag: true, elementType: ElementTypeCode.STORAGE, startingElementAddress: first + k, numberOfElements: count, allocationLength }), allocationLength };
    });
    const alone: Buffer[] = [];
    for (const c of chunks) {
      const answer = await session.execute({ lun: 0, cdb: c.cdb, dataInLength: c.allocationLength }, signal);
      assert.equal(answer.status, 0);
      alone.push(Buffer.from(answer.dataIn));
    }
    assert.equal(alone[0]?.length, 16 + 60 * 48, 'the first chunk is 60 whole descriptors and the headers');
    proxy.hold();
    const together = chunks.map((c) => session.execute({ lun: 0, cdb: c.cdb, dataInLength: c.allocationLength }, signal));
    // No event says the target has answered the window: give it time, then let the answers through.
    await sleep(200);
    proxy.pass();
    const answers = await Promise.all(together);
    answers.forEach((answer, k) => {
      assert.equal(answer.status, 0, `chunk ${k}`);
      assert.ok(Buffer.from(answer.dataIn).equals(alone[k] as Buffer), `chunk ${k} (${alone[k]?.length} bytes) as it read alone`);
    });
  });
});
