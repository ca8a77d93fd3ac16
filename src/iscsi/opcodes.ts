/** PDU opcodes (RFC 7143 §11.1.1): initiator opcodes 0x00–0x1f, target opcodes 0x20–0x3f. */
export const Opcode = {
  NopOut: 0x00,
  ScsiCommand: 0x01,
  TaskManagementRequest: 0x02,
  LoginRequest: 0x03,
  TextRequest: 0x04,
  DataOut: 0x05,
  LogoutRequest: 0x06,
  SnackRequest: 0x10,
  NopIn: 0x20,
  ScsiResponse: 0x21,
  TaskManagementResponse: 0x22,
  LoginResponse: 0x23,
  TextResponse: 0x24,
  DataIn: 0x25,
  LogoutResponse: 0x26,
  ReadyToTransfer: 0x31,
  AsyncMessage: 0x32,
  Reject: 0x3f,
} as const;

export type OpcodeValue = (typeof Opcode)[keyof typeof Opcode];

/** Which side sends an opcode: the receiving side's frame reader refuses the other side's opcodes. */
export type PduSender = 'initiator' | 'target';

export function opcodeSender(opcode: number): PduSender {
  return opcode & 0x20 ? 'target' : 'initiator';
}

/** The tag value meaning "no task" in ITT and TTT fields (RFC 7143 §11.1.1). */
export const RESERVED_TAG = 0xffffffff;

/** Size of the basic header segment, and of each digest. */
export const BHS_LENGTH = 48;
export const DIGEST_LENGTH = 4;

/** Data segments are limited to 2^24 - 1 bytes by their 3-byte length field. */
export const MAX_DATA_SEGMENT_LENGTH = 0xffffff;
