import { createHash } from 'node:crypto';

/**
 * The SCSI persistent-reservation key a manager registers for one ownership of a library:
 *
 *   bits 63–48  0x5253 ("RS"): marks the key as a manager's, so a new owner preempts only those
 *   bits 47–16  the lease's fencing key: a later owner always has a larger key
 *   bits 15–0   a hash of the owner id: tells the managers' keys apart at a glance
 *
 * The fencing key never repeats for a library, so keys are unique per acquisition and a later
 * owner's key is always larger; `sg_persist --read-keys` shows which acquisition registered which.
 */
const TAG = 0x5253n;
const FENCING_BITS = 32n;
const OWNER_BITS = 16n;

export function reservationKeyFor(fencingKey: number, ownerId: string): bigint {
  if (!Number.isSafeInteger(fencingKey) || fencingKey < 1) throw new RangeError(`fencing key ${fencingKey} is not a positive integer`);
  const fencing = BigInt(fencingKey) & ((1n << FENCING_BITS) - 1n);
  const owner = BigInt(createHash('sha256').update(ownerId).digest().readUInt16BE(0));
  return (TAG << (FENCING_BITS + OWNER_BITS)) | (fencing << OWNER_BITS) | owner;
}

/** A key some manager registered (and so one a new owner may preempt). */
export function isManagerKey(key: bigint): boolean {
  return key >> (FENCING_BITS + OWNER_BITS) === TAG;
}

/** The fencing key a manager's key was made from (for messages). */
export function fencingKeyOf(key: bigint): number {
  return Number((key >> OWNER_BITS) & ((1n << FENCING_BITS) - 1n));
}
