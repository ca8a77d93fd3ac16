/**
 * READ of a tape drive (READ(6) and READ(16) share it), variable or fixed mode.
 *
 * Variable (FIXED = 0): the next object. A record as long as asked: GOOD. Shorter: the record,
 * GOOD with SILI, else NO SENSE with ILI. Longer: as much as asked, NO SENSE with ILI whatever
 * SILI says. INFORMATION = requested − actual (signed); the head is past the record. Fixed
 * (FIXED = 1, block length from MODE SELECT): `count` records of exactly that length; a record of
 * another length ends the transfer after the complete blocks before it with ILI and INFORMATION =
 * blocks not read, the head past it. A filemark: NO SENSE 00/01 FILEMARK, head past the mark.
 * End of data: BLANK CHECK 00/05, head stays; a damaged file there: MEDIUM ERROR 11/00.
 * Refused: FIXED with SILI, or FIXED in variable mode (05/24/00 at byte 1), and a fixed-mode
 * transfer of more than MAX_FIXED_READ_BYTES (05/24/00 at the transfer length): the host's numbers
 * never size a buffer beyond that, nor beyond the blocks left before end of data.
 */
import { CheckCondition, type DataInBorrower } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';
import type { DriveUnit } from './driveUnit.ts';
import { storeFailure } from './tapeFailure.ts';
import { endOfData, filemarkDetected, incorrectLength, unrecoveredReadError } from './tapeSense.ts';

/** The most one fixed-mode READ moves (16 MiB, as much as the iSCSI target takes in one WRITE). */
const MAX_FIXED_READ_BYTES = 16 * 1024 * 1024;

export interface ReadRequest {
  readonly fixed: boolean;
  readonly suppressIncorrectLength: boolean;
  /** Bytes (variable) or blocks (fixed). */
  readonly transferLength: number;
}

/** Where the records read go (the transport's buffer, ScsiRequest.dataInBuffer): a new one per READ when not given. */
type Buffers = (length: number) => Uint8Array;
const allocate: Buffers = (length) => Buffer.allocUnsafe(length);

/** Where a READ's data goes. */
export interface ReadTargets {
  /** Buffers records are copied into. */
  readonly buffers: Buffers;
  /**
   * Takes a record the store lends as the whole answer, without a copy (ScsiRequest.borrowDataIn):
   * used for a READ answered GOOD with exactly one whole record; any other answer is copied.
   */
  readonly borrow?: DataInBorrower | undefined;
}

/**
 * `transferLengthByte`: where the CDB holds the transfer length (READ(6) 2, READ(16) 12), for the
 * field pointer. `targets`: where the data goes.
 */
export function readFromTape(drive: DriveUnit, request: ReadRequest, transferLengthByte = 2, targets: ReadTargets = { buffers: allocate }): Uint8Array | undefined {
  if (request.fixed && request.suppressIncorrectLength) throw new CheckCondition(invalidField(true, 1, 1));
  const blockSize = drive.settings.blockSize;
  if (request.fixed && blockSize === 0) throw new CheckCondition(invalidField(true, 1, 0));
  if (request.fixed && request.transferLength * blockSize > MAX_FIXED_READ_BYTES) throw new CheckCondition(invalidField(true, transferLengthByte));
  if (request.transferLength === 0) return undefined;
  return request.fixed ? readFixed(drive, request.transferLength, blockSize, targets) : readVariable(drive, request, targets);
}

/** What stops a read at the head: end of data (or damage there), or a filemark. */
function stopAtHead(drive: DriveUnit, residue: number, dataIn?: Uint8Array): void {
  const partition = drive.partition;
  const position = drive.position;
  const options = dataIn === undefined ? {} : { dataIn };
  if (position >= partition.objects) {
    throw new CheckCondition(partition.damaged ? unrecoveredReadError(residue) : endOfData(residue, drive.endOfDataPastEarlyWarning), options);
  }
  if (partition.index.isFilemark(position)) {
    drive.position = position + 1;
    throw new CheckCondition(filemarkDetected(residue), options);
  }
}

/**
 * The record at the head, the head past it. `borrow`: the record will be the whole GOOD answer, so
 * the store may lend it instead of copying it into a buffer.
 */
function readRecord(drive: DriveUnit, residue: number, buffers: Buffers, borrow?: DataInBorrower): Uint8Array {
  const partition = drive.partition;
  const position = drive.position;
  let record: Uint8Array;
  try {
    const lent = borrow === undefined ? undefined : partition.lend(position);
    if (lent !== undefined && borrow !== undefined) {
      record = borrow(lent.bytes, lent.release);
    } else {
      record = buffers(partition.index.lengthAt(position));
      partition.readInto(position, record, 0);
    }
  } catch (error) {
    return storeFailure(error, residue);
  }
  drive.position = position + 1;
  drive.countTraffic('read', record.length, partition.index.storedLength(position));
  return record;
}

function readVariable(drive: DriveUnit, request: ReadRequest, targets: ReadTargets): Uint8Array {
  const requested = request.transferLength;
  stopAtHead(drive, requested);
  const length = drive.partition.index.lengthAt(drive.position);
  // Lent only when the record is the whole GOOD answer: one that ends in sense is copied.
  const whole = length === requested || (length < requested && request.suppressIncorrectLength);
  const record = readRecord(drive, requested, targets.buffers, whole ? targets.borrow : undefined);
  if (record.length === requested) return record;
  if (record.length < requested) {
    if (request.suppressIncorrectLength) return record;
    throw new CheckCondition(incorrectLength(requested, record.length), { dataIn: record });
  }
  throw new CheckCondition(incorrectLength(requested, record.length), { dataIn: record.subarray(0, requested) });
}

function readFixed(drive: DriveUnit, count: number, blockSize: number, targets: ReadTargets): Uint8Array {
  const buffers = targets.buffers;
  if (count === 1) {
    // One block, as st and most backup software read.
    stopAtHead(drive, 1);
    if (drive.partition.index.lengthAt(drive.position) === blockSize) return readRecord(drive, 1, buffers, targets.borrow);
  }
  // Blocks past end of data are never read: the buffer holds at most those before it.
  const data = buffers(Math.min(count, Math.max(0, drive.partition.objects - drive.position)) * blockSize);
  for (let done = 0; done < count; done++) {
    const sofar = data.subarray(0, done * blockSize);
    stopAtHead(drive, count - done, sofar);
    const partition = drive.partition;
    const position = drive.position;
    if (partition.index.lengthAt(position) !== blockSize) {
      // The wrong-length block is passed over; the blocks before it go to the host.
      drive.position = position + 1;
      throw new CheckCondition(incorrectLength(count, done), { dataIn: sofar });
    }
    try {
      partition.readInto(position, data, done * blockSize);
    } catch (error) {
      storeFailure(error, count - done, sofar);
    }
    drive.position = position + 1;
    drive.countTraffic('read', blockSize, partition.index.storedLength(position));
  }
  return data;
}
