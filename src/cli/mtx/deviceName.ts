import { DEFAULT_DEVICE } from '../context.ts';

/** mtx's choice of device when there is no -f: $CHANGER, then $TAPE, then a default. */
export function defaultDeviceName(env: NodeJS.ProcessEnv): string {
  return nonEmpty(env.CHANGER) ?? nonEmpty(env.TAPE) ?? DEFAULT_DEVICE;
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
