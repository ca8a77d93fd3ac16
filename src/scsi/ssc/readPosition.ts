import { Opcode } from '../opcodes.ts';
import { hex, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * SERVICE ACTION of READ POSITION (SSC-3): which data form is returned. Short form (block id) is
 * the 20-byte answer every drive gives; the others are left to the device to refuse or answer.
 */
export const ReadPositionForm = {
  SHORT: 0x00,
  SHORT_VENDOR: 0x01,
  LONG: 0x06,
  EXTENDED: 0x08,
} as const;

export type ReadPositionForm = (typeof ReadPositionForm)[keyof typeof ReadPositionForm];

const FORMS: ReadonlySet<number> = new Set(Object.values(ReadPositionForm));

/** READ POSITION (34h, SSC-3). ALLOCATION LENGTH (bytes 7–8) is used by the extended form only; others send 0. */
export interface ReadPositionCdb {
  form: ReadPositionForm;
  allocationLength: number;
  control: number;
}

export function buildReadPositionCdb(input: CdbInput<ReadPositionCdb, 'form' | 'allocationLength' | 'control'> = {}): Buffer {
  return startCdb(Opcode.READ_POSITION, 10)
    .uint8(input.form ?? ReadPositionForm.SHORT)
    .zeros(5)
    .uint16(input.allocationLength ?? 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReadPositionCdb(cdb: Uint8Array): ReadPositionCdb {
  const r = openCdb(cdb, Opcode.READ_POSITION, 10, 'READ POSITION');
  const form = r.byteWithReserved(0xe0);
  if (!FORMS.has(form)) throw r.error(`service action ${hex(form)} is reserved`, 1, 4);
  r.reservedBytes(5);
  return { form: form as ReadPositionForm, allocationLength: r.uint16(), control: r.uint8() };
}
