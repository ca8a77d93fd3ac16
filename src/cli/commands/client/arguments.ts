import { UsageError } from '../../usageError.ts';

/** An integer option or argument within bounds, or a usage error naming it. */
export function integerArgument(text: string, name: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`${name} must be a whole number, not '${text}'`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name} must be between ${min} and ${max}, not ${value}`);
  return value;
}

export function optionalInteger(text: string | undefined, name: string, min: number, max?: number): number | undefined {
  return text === undefined ? undefined : integerArgument(text, name, min, max);
}

/** A request or operator-request id. */
export function idArgument(text: string, what: string): number {
  return integerArgument(text, what, 1);
}

/** `drive:0`, `d0` or `0`: a drive by its number (drives count from 0). undefined when it is not a drive. */
export function driveNumber(text: string): number | undefined {
  const m = /^(?:drive:|d)?(\d+)$/i.exec(text.trim());
  return m === null ? undefined : Number(m[1]);
}

/**
 * What `media dismount` empties: a drive by number, or the drive holding a barcode. A `drive:`
 * whose number is missing or not a number is a typo, never a barcode (no barcode has a colon
 * in it here); sending it on as one would only earn a puzzling "no medium drive:x".
 */
export function driveOrBarcode(text: string): { readonly drive: number } | { readonly barcode: string } {
  const drive = driveNumber(text);
  if (drive !== undefined) return { drive };
  if (/^drive:/i.test(text.trim())) throw new UsageError(`'${text}' is not a drive: write drive:N with N a drive number counted from 0 (drive:0 is the first drive), or give a barcode`);
  return { barcode: text };
}

/** A comma-separated list limited to known words, e.g. --state queued,waiting. */
export function wordList<T extends string>(text: string | undefined, name: string, words: readonly T[]): T[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((w) => w.trim()).filter((w) => w !== '');
  for (const w of list) if (!words.includes(w as T)) throw new UsageError(`${name} '${w}' is not one of ${words.join(', ')}`);
  return list as T[];
}

/** Seconds as given on the command line to milliseconds for the API. */
export function secondsOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`${name} must be a number of seconds above 0, not '${text}'`);
  return Math.round(seconds * 1000);
}
