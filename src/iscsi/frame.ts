/**
 * One PDU as it was framed on the wire, before its fields are interpreted: the 48-byte basic
 * header segment, the additional header segments, and the data segment without its padding.
 * Digests are already checked (frameReader.ts) or not yet added (serializer.ts).
 */
export interface PduFrame {
  readonly header: Uint8Array;
  readonly additionalHeaders: Uint8Array;
  readonly data: Uint8Array;
}

/** Digest use on one connection, as negotiated; both off during login. */
export interface DigestSettings {
  readonly header: boolean;
  readonly data: boolean;
}

export const NO_DIGESTS: DigestSettings = { header: false, data: false };
