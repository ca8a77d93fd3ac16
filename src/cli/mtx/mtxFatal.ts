import { withoutSecret } from '../../shared/secrets.ts';

/**
 * mtx's FatalError: the text goes to stderr as it is and the program stops with exit code 1,
 * whatever commands were left on the line. mtx 1.3.12 means to prefix the program name but
 * never does (smc.md §6.1), so neither do we.
 */
export class MtxFatal extends Error {
  override readonly name = 'MtxFatal';

  /** `text` is everything printed, newline-terminated lines, possibly more than one. */
  constructor(readonly text: string) {
    super(text.trimEnd());
  }
}

/** One line of mtx's own wording. */
export function fatal(line: string): MtxFatal {
  return new MtxFatal(`${line}\n`);
}

/**
 * Lines changer-mtx adds where mtx would have had the device's sense data to show but the
 * class driver refused the request itself (or the transport failed): the reason, marked as ours.
 */
export function ownLine(reason: string): string {
  return `changer-mtx: ${withoutSecret(reason)}\n`;
}
