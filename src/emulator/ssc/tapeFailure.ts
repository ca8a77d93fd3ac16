/**
 * What the store's failures mean to the host: a damaged cartridge file reads as MEDIUM ERROR
 * 11/00 at that point, a host disk that is full or failing as MEDIUM ERROR 0C/00 (nothing of that
 * command was recorded, everything acknowledged before it still is), and the library's tape quota
 * as end of medium (VOLUME OVERFLOW) — the rest of the library carries on in every case. A write
 * the store made behind the drive's answer and could not finish is a deferred MEDIUM ERROR (71h).
 */
import { CheckCondition } from '../command.ts';
import { TapeStorageError } from '../tape/recordStorage.ts';
import { QuotaExhausted } from '../tape/tapePartition.ts';
import { deferredWriteError, unrecoveredReadError, volumeOverflow, writeError } from './tapeSense.ts';

/** Rethrows a store failure as the CHECK CONDITION it is; `residue`: what of the command was not done. */
export function storeFailure(error: unknown, residue: number, dataIn?: Uint8Array): never {
  const options = dataIn === undefined ? {} : { dataIn };
  if (error instanceof QuotaExhausted) throw new CheckCondition(volumeOverflow(residue), options);
  if (error instanceof TapeStorageError) {
    // A deferred error belongs to an earlier, acknowledged WRITE: nothing of this command was done.
    if (error.deferred) throw new CheckCondition(deferredWriteError(), { ...options, message: error.message });
    throw new CheckCondition(error.failure === 'read-failed' ? unrecoveredReadError(residue) : writeError(residue), { ...options, message: error.message });
  }
  throw error;
}
