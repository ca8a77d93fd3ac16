import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import type { Nexus, ScsiDevice, ScsiRequest, ScsiResult } from '../../../src/scsi/device.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { writeBuffer } from './helpers.ts';

// The target joins large Data-Out PDUs in buffers it uses again once a command is answered
// (src/iscsi/bufferPool.ts). A device may look at its data as late as it likes before it answers:
// this one waits a few milliseconds, with other commands of the same connection arriving meanwhile,
// then hashes what it got. Every hash must be the hash of what the initiator sent.

const IQN = 'iqn.2024-01.org.changer.test:write-buffers';

class LateReader implements ScsiDevice {
  readonly seen = new Map<string, string>();

  async execute(_nexus: Nexus, request: ScsiRequest): Promise<ScsiResult> {
    if (request.cdb[0] === 0x3b && request.dataOut !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
      const data = request.dataOut;
      this.seen.set(Buffer.from(data.subarray(0, 16)).toString('hex'), createHash('sha256').update(data).digest('hex'));
    }
    return { status: 0, dataIn: new Uint8Array(0) };
  }
}

describe('write data in reused buffers', () => {
  const device = new LateReader();
  const target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: device } }] });
  let port = 0;
  before(async () => (port = (await target.listen(0, '127.0.0.1')).port));
  after(() => target.close({ graceMs: 100 }));

  it('120 writes of 64–600 KiB, 8 at a time on one connection: the device sees exactly what was sent', async () => {
    const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/0`);
    try {
      const sent = new Map<string, string>();
      const writes = Array.from({ length: 120 }, (_, k) => randomBytes(64 * 1024 + ((k * 37_813) % (536 * 1024))));
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < writes.length) {
          const data = writes[next++] as Buffer;
          sent.set(data.subarray(0, 16).toString('hex'), createHash('sha256').update(data).digest('hex'));
          assert.equal((await transport.execute({ cdb: writeBuffer(data.length), dataOut: data })).status, 0);
        }
      }));
      assert.equal(device.seen.size, 120);
      assert.deepEqual(device.seen, sent);
    } finally {
      await transport.close();
    }
  });
});
