import { senseKeyName } from '../../scsi/sense/senseKey.ts';
import { senseText } from '../../scsi/sense/ascText.ts';
import { parseSenseData } from '../../scsi/sense/senseData.ts';
import { ScsiStatus, scsiStatusName } from '../../scsi/status.ts';
import type { CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';
import { UsageError } from '../usageError.ts';

/**
 * `changer raw <cdb bytes…> [--data-in N] [--data-out HEX]`: one CDB straight to the device, below
 * the class driver (like sg_raw): prints the SCSI status, decoded sense and the data in hex. It
 * takes no exclusive hold of its own, but the embedded library's own lock still applies.
 */
export async function rawCommand(ctx: CommandContext, cdbWords: string[], options: { dataIn?: string; dataOut?: string }): Promise<boolean> {
  const cdb = parseHex(cdbWords.join(' '), 'CDB');
  if (cdb.length < 6 || cdb.length > 16) throw new UsageError(`a CDB is 6 to 16 bytes; got ${cdb.length}`);
  const dataInLength = options.dataIn === undefined ? 0 : Number(options.dataIn);
  if (!Number.isInteger(dataInLength) || dataInLength < 0 || dataInLength > 0xffffff) throw new UsageError(`--data-in must be a byte count 0..16777215, not '${options.dataIn}'`);
  const dataOut = options.dataOut === undefined ? undefined : parseHex(options.dataOut, '--data-out');
  const { openTransport } = await import('../../transport/openTransport.ts');
  const transport = await openTransport(ctx.device);
  try {
    const result = await transport.execute({ cdb, dataInLength, ...(dataOut ? { dataOut } : {}), timeoutMs: 600_000 });
    const sense = result.sense && result.sense.length > 0 ? describeSense(result.sense) : undefined;
    const data = Buffer.from(result.dataIn);
    if (ctx.output.json) {
      writeJson(ctx.output, { status: result.status, statusName: scsiStatusName(result.status), sense: sense ?? null, dataIn: data.toString('hex'), residual: result.residual ?? null });
    } else {
      writeLine(ctx.output, `SCSI status: ${scsiStatusName(result.status)} (0x${result.status.toString(16).padStart(2, '0')})`);
      if (sense) writeLine(ctx.output, `Sense: ${sense.keyName}, ASC/ASCQ ${sense.asc}/${sense.ascq}: ${sense.text}${sense.fieldPointer ?? ''}\nSense data: ${sense.hex}`);
      if (data.length > 0) {
        writeLine(ctx.output, `Data in (${data.length} bytes):`);
        for (let i = 0; i < data.length; i += 16) writeLine(ctx.output, ` ${i.toString(16).padStart(4, '0')}  ${hexRow(data.subarray(i, i + 16))}`);
      }
    }
    return result.status === ScsiStatus.GOOD;
  } finally {
    await transport.close();
  }
}

interface SenseDescription {
  keyName: string;
  key: number;
  asc: string;
  ascq: string;
  text: string;
  fieldPointer?: string;
  hex: string;
}

function describeSense(bytes: Uint8Array): SenseDescription {
  const hex = Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ').trim();
  try {
    const s = parseSenseData(bytes);
    const sks = 'senseKeySpecific' in s ? s.senseKeySpecific : undefined;
    const pointer = sks !== undefined && 'fieldPointer' in sks ? ` (field pointer: byte ${String(sks.fieldPointer)}${'bitPointer' in sks && sks.bitPointer !== undefined ? ` bit ${String(sks.bitPointer)}` : ''})` : undefined;
    return { keyName: senseKeyName(s.senseKey), key: s.senseKey, asc: h(s.asc), ascq: h(s.ascq), text: senseText(s.asc, s.ascq), ...(pointer ? { fieldPointer: pointer } : {}), hex };
  } catch {
    return { keyName: 'unparsable sense', key: -1, asc: '??', ascq: '??', text: 'the sense data could not be decoded', hex };
  }
}

function h(v: number): string {
  return v.toString(16).toUpperCase().padStart(2, '0') + 'h';
}

export function hexRow(b: Buffer): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export function parseHex(text: string, what: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:]+/g, ' ').trim();
  const words = clean === '' ? [] : clean.split(' ');
  const bytes: number[] = [];
  for (const w of words) {
    if (!/^[0-9a-f]+$/i.test(w) || w.length % 2 !== 0 && w.length !== 1) throw new UsageError(`${what}: '${w}' is not hex bytes`);
    const padded = w.length === 1 ? '0' + w : w;
    for (let i = 0; i < padded.length; i += 2) bytes.push(parseInt(padded.slice(i, i + 2), 16));
  }
  if (bytes.length === 0) throw new UsageError(`${what}: no bytes given`);
  return Uint8Array.from(bytes);
}


