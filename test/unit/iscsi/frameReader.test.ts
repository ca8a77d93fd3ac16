import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crc32c, digestBytes } from '../../../src/iscsi/crc32c.ts';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import { IscsiPduError, RejectReason } from '../../../src/iscsi/pduError.ts';
import type { Pdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { ascii, hex } from './fixtures.ts';

const nop: Pdu = { kind: 'nop-out', immediate: true, lun: 0n, initiatorTaskTag: 1, targetTransferTag: 0xffffffff, cmdSN: 5, expStatSN: 7, data: ascii('hello') };
const settings = { header: false, data: false, maxDataSegmentLength: 8192 };

function drain(reader: FrameReader): Pdu[] {
  const out: Pdu[] = [];
  for (let i = 0; i < 1000; i++) {
    const pdu = reader.read();
    if (pdu === undefined) return out;
    out.push(pdu);
  }
  throw new Error('reader never ran dry');
}

describe('FrameReader', () => {
  it('reassembles PDUs fed one byte at a time', () => {
    const stream = Buffer.concat([serializePdu(nop), serializePdu({ ...nop, initiatorTaskTag: 2, data: new Uint8Array(0) })]);
    const reader = new FrameReader('initiator', settings);
    const seen: Pdu[] = [];
    for (const byte of stream) {
      reader.push(Uint8Array.of(byte));
      seen.push(...drain(reader));
    }
    assert.deepEqual(seen.map((p) => (p.kind === 'nop-out' ? p.initiatorTaskTag : -1)), [1, 2]);
    assert.equal(reader.bufferedBytes, 0);
  });

  it('a 256 KiB Data-Out cut into 64 KiB socket reads, the next PDU begun in the last one: both whole, the rest left buffered', () => {
    const block = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 7) & 0xff);
    const dataOut: Pdu = { kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: 3, targetTransferTag: 0xffffffff, expStatSN: 1, dataSN: 0, bufferOffset: 0, data: block };
    const stream = Buffer.concat([serializePdu(dataOut), serializePdu(nop), serializePdu(nop)]);
    const reader = new FrameReader('initiator', { ...settings, maxDataSegmentLength: block.length });
    const seen: Pdu[] = [];
    for (let at = 0; at < stream.length - 30; at += 65536) {
      reader.push(stream.subarray(at, Math.min(at + 65536, stream.length - 30)));
      seen.push(...drain(reader));
    }
    assert.deepEqual(seen.map((p) => p.kind), ['data-out', 'nop-out']);
    const received = seen[0] as Extract<Pdu, { kind: 'data-out' }>;
    assert.deepEqual(Buffer.from(received.data), Buffer.from(block));
    assert.equal(reader.bufferedBytes, 48 + 8 - 30);
    reader.push(stream.subarray(stream.length - 30));
    assert.deepEqual(drain(reader).map((p) => p.kind), ['nop-out']);
  });

  it('checks a data digest computed while the segment arrives, however the stream is cut; one wrong byte anywhere is a digest error', () => {
    const digests = { header: true, data: true };
    const dataOut = (data: Uint8Array): Pdu => ({ kind: 'data-out', final: true, lun: 0n, initiatorTaskTag: 3, targetTransferTag: 0xffffffff, expStatSN: 1, dataSN: 0, bufferOffset: 0, data });
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }), fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 20 }), fc.option(fc.nat(), { nil: undefined }),
      (length, cuts, corrupt) => {
        const data = Uint8Array.from({ length }, (_, i) => (i * 11 + 5) & 0xff);
        const stream = Buffer.concat([serializePdu(dataOut(data), digests), serializePdu(nop, digests)]);
        const at = corrupt === undefined ? undefined : 52 + (corrupt % length);
        if (at !== undefined) stream[at] = (stream[at] as number) ^ 0x40;
        const reader = new FrameReader('initiator', { ...digests, maxDataSegmentLength: 8192 });
        const seen: Pdu[] = [];
        let offset = 0;
        try {
          for (let k = 0; offset < stream.length; k++) {
            const next = Math.min(stream.length, offset + (cuts[k % cuts.length] as number));
            reader.push(stream.subarray(offset, next));
            offset = next;
            seen.push(...drain(reader));
          }
        } catch (e) {
          assert.ok(at !== undefined, 'only a corrupted stream fails');
          assert.ok(e instanceof IscsiPduError && e.reason === RejectReason.DataDigestError);
          return;
        }
        assert.equal(at, undefined, 'a corrupted data segment is never accepted');
        assert.deepEqual(seen.map((p) => p.kind), ['data-out', 'nop-out']);
        assert.deepEqual(Buffer.from((seen[0] as Extract<Pdu, { kind: 'data-out' }>).data), Buffer.from(data));
      },
    ), { numRuns: 200 });
  });

  it('splits several PDUs arriving in one chunk, leaving a partial one buffered', () => {
    const one = serializePdu(nop);
    const reader = new FrameReader('initiator', settings);
    reader.push(Buffer.concat([one, one, one.subarray(0, 20)]));
    assert.equal(drain(reader).length, 2);
    assert.equal(reader.bufferedBytes, 20);
  });

  it('pads the data segment to 4 bytes and checks both digests', () => {
    const digests = { header: true, data: true };
    const bytes = serializePdu(nop, digests);
    // 48 header + 4 header digest + 5 data + 3 pad + 4 data digest
    assert.equal(bytes.length, 64);
    assert.deepEqual(bytes.subarray(48, 52), digestBytes(crc32c(bytes.subarray(0, 48))));
    assert.deepEqual(bytes.subarray(52, 60), Buffer.concat([ascii('hello'), hex('00 00 00')]));
    assert.deepEqual(bytes.subarray(60, 64), digestBytes(crc32c(bytes.subarray(52, 60))));
    const reader = new FrameReader('initiator', { ...settings, ...digests });
    reader.push(bytes);
    assert.deepEqual(drain(reader).length, 1);
  });

  it('omits the data digest when there is no data segment', () => {
    assert.equal(serializePdu({ ...nop, data: new Uint8Array(0) }, { header: true, data: true }).length, 52);
  });

  it('reports a data digest mismatch as reason 0x02, quoting the header', () => {
    const bytes = serializePdu(nop, { header: false, data: true });
    bytes[50] = (bytes[50] as number) ^ 0xff;
    const reader = new FrameReader('initiator', { ...settings, data: true });
    reader.push(bytes);
    assert.throws(() => reader.read(), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.DataDigestError && e.rejectable);
  });

  it('reports a header digest mismatch without a header to quote (no Reject possible)', () => {
    const bytes = serializePdu(nop, { header: true, data: false });
    bytes[20] = 0x55;
    const reader = new FrameReader('initiator', { ...settings, header: true });
    reader.push(bytes);
    assert.throws(() => reader.read(), (e: unknown) => e instanceof IscsiPduError && !e.rejectable);
  });

  it('refuses an oversized data segment as soon as the header is in, and stays failed', () => {
    const header = Buffer.from(serializePdu({ ...nop, data: new Uint8Array(0) }));
    header.writeUIntBE(8193, 5, 3);
    const reader = new FrameReader('initiator', settings);
    reader.push(header);
    assert.throws(() => reader.read(), (e: unknown) => e instanceof IscsiPduError && e.reason === RejectReason.ProtocolError);
    reader.push(serializePdu(nop));
    assert.throws(() => reader.read(), IscsiPduError);
  });

  it('applies new settings from the next PDU on (digests after login)', () => {
    const reader = new FrameReader('initiator', settings);
    reader.push(Buffer.concat([serializePdu(nop), serializePdu(nop, { header: true, data: true })]));
    assert.equal(reader.read()?.kind, 'nop-out');
    reader.settings = { ...settings, header: true, data: true };
    assert.equal(reader.read()?.kind, 'nop-out');
    assert.equal(reader.bufferedBytes, 0);
  });
});
