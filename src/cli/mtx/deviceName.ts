import { existsSync } from 'node:fs';

/** Where mtx looks when neither -f, $CHANGER nor $TAPE names a changer (udev rules often link it). */
export const MTX_DEFAULT_DEVICE = '/dev/changer';

/**
 * mtx's choice of device when there is no -f: $CHANGER, then $TAPE, then /dev/changer — here only
 * where it exists, since mtx then fails anyway (undefined: no changer is named at all).
 */
export function defaultDeviceName(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | undefined {
  return nonEmpty(env.CHANGER) ?? nonEmpty(env.TAPE) ?? (exists(MTX_DEFAULT_DEVICE) ? MTX_DEFAULT_DEVICE : undefined);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/**
 * The device URL behind a name. Scripts written for mtx pass plain paths (`-f /dev/sg3`,
 * Bacula's Changer Device), which mean the Linux SCSI generic device: `sg:/dev/sg3`.
 */
export function deviceUrlFor(name: string): string {
  return name.startsWith('/') ? `sg:${name}` : name;
}
