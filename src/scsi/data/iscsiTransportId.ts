import { BufferWriter } from '../bufferWriter.ts';

/** PROTOCOL IDENTIFIER of iSCSI (SPC-4 7.6.1). */
export const ISCSI_PROTOCOL_IDENTIFIER = 0x5;
const ISID_SEPARATOR = ',i,0x';
/** SPC-4 7.6.4.6: the additional length is a multiple of four and at least 20. */
const MIN_ADDITIONAL_LENGTH = 20;

/**
 * The iSCSI TransportID of an initiator port (SPC-4 7.6.4.6): byte 0 FORMAT CODE (7–6) and
 * PROTOCOL IDENTIFIER (3–0) = 5, 2–3 additional length, then the name, null-terminated and padded
 * with zeros to a multiple of four. A port name with an ISID (`iqn…,i,0x<isid>`, as our target
 * names its nexuses) is format 01b, the initiator port form; a bare name format 00b. Initiators
 * that are no iSCSI ports (the in-process loopback) are reported by name in format 00b too.
 */
export function buildIscsiTransportId(initiatorPort: string): Buffer {
  const format = initiatorPort.includes(ISID_SEPARATOR) ? 0b01 : 0b00;
  const name = Buffer.from(initiatorPort, 'utf8');
  const length = Math.max(MIN_ADDITIONAL_LENGTH, Math.ceil((name.length + 1) / 4) * 4);
  return new BufferWriter(4 + length)
    .uint8((format << 6) | ISCSI_PROTOCOL_IDENTIFIER)
    .zeros(1)
    .uint16(length)
    .bytes(name)
    .zeros(length - name.length)
    .toBuffer();
}
