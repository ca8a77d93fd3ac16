/**
 * Value grammar of iSCSI text keys (RFC 7143 §6.1, §13): lists, numbers (decimal or 0x hex),
 * ranges "a~b", booleans Yes/No, binary values in 0x hex or 0b base64, and the three special
 * answers.
 */

export const NOT_UNDERSTOOD = 'NotUnderstood';
export const REJECT = 'Reject';
export const IRRELEVANT = 'Irrelevant';

export function isSpecialAnswer(value: string): boolean {
  return value === NOT_UNDERSTOOD || value === REJECT || value === IRRELEVANT;
}

export function parseList(value: string): string[] {
  return value.split(',');
}

/** A numerical value, or undefined when the text is not one (or does not fit 64 bits safely). */
export function parseNumber(value: string): number | undefined {
  let n: number;
  if (/^0[xX][0-9a-fA-F]{1,13}$/.test(value)) n = parseInt(value.slice(2), 16);
  else if (/^[0-9]{1,15}$/.test(value)) n = parseInt(value, 10);
  else return undefined;
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseRange(value: string): { low: number; high: number } | undefined {
  const parts = value.split('~');
  if (parts.length !== 2) return undefined;
  const low = parseNumber(parts[0] as string);
  const high = parseNumber(parts[1] as string);
  if (low === undefined || high === undefined || low > high) return undefined;
  return { low, high };
}

export function parseBoolean(value: string): boolean | undefined {
  if (value === 'Yes') return true;
  if (value === 'No') return false;
  return undefined;
}

export function formatBoolean(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** Binary value: "0x" + hex digits or "0b" + base64 (RFC 7143 §6.1). */
export function parseBinary(value: string): Buffer | undefined {
  if (/^0[xX]([0-9a-fA-F]{2})+$/.test(value)) return Buffer.from(value.slice(2), 'hex');
  if (/^0[xX][0-9a-fA-F]+$/.test(value)) return Buffer.from('0' + value.slice(2), 'hex'); // odd digit count: leading nibble
  if (/^0[bB][A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.slice(2), 'base64');
    return bytes.length > 0 ? bytes : undefined;
  }
  return undefined;
}

export function formatBinary(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
