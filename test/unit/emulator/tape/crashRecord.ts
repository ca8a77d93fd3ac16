/** Record k of the crash test: its own length and bytes, so any record read back can be checked. */
export function crashRecord(k: number): Buffer {
  const record = Buffer.alloc(1000 + ((k * 7919) % 60000));
  for (let i = 0; i < record.length; i += 4) record.writeUInt32BE((Math.imul(k + 1, 2654435761) ^ Math.imul(i, 40503)) >>> 0, Math.min(i, record.length - 4));
  return record;
}
