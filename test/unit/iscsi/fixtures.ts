/**
 * Literal PDU bytes for the codec tests, written by hand from the RFC 7143 §11 field tables: one
 * line per 4-byte row, like the RFC's figures. `hex` ignores spaces, newlines and `|` comments.
 */
export function hex(text: string): Buffer {
  const digits = text.split('\n').map((line) => line.replace(/\|.*$/, '')).join('').replace(/\s+/g, '');
  return Buffer.from(digits, 'hex');
}

export function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
