/**
 * WRITE and WRITE FILEMARKS of a tape drive (the (6) and (16) forms share this). What is written
 * goes at the head and everything after it is gone (tape semantics). Checked once, in this order:
 * FIXED in variable mode (05/24/00), the write-protect tab (07/27/00), WORM media anywhere but at
 * end of data or over the filemarks that end it (07/30/0C), room: a write starting at the physical end of the partition, or a
 * record that does not fit before it, is not written (VOLUME OVERFLOW 00/02, EOM, INFORMATION =
 * bytes or blocks not written); the library's quota the same. Written data that reached early
 * warning ends NO SENSE 00/02 with EOM (INFORMATION 0: all written), programmable early warning
 * 00/07; filemarks take no room, so they are accepted up to the physical end. A host disk that
 * fails is MEDIUM ERROR 0C/00 — for a write the store made behind the drive's answer, a deferred
 * one on a later command, unless BUFFERED MODE is 0 (the WRITE then waits for the file). WRITE
 * FILEMARKS syncs the tape to disk (not with IMMED); a count of 0 only does that, anywhere on the
 * tape.
 */
import { SENSE, senseFor } from '../../scsi/index.ts';
import { CheckCondition } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';
import { compressRecord, looksCompressible } from '../tape/compression.ts';
import { TapeStorageError, type StoredRecord } from '../tape/recordStorage.ts';
import type { TapePartition } from '../tape/tapePartition.ts';
import type { DriveUnit } from './driveUnit.ts';
import { storeFailure } from './tapeFailure.ts';
import { earlyWarning, programmableEarlyWarning, volumeOverflow } from './tapeSense.ts';

/** The write-protect tab (cartridge or front panel): MODE SENSE reports WP. */
export function writeProtected(drive: DriveUnit): boolean {
  return drive.cartridge.writeProtected;
}

export interface WriteRequest {
  readonly fixed: boolean;
  /** Bytes (variable) or blocks (fixed). */
  readonly transferLength: number;
  readonly dataOut: Uint8Array;
}

/**
 * WORM media take writes at end of data, or over filemarks that end the data (page 1Dh's
 * filemark rule: the second of st's two closing filemarks is written over by the next session).
 */
function onlyFilemarksFrom(drive: DriveUnit, position: number): boolean {
  const index = drive.partition.index;
  return index.filemarkCount - index.filemarksBefore(position) === index.count - position;
}

/** The head's partition, cut at the head, ready for what is written next (or a refusal). */
function prepareToWrite(drive: DriveUnit, residue: number): void {
  if (writeProtected(drive)) throw new CheckCondition(senseFor(SENSE.WRITE_PROTECTED));
  const partition = drive.partition;
  const position = drive.position;
  if (drive.tape.worm && !onlyFilemarksFrom(drive, position)) throw new CheckCondition(senseFor(SENSE.WORM_OVERWRITE_ATTEMPTED));
  try {
    partition.truncate(position);
  } catch (error) {
    storeFailure(error, residue);
  }
}

/** Early warning once the written data reached it. */
function warnNearEnd(drive: DriveUnit): void {
  const warnings = drive.warningsAt(drive.partition.usedBytes());
  if (warnings.pastEarlyWarning) throw new CheckCondition(earlyWarning());
  if (warnings.pastProgrammableEarlyWarning) throw new CheckCondition(programmableEarlyWarning());
}

export function writeToTape(drive: DriveUnit, request: WriteRequest): void {
  const blockSize = drive.settings.blockSize;
  if (request.fixed && blockSize === 0) throw new CheckCondition(invalidField(true, 1, 0));
  if (request.transferLength === 0) return;
  const recordLength = request.fixed ? blockSize : request.transferLength;
  const records = request.fixed ? request.transferLength : 1;
  // The records are what the CDB says; a transport that carried less data is the initiator's mistake.
  if (request.dataOut.length < recordLength * records) throw new CheckCondition(invalidField(true, 2));
  prepareToWrite(drive, request.transferLength);
  const partition = drive.partition;
  // Random-looking data is stored as it came, decided once for the whole transfer.
  const compress = drive.settings.compression && looksCompressible(request.dataOut);
  // Every block is its own record on tape; a fixed-mode WRITE of many blocks is one store append.
  const batch: StoredRecord[] = [];
  let used = partition.usedBytes();
  let overflow = false;
  for (let done = 0; done < records; done++) {
    const record = request.dataOut.subarray(done * recordLength, (done + 1) * recordLength);
    const stored = compress ? compressRecord(record) : { bytes: record, deflated: false };
    if (used + stored.bytes.length > partition.capacityBytes) {
      overflow = true;
      break;
    }
    used += stored.bytes.length;
    batch.push({ hostLength: record.length, payload: stored.bytes, deflated: stored.deflated });
  }
  // What is not written is reported in the CDB's unit: bytes in variable mode, blocks in fixed.
  const residue = (written: number): number => (request.fixed ? records - written : request.transferLength);
  if (batch.length > 0) {
    try {
      partition.appendStored(batch);
      // BUFFERED MODE 0: GOOD only once the blocks are recorded; a failure then is this WRITE's own.
      if (drive.settings.bufferedMode === 0) drainOwnWrite(partition);
    } catch (error) {
      storeFailure(error, residue(0));
    }
    drive.position = partition.objects;
    drive.countTraffic('write', batch.length * recordLength, used - partition.usedBytes(partition.objects - batch.length));
  }
  if (overflow) throw new CheckCondition(volumeOverflow(residue(batch.length)));
  warnNearEnd(drive);
}

/** Waits until the WRITE just appended is in the file; its failure is a current error, not a deferred one. */
function drainOwnWrite(partition: TapePartition): void {
  try {
    partition.drain();
  } catch (error) {
    if (error instanceof TapeStorageError && error.deferred) throw new TapeStorageError(error.failure, error.message, { cause: error });
    throw error;
  }
}

export interface FilemarkRequest {
  readonly count: number;
  readonly immediate: boolean;
}

export function writeFilemarksToTape(drive: DriveUnit, request: FilemarkRequest): Promise<void> | void {
  if (request.count > 0) {
    prepareToWrite(drive, request.count);
    const partition = drive.partition;
    try {
      partition.appendFilemarks(request.count);
    } catch (error) {
      storeFailure(error, request.count);
    }
    drive.position = partition.objects;
  }
  // IMMED returns once the marks are accepted; otherwise (and for a count of 0, the flush) the
  // command ends when the tape is on stable storage — without stopping the other drives meanwhile.
  if (request.immediate && request.count > 0) return warnNearEnd(drive);
  return drive.tape.flush().then(
    () => {
      if (request.count > 0) warnNearEnd(drive);
    },
    (error: unknown) => storeFailure(error, 0),
  );
}
