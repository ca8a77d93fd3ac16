/**
 * How read data is cut into Data-In PDUs (RFC 7143 §4.2.2.3, §13.13): no PDU longer than the
 * initiator's MaxRecvDataSegmentLength, no sequence longer than MaxBurstLength, F on the last PDU
 * of each sequence. Pure, so the cutting is tested apart from the sockets.
 */

export interface DataInSegment {
  readonly offset: number;
  readonly length: number;
  /** F: last PDU of a sequence. */
  readonly endOfSequence: boolean;
  /** Last PDU of the whole transfer (where the status goes with phase collapse). */
  readonly last: boolean;
}

export function planDataIn(total: number, maxSegment: number, maxBurst: number): DataInSegment[] {
  if (maxSegment < 1 || maxBurst < 1) throw new RangeError('segment and burst limits must be positive');
  const segments: DataInSegment[] = [];
  for (let burstStart = 0; burstStart < total; burstStart += maxBurst) {
    const burstEnd = Math.min(total, burstStart + maxBurst);
    for (let offset = burstStart; offset < burstEnd; offset += maxSegment) {
      const length = Math.min(maxSegment, burstEnd - offset);
      const endOfSequence = offset + length === burstEnd;
      segments.push({ offset, length, endOfSequence, last: endOfSequence && burstEnd === total });
    }
  }
  return segments;
}
