import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/** One transport's entry: ROTATE (can flip media) and its member number in the transport set. */
export interface TransportGeometry {
  rotate: boolean;
  memberNumber: number;
}

/** Transport Geometry Parameters page 1Eh (smc.md §3.2): 2 bytes per transport. */
export interface TransportGeometryPage {
  kind: 'transport-geometry';
  parametersSaveable: boolean;
  transports: TransportGeometry[];
}

export const TRANSPORT_GEOMETRY_PAGE_CODE = 0x1e;

export function encodeTransportGeometryPage(page: TransportGeometryPage): Buffer {
  const w = new BufferWriter(2 + 2 * page.transports.length);
  w.uint8((page.parametersSaveable ? 0x80 : 0) | TRANSPORT_GEOMETRY_PAGE_CODE).uint8(2 * page.transports.length);
  for (const t of page.transports) w.uint8(t.rotate ? 1 : 0).uint8(t.memberNumber);
  return w.toBuffer();
}

export function decodeTransportGeometryPage(r: BufferReader, parametersSaveable: boolean): TransportGeometryPage {
  if (r.remaining % 2 !== 0) throw r.error(`page length ${r.remaining} is not 2 bytes per transport`, r.offset - 1);
  const transports: TransportGeometry[] = [];
  while (r.remaining > 0) transports.push({ rotate: (r.uint8() & 0x01) !== 0, memberNumber: r.uint8() });
  return { kind: 'transport-geometry', parametersSaveable, transports };
}
