import type { SenseSummary } from '../../shared/changerError.ts';
import { parseSenseData } from '../../scsi/sense/senseData.ts';
import { informationToResidue } from '../../scsi/ssc/residue.ts';

/**
 * What a tape drive's sense says beyond key/ASC/ASCQ: the stream bits (FILEMARK, EOM, ILI) and
 * INFORMATION, which for READ is the residue between the requested and the actual record length
 * (SSC: requested − actual, so negative when the record was longer; read as signed).
 */
export interface TapeSense extends SenseSummary {
  readonly filemark: boolean;
  readonly endOfMedium: boolean;
  readonly incorrectLength: boolean;
  /** Undefined when VALID is zero (the field is not meaningful). */
  readonly information: number | undefined;
}

/** Undefined when there is no sense or it cannot be read (the caller reports that as a device error). */
export function parseTapeSense(raw: Uint8Array | undefined): TapeSense | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  let sense;
  try {
    sense = parseSenseData(raw);
  } catch {
    return undefined;
  }
  const base = { key: sense.senseKey, asc: sense.asc, ascq: sense.ascq, raw };
  if (sense.format === 'fixed') {
    return {
      ...base, filemark: sense.filemark, endOfMedium: sense.endOfMedium, incorrectLength: sense.incorrectLength,
      information: sense.valid ? informationToResidue(sense.information) : undefined,
    };
  }
  let stream = { filemark: false, endOfMedium: false, incorrectLength: false };
  let information: number | undefined;
  for (const d of sense.descriptors) {
    if (d.type === 'stream-commands') stream = { filemark: d.filemark, endOfMedium: d.endOfMedium, incorrectLength: d.incorrectLength };
    if (d.type === 'information' && d.valid) information = Number(BigInt.asIntN(64, d.information));
  }
  return { ...base, ...stream, information };
}
