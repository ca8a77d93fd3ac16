import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { Socket, createServer, connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BufferPool } from '../../../src/iscsi/bufferPool.ts';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import { IscsiPduError, RejectReason } from '../../../src/iscsi/pduError.ts';
import type { Pdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { readInPlace } from '../../../src/iscsi/target/readInPlace.ts';
import { ascii } from './fixtures.ts';

// A connection that reads in place gives the socket the reader's buffers (receiveBuffer) and says
// how much each read put there (received): these tests play the socket, one read at a time.

const nop: Pdu = { kind: 'nop-out', immediate: true, lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, cmdSN: 5, expStatSN: 7, data: ascii('hello') };
const dataOut = (tag: number, data: Uint8Array): Pdu => ({ kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: tag, targetTransferTag: 0xffffffff, expStatSN: 1, dataSN: 0, bufferOffset: 0, data });

/** Feeds `stream` through the reader's own buffers, each read at most `cut(k)` bytes; returns every PDU read, and the buffers the reads went into. */
function readThrough(reader: FrameReader, stream: Uint8Array, cut: (k: number) => number): { pdus: Pdu[]; targets: ArrayBufferLike[] } {
  const pdus: Pdu[] = [];
  const targets: ArrayBufferLike[] = [];
  for (let at = 0, k = 0; at < stream.length; k++) {
    const into = reader.receiveBuffer();
    targets.push(into.buffer);
    const length = Math.min(into.length, cut(k), stream.length - at);
    into.set(stream.subarray(at, at + length));
    at += length;
    reader.received(length);
    for (let pdu = reader.read(); pdu !== undefined; pdu = reader.read()) pdus.push(pdu);
  }
  return { pdus, targets };
}

const tagOf = (pdu: Pdu): number => (pdu.kind === 'data-out' || pdu.kind === 'nop-out' ? pdu.initiatorTaskTag : -1);
const dataOf = (pdu: Pdu): Buffer => Buffer.from(pdu.kind === 'data-out' || pdu.kind === 'nop-out' ? pdu.data : new Uint8Array(0));

describe('FrameReader reading in place', () => {
  it('a 64 KiB Data-Out lands in the buffer it is kept in: after the first read, the socket reads into that buffer, and the PDU is a view of it', () => {
    const block = Uint8Array.from({ length: 65536 }, (_, i) => (i * 13) & 0xff);
    const stream = Buffer.concat([serializePdu(dataOut(9, block)), serializePdu(nop)]);
    const reader = new FrameReader('initiator', { header: false, data: false, maxDataSegmentLength: 65536 }, new BufferPool());
    const { pdus, targets } = readThrough(reader, stream, () => 65536);
    assert.deepEqual(pdus.map(tagOf), [9, 1]);
    assert.deepEqual(dataOf(pdus[0] as Pdu), Buffer.from(block));
    const kept = (pdus[0] as Extract<Pdu, { kind: 'data-out' }>).data.buffer;
    // Read 1 went to the 4 KiB staging buffer (the header and the first bytes), read 2 straight into the frame's buffer.
    assert.notEqual(targets[0], kept);
    assert.equal(targets[1], kept);
    assert.equal(reader.bufferedBytes, 0);
  });

  it('fast-check: any PDUs, any read sizes, with or without digests — every PDU whole and unchanged by later reads, nothing left over', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 3000, max: 70000 })), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 70000 }), { minLength: 1, maxLength: 12 }),
      fc.boolean(),
      (lengths, cuts, digests) => {
        const digestSettings = { header: digests, data: digests };
        const sent = lengths.map((length, i) => dataOut(i + 1, Uint8Array.from({ length }, (_, k) => (k * 7 + i) & 0xff)));
        const stream = Buffer.concat(sent.map((pdu) => serializePdu(pdu, digestSettings)));
        const reader = new FrameReader('initiator', { ...digestSettings, maxDataSegmentLength: 70000 }, new BufferPool());
        const { pdus } = readThrough(reader, stream, (k) => cuts[k % cuts.length] as number);
        assert.deepEqual(pdus.map(tagOf), sent.map(tagOf));
        pdus.forEach((pdu, i) => assert.deepEqual(dataOf(pdu), dataOf(sent[i] as Pdu)));
        assert.equal(reader.bufferedBytes, 0);
      },
    ), { numRuns: 150 });
  });

  it('a PDU left half-read is whole after the next reads, and a corrupt data segment is still refused (digest 0x02)', () => {
    const stream = serializePdu(dataOut(4, Uint8Array.from({ length: 40000 }, (_, i) => i & 0xff)), { header: true, data: true });
    const reader = new FrameReader('initiator', { header: true, data: true, maxDataSegmentLength: 65536 }, new BufferPool());
    assert.deepEqual(readThrough(reader, stream.subarray(0, 30000), () => 1000).pdus, []);
    assert.equal(reader.bufferedBytes, 30000);
    assert.deepEqual(readThrough(reader, stream.subarray(30000), () => 65536).pdus.map(tagOf), [4]);
    const corrupt = Buffer.from(stream);
    corrupt[20000] = (corrupt[20000] as number) ^ 1;
    const again = new FrameReader('initiator', { header: true, data: true, maxDataSegmentLength: 65536 }, new BufferPool());
    assert.throws(() => readThrough(again, corrupt, () => 5000), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.DataDigestError);
  });
});

describe('readInPlace', () => {
  it('an accepted TCP socket reads into the receiver\'s buffers and writes as before; the server stops counting the accepted one', async () => {
    const server = createServer({ pauseOnConnect: true });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const peer = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [accepted] = (await once(server, 'connection')) as [Socket];
    const into = Buffer.alloc(3);
    const got: string[] = [];
    let asked = 0;
    const socket = readInPlace(accepted, {
      buffer: () => {
        asked++;
        return into;
      },
      received: (length) => got.push(into.subarray(0, length).toString('latin1')),
    });
    assert.notEqual(socket, accepted);
    peer.write('abcdefg');
    while (got.join('').length < 7) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(got.join(''), 'abcdefg');
    assert.ok(got.every((piece) => piece.length <= 3), 'no read beyond the buffer given');
    assert.ok(asked >= 3);
    socket.write('pong');
    const [answer] = (await once(peer, 'data')) as [Buffer];
    assert.equal(answer.toString(), 'pong');
    const count = await new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    assert.equal(count, 0);
    peer.destroy();
    socket.destroy();
    server.close();
    await once(server, 'close');
  });

  it('a socket without a TCP handle to take over gets its chunks copied into the receiver\'s buffers', () => {
    const bare = new Socket();
    const into = Buffer.alloc(4);
    const got: string[] = [];
    const socket = readInPlace(bare, { buffer: () => into, received: (length) => got.push(into.subarray(0, length).toString('latin1')) });
    assert.equal(socket, bare);
    bare.emit('data', Buffer.from('0123456789'));
    assert.deepEqual(got, ['0123', '4567', '89']);
    bare.destroy();
  });
});
