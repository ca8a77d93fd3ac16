/**
 * The INFORMATION field of a tape drive's incorrect-length (ILI) sense, SSC-3 READ(6): the
 * requested transfer length minus the actual record length, as a signed 32-bit number. Positive:
 * the record was shorter than asked (that many bytes were not transferred); negative: the record
 * was longer (its tail was lost), sent in two's complement — Linux st reads it that way.
 */
export function residueToInformation(requested: number, actual: number): number {
  const residue = requested - actual;
  if (!Number.isInteger(residue) || residue < -0x80000000 || residue > 0x7fffffff) throw new RangeError(`residue ${residue} does not fit in 32 signed bits`);
  return residue >>> 0;
}

/** The signed residue (requested − actual) carried by a fixed sense INFORMATION value. */
export function informationToResidue(information: number): number {
  return information | 0;
}
