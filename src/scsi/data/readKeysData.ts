import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/** PERSISTENT RESERVE IN, READ KEYS: 0–3 PRgeneration, 4–7 additional length, 8-byte keys. */
export interface ReadKeysData {
  generation: number;
  keys: bigint[];
}

export interface ParsedReadKeysData extends ReadKeysData {
  truncated: boolean;
}

const STRUCTURE = 'READ KEYS data';

export function buildReadKeysData(data: ReadKeysData): Buffer {
  const w = new BufferWriter(8 + 8 * data.keys.length).uint32(data.generation).uint32(8 * data.keys.length);
  for (const key of data.keys) w.uint64(key);
  return w.toBuffer();
}

export function parseReadKeysData(bytes: Uint8Array): ParsedReadKeysData {
  if (bytes.length < 8) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const generation = r.uint32();
  const length = r.uint32();
  if (length % 8 !== 0) throw r.error(`additional length ${length} is not a multiple of 8`, 4);
  const available = Math.min(length, r.remaining);
  const keys: bigint[] = [];
  for (let i = 0; i + 8 <= available; i += 8) keys.push(r.uint64());
  return { generation, keys, truncated: available < length };
}
