/**
 * The CDB usage map REPORT SUPPORTED OPERATION CODES returns for one command (SPC): byte 0 the
 * opcode, then for each CDB byte the bits the device looks at. Derived from the command's own
 * parser rather than written out by hand: a bit is in use when the parser accepts a CDB with it
 * set. Bits that only make sense together (EVPD then PAGE CODE) are found by repeating the probe
 * with every bit accepted so far set, until nothing changes.
 */
import { ScsiFormatError } from '../scsi/index.ts';
import type { CommandSpec } from './command.ts';
import type { Profile } from './profile.ts';

function accepts<C>(spec: CommandSpec<C>, cdb: Uint8Array): boolean {
  try {
    spec.parse(cdb);
    return true;
  } catch (error) {
    if (error instanceof ScsiFormatError) return false;
    throw error;
  }
}

/** The usage map of `spec` as `profile`'s device reports it (the spec's `usage` overrides the bytes it names). */
export function cdbUsage<C>(spec: CommandSpec<C>, profile?: Profile): Buffer {
  const usage = parserUsage(spec);
  if (profile !== undefined && spec.usage !== undefined) {
    for (const [byte, mask] of Object.entries(spec.usage(profile))) usage[Number(byte)] = mask;
  }
  return usage;
}

function parserUsage<C>(spec: CommandSpec<C>): Buffer {
  const base = Buffer.alloc(spec.cdbLength);
  base[0] = spec.opcode;
  if (spec.serviceAction !== undefined) base[1] = spec.serviceAction;
  const usage = Buffer.alloc(spec.cdbLength);
  usage[0] = spec.opcode;
  if (spec.serviceAction !== undefined) usage[1] = 0x1f;
  for (let changed = true; changed; ) {
    changed = false;
    for (let byte = 1; byte < spec.cdbLength; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const mask = 1 << bit;
        if (((usage[byte] as number) & mask) !== 0) continue;
        const probe = Buffer.from(base);
        for (let i = 1; i < spec.cdbLength; i++) probe[i] = (probe[i] as number) | (usage[i] as number);
        probe[byte] = (probe[byte] as number) | mask;
        if (spec.serviceAction !== undefined) probe[1] = ((probe[1] as number) & ~0x1f) | spec.serviceAction;
        if (accepts(spec, probe)) {
          usage[byte] = (usage[byte] as number) | mask;
          changed = true;
        }
      }
    }
  }
  return usage;
}
