/**
 * src/iscsi: RFC 7143 iSCSI, shared by the initiator (src/transport/iscsiTransport.ts) and the
 * target (target/). Codec: typed PDUs (pdus.ts), parser and serializer apart, a streaming frame
 * reader with CRC32C digests; text keys and negotiation; login state machines for both sides.
 *
 *   const target = new IscsiTarget({ targets: [{ name: 'iqn.2024-01.org.example:lib0', luns: { 0: library.device } }] });
 *   const { port } = await target.listen(3260, '0.0.0.0');
 *   …
 *   await target.close();     // asks initiators to log out, then closes what is left
 */
export * from './pdus.ts';
export { Opcode, RESERVED_TAG, type PduSender } from './opcodes.ts';
export { IscsiPduError, RejectReason, isIscsiPduError, type RejectReasonCode } from './pduError.ts';
export { parsePdu } from './parser.ts';
export { serializePdu, framePdu, encodeFrame } from './serializer.ts';
export { FrameReader, LOGIN_READER_SETTINGS, type FrameReaderSettings } from './frameReader.ts';
export type { DigestSettings, PduFrame } from './frame.ts';
export { crc32c } from './crc32c.ts';
export { encodeLun, decodeLun } from './lun.ts';
export type { SessionParameters } from './sessionParameters.ts';
export { DEFAULT_POLICY, type NegotiationPolicy } from './text/negotiation.ts';
export { parseText, serializeText, type TextPair } from './text/textCodec.ts';
export { LoginFailure, LoginStatus, describeLoginStatus } from './login/loginStatus.ts';
export type { ChapCredentials } from './login/chap.ts';
export { TmfFunction, TmfResponse } from './taskManagement.ts';
export { IscsiTarget, type IscsiTargetOptions, type IscsiTargetLogger, type LunBoundDevice, type TargetDefinition } from './target/iscsiTarget.ts';
