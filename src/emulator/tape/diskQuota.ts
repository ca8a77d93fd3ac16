/**
 * A library's disk budget for its tapes (profile tapeQuotaBytes): the bytes every tape file of
 * the library may take together. Reaching it is end of medium for the writer plus one event for
 * the operator, never a full host disk, which would also stop every other tape and the state file.
 */

export type QuotaListener = (usedBytes: number, limitBytes: number) => void;

export class DiskQuota {
  /** Undefined: no budget (only the host disk limits). */
  readonly limitBytes: number | undefined;
  #usedBytes: number;
  readonly #listeners: QuotaListener[] = [];
  #reported = false;

  constructor(limitBytes: number | undefined, usedBytes = 0) {
    this.limitBytes = limitBytes;
    this.#usedBytes = usedBytes;
  }

  get usedBytes(): number {
    return this.#usedBytes;
  }

  onReached(listener: QuotaListener): void {
    this.#listeners.push(listener);
  }

  /** True when `bytes` more fit; false (and the event, once until room is freed) when not. */
  allows(bytes: number): boolean {
    if (this.limitBytes === undefined || this.#usedBytes + bytes <= this.limitBytes) return true;
    if (!this.#reported) {
      this.#reported = true;
      for (const listener of this.#listeners) listener(this.#usedBytes, this.limitBytes);
    }
    return false;
  }

  /** Files grew (positive) or shrank (negative) by `bytes`. */
  add(bytes: number): void {
    this.#usedBytes = Math.max(0, this.#usedBytes + bytes);
    if (bytes < 0) this.#reported = false;
  }
}
