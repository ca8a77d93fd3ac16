import type { SenseSummary } from '../../shared/changerError.ts';
import { buildFixedSense } from '../../scsi/sense/fixedSense.ts';
import type { SenseKey } from '../../scsi/sense/senseKey.ts';
import { parseSenseData, toFixedFormat } from '../../scsi/sense/senseData.ts';

/** mtx's sense key names; keys it has no name for print as hex. */
const SENSE_KEYS: readonly string[] = [
  'No Sense', 'Recovered Error', 'Not Ready', 'Medium Error', 'Hardware Error', 'Illegal Request', 'Unit Attention', 'Data Protect',
  'Blank Check', '0x09', '0x0a', 'Aborted Command', '0x0c', 'Volume Overflow', 'Miscompare', '0x0f',
];

/**
 * mtx reads sense as fixed format bytes. Descriptor-format sense is converted first, so the
 * block describes the same condition rather than misreading the bytes; with no bytes at all the
 * key, ASC and ASCQ are laid out alone.
 */
function fixedBytes(sense: SenseSummary): Uint8Array {
  if (sense.raw !== undefined && sense.raw.length >= 3) {
    const code = sense.raw[0]! & 0x7f;
    if (code === 0x70 || code === 0x71) return sense.raw;
    try {
      const parsed = parseSenseData(sense.raw);
      if (parsed.format === 'descriptor') return buildFixedSense(toFixedFormat(parsed));
    } catch {
      /* unreadable bytes: fall back to the summary */
    }
  }
  return buildFixedSense({ senseKey: (sense.key & 0x0f) as SenseKey, asc: sense.asc & 0xff, ascq: sense.ascq & 0xff });
}

function hex2(v: number): string {
  return v.toString(16).toUpperCase().padStart(2, '0');
}

function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

/**
 * The `mtx: Request Sense:` block mtx prints before its message when a command fails with sense
 * data. Amanda's chg-robot greps the Sense Key line of it to decide whether to retry, and
 * Bacula's mtx-changer greps "Error Code=" to decide whether to try a load again.
 */
export function formatRequestSense(sense: SenseSummary): string {
  const b = fixedBytes(sense);
  const at = (i: number): number => b[i] ?? 0;
  const valid = (at(0) & 0x80) !== 0;
  const errorCode = at(0) & 0x7f;
  const sksv = (at(15) & 0x80) !== 0;
  const bpv = (at(15) & 0x08) !== 0;
  const codeName = errorCode === 0x70 ? 'Current' : errorCode === 0x71 ? 'Deferred' : 'Unknown?!';
  const lines = [
    'Long Report=yes',
    `Valid Residual=${yesNo(valid)}`,
    `Error Code=${errorCode.toString(16)} (${codeName})`,
    `Sense Key=${SENSE_KEYS[at(2) & 0x0f] ?? ''}`,
    `FileMark=${yesNo((at(2) & 0x80) !== 0)}`,
    `EOM=${yesNo((at(2) & 0x40) !== 0)}`,
    `ILI=${yesNo((at(2) & 0x20) !== 0)}`,
    ...(valid ? [`Residual = ${[3, 4, 5, 6].map((i) => hex2(at(i))).join(' ')}`] : []),
    `Additional Sense Code = ${hex2(at(12))}`,
    `Additional Sense Qualifier = ${hex2(at(13))}`,
    ...(sksv ? [`Field in Error = ${hex2(at(15) & 0x07)}`] : []),
    `BPV=${yesNo(bpv)}`,
    `Error in CDB=${yesNo((at(15) & 0x40) !== 0)}`,
    `SKSV=${yesNo(sksv)}`,
    ...(bpv || sksv ? [`Field Pointer = ${hex2(at(16))} ${hex2(at(17))}`] : []),
  ];
  return lines.map((l) => `mtx: Request Sense: ${l}\n`).join('');
}
