// CRC32C throughput: the sliced digest iSCSI uses (src/iscsi/crc32c.ts) next to the byte-at-a-time
// table loop it replaced, over the same 256 KiB block (a tape block as one Data-Out segment) and a
// 48-byte header, in the same run.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { crc32c } from '../src/iscsi/crc32c.ts';

type Report = (name: string, value: string) => void;

const TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  return c >>> 0;
});

/** The previous src/iscsi/crc32c.ts, the peer of this figure. */
function byteAtATime(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** MB/s (10^6 bytes) over `ms` of repeated digests, after a warm-up. */
function throughput(digest: (bytes: Uint8Array) => number, bytes: Uint8Array, ms: number): number {
  for (let i = 0; i < 50; i++) digest(bytes);
  let total = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 16; i++) digest(bytes);
    total += 16 * bytes.length;
  }
  return total / ((performance.now() - start) / 1000) / 1e6;
}

export function benchCrc32c(report: Report): void {
  const ms = Number(process.env.BENCH_CRC_MS ?? 1000);
  const block = randomBytes(256 * 1024 + 1).subarray(1); // unaligned, as a segment inside a received chunk may be
  if (crc32c(block) !== byteAtATime(block)) throw new Error('the sliced CRC32C disagrees with the byte loop');
  const header = randomBytes(48);
  const sliced = throughput(crc32c, block, ms);
  const simple = throughput(byteAtATime, block, ms);
  report('CRC32C 256 KiB block, slicing-by-16 (ours)', `${sliced.toFixed(0)} MB/s`);
  report('CRC32C 256 KiB block, byte-at-a-time table (before)', `${simple.toFixed(0)} MB/s`);
  report('CRC32C 256 KiB block, sliced/byte-at-a-time', (sliced / simple).toFixed(2));
  report('CRC32C 48-byte header, slicing-by-16 (ours)', `${throughput(crc32c, header, ms / 2).toFixed(0)} MB/s`);
  report('CRC32C 48-byte header, byte-at-a-time table (before)', `${throughput(byteAtATime, header, ms / 2).toFixed(0)} MB/s`);
}
