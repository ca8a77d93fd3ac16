import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/** Command timeouts descriptor (12 bytes): 0–1 length 000Ah, 3 command specific, 4–7 nominal, 8–11 recommended (seconds). */
export interface CommandTimeouts {
  commandSpecific: number;
  nominal: number;
  recommended: number;
}

/** One command descriptor of the "all commands" format. serviceAction present ⇔ SERVACTV = 1; timeouts present ⇔ CTDP = 1. */
export interface SupportedCommand {
  opcode: number;
  serviceAction?: number;
  cdbLength: number;
  timeouts?: CommandTimeouts;
}

/** SUPPORT field of the one-command format. */
export const CommandSupport = {
  NOT_AVAILABLE: 0,
  NOT_SUPPORTED: 1,
  SUPPORTED: 3,
  SUPPORTED_VENDOR_SPECIFIC: 5,
} as const;

/** The one-command format: SUPPORT, and the CDB usage map (which bits the device looks at). */
export interface OneCommandSupport {
  support: number;
  cdbUsage: Buffer;
  timeouts?: CommandTimeouts;
}

const TIMEOUTS_LENGTH = 12;

function writeTimeouts(w: BufferWriter, t: CommandTimeouts): void {
  w.uint16(0x0a).uint8(0).uint8(t.commandSpecific).uint32(t.nominal).uint32(t.recommended);
}

function readTimeouts(r: BufferReader): CommandTimeouts {
  const at = r.offset;
  const length = r.uint16();
  if (length !== 0x0a) throw r.error(`command timeouts descriptor length ${length} is not 0Ah`, at);
  r.skip(1);
  return { commandSpecific: r.uint8(), nominal: r.uint32(), recommended: r.uint32() };
}

/** REPORT SUPPORTED OPERATION CODES, reporting options 000b: 0–3 command data length, then descriptors. */
export function buildAllCommandsData(commands: SupportedCommand[]): Buffer {
  const w = new BufferWriter().uint32(0);
  for (const c of commands) {
    w.uint8(c.opcode).uint8(0).uint16(c.serviceAction ?? 0).uint8(0);
    w.uint8((c.timeouts === undefined ? 0 : 0x02) | (c.serviceAction === undefined ? 0 : 0x01));
    w.uint16(c.cdbLength);
    if (c.timeouts !== undefined) writeTimeouts(w, c.timeouts);
  }
  return w.patch(0, 4, w.offset - 4).toBuffer();
}

export function parseAllCommandsData(bytes: Uint8Array): { commands: SupportedCommand[]; truncated: boolean } {
  const structure = 'supported operation codes (all commands)';
  if (bytes.length < 4) throw new ScsiFormatError(structure, `${bytes.length} byte(s) is shorter than the 4-byte header`, 'data');
  const r = new BufferReader(bytes, structure);
  const length = r.uint32();
  const body = r.sub(Math.min(length, r.remaining));
  const commands: SupportedCommand[] = [];
  let truncated = bytes.length < 4 + length;
  while (body.remaining > 0) {
    const need = body.remaining >= 6 && (body.buffer[body.offset + 5]! & 0x02) !== 0 ? 8 + TIMEOUTS_LENGTH : 8;
    if (body.remaining < need) {
      if (!truncated) throw body.error('command descriptor runs past the command data length', body.offset);
      truncated = true;
      break;
    }
    const opcode = body.uint8();
    body.skip(1);
    const serviceAction = body.uint16();
    body.skip(1);
    const flags = body.uint8();
    const cdbLength = body.uint16();
    const command: SupportedCommand = { opcode, ...((flags & 0x01) !== 0 ? { serviceAction } : {}), cdbLength };
    if ((flags & 0x02) !== 0) command.timeouts = readTimeouts(body);
    commands.push(command);
  }
  return { commands, truncated };
}

/** Reporting options 001b–011b: 0 reserved, 1 CTDP (bit 7) and SUPPORT (bits 2–0), 2–3 CDB size, usage map, timeouts. */
export function buildOneCommandData(c: OneCommandSupport): Buffer {
  if (!Number.isInteger(c.support) || c.support < 0 || c.support > 7) throw new RangeError(`support out of range: ${c.support}`);
  const w = new BufferWriter().uint8(0).uint8((c.timeouts === undefined ? 0 : 0x80) | c.support).uint16(c.cdbUsage.length).bytes(c.cdbUsage);
  if (c.timeouts !== undefined) writeTimeouts(w, c.timeouts);
  return w.toBuffer();
}

export function parseOneCommandData(bytes: Uint8Array): OneCommandSupport {
  const r = new BufferReader(bytes, 'supported operation codes (one command)');
  r.skip(1);
  const b1 = r.uint8();
  const cdbUsage = r.bytes(r.uint16());
  const result: OneCommandSupport = { support: b1 & 0x07, cdbUsage };
  if ((b1 & 0x80) !== 0) result.timeouts = readTimeouts(r);
  return result;
}
