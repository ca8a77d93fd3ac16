/**
 * A tape's contents as a plain list of records and filemarks, from the beginning of a partition
 * to end of data: what an operator's new cartridge carries (an ANSI VOL1 label, raw records),
 * what state files kept before tapes had files of their own (stateFile.ts migrates them), and what
 * tests compare against. The tapes themselves live in emulator/tape (TapeShelf).
 */

export type TapeEntry = { readonly kind: 'record'; readonly bytes: Uint8Array } | { readonly kind: 'filemark' };

/** The one filemark object every tape shares: a host writing many marks costs a pointer each. */
export const FILEMARK: TapeEntry = Object.freeze({ kind: 'filemark' });

/**
 * The most an operator's new cartridge may carry (front panel records count their length, a
 * filemark one byte), and the most a state file of the old format held per cartridge.
 */
export const TAPE_CAPACITY_BYTES = 1024 * 1024;

/** Length of an ANSI/IBM standard label record. */
export const ANSI_LABEL_LENGTH = 80;
const VOLUME_ID_LENGTH = 6;

export function entrySize(entry: TapeEntry): number {
  return entry.kind === 'record' ? entry.bytes.length : 1;
}

/** Bytes the entries take, in the units of TAPE_CAPACITY_BYTES. */
export function tapeUsage(entries: readonly TapeEntry[]): number {
  let total = 0;
  for (const entry of entries) total += entrySize(entry);
  return total;
}

export function record(bytes: Uint8Array): TapeEntry {
  return { kind: 'record', bytes };
}

/** Throws RangeError with the reason when `volumeId` cannot be a VOL1 volume identifier. */
export function checkVolumeId(volumeId: string): void {
  if (volumeId.length < 1 || volumeId.length > VOLUME_ID_LENGTH || !/^[\x20-\x7e]+$/.test(volumeId) || volumeId.startsWith(' ')) {
    throw new RangeError(`volume label "${volumeId}" is not 1 to ${VOLUME_ID_LENGTH} printable ASCII characters starting with a non-space`);
  }
}

/**
 * The 80-byte VOL1 record labelling software writes first (ANSI X3.27 / ISO 1001): "VOL1",
 * volume identifier in bytes 4–9, accessibility (space = unrestricted) at 10, owner at 37–50,
 * label standard version '4' at 79; everything else spaces.
 */
export function ansiVolumeLabelRecord(volumeId: string, owner = ''): Uint8Array {
  checkVolumeId(volumeId);
  const label = Buffer.alloc(ANSI_LABEL_LENGTH, 0x20);
  label.write('VOL1', 0, 'latin1');
  label.write(volumeId, 4, 'latin1');
  label.write(owner.slice(0, 14), 37, 'latin1');
  label.write('4', 79, 'latin1');
  return new Uint8Array(label);
}

/** What a cartridge created by the operator carries: a volume label (+ filemark), raw records, or nothing. */
export interface InitialTape {
  readonly volumeLabel?: string;
  readonly records?: readonly Uint8Array[];
}

export function initialTape(spec: InitialTape): TapeEntry[] {
  const entries: TapeEntry[] = [];
  if (spec.volumeLabel !== undefined) entries.push(record(ansiVolumeLabelRecord(spec.volumeLabel)), FILEMARK);
  for (const [i, bytes] of (spec.records ?? []).entries()) {
    if (bytes.length === 0) throw new RangeError(`record ${i} is empty; a tape record holds at least one byte`);
    entries.push(record(Uint8Array.from(bytes)));
  }
  const usage = tapeUsage(entries);
  if (usage > TAPE_CAPACITY_BYTES) throw new RangeError(`the records take ${usage} bytes; a cartridge holds at most ${TAPE_CAPACITY_BYTES}`);
  return entries;
}
