import { serialAdd, serialLess, serialLessOrEqual } from '../serial.ts';

/**
 * The initiator's view of the session's sequence numbers (RFC 7143 §4.2.2.1, §4.2.2.2): the next
 * CmdSN to use, the window the target grants (ExpCmdSN..MaxCmdSN), and ExpStatSN. Window updates
 * that go backwards or describe an impossible window are ignored, as the RFC requires.
 */
export class CommandWindow {
  private nextCmdSN: number;
  private expCmdSN: number;
  private maxCmdSN: number;
  private statSN: number;
  private waiters: Array<() => void> = [];

  constructor(start: { cmdSN: number; expCmdSN: number; maxCmdSN: number; statSN: number }) {
    this.nextCmdSN = start.cmdSN >>> 0;
    this.expCmdSN = start.expCmdSN >>> 0;
    this.maxCmdSN = start.maxCmdSN >>> 0;
    this.statSN = start.statSN >>> 0;
  }

  /** ExpStatSN to send: one past the last StatSN received. */
  get expStatSN(): number {
    return serialAdd(this.statSN, 1);
  }

  /** The CmdSN the next command carries (immediate ones carry it without taking it). */
  get cmdSN(): number {
    return this.nextCmdSN;
  }

  get isOpen(): boolean {
    return serialLessOrEqual(this.nextCmdSN, this.maxCmdSN);
  }

  /** Takes the current CmdSN for a non-immediate command. */
  take(): number {
    const cmdSN = this.nextCmdSN;
    this.nextCmdSN = serialAdd(this.nextCmdSN, 1);
    return cmdSN;
  }

  statusReceived(statSN: number): void {
    if (serialLess(this.statSN, statSN >>> 0)) this.statSN = statSN >>> 0;
  }

  update(expCmdSN: number, maxCmdSN: number): void {
    const exp = expCmdSN >>> 0;
    const max = maxCmdSN >>> 0;
    // MaxCmdSN below ExpCmdSN - 1 is not a window (RFC 7143 §4.2.2.1): ignore the PDU's values.
    if (serialLess(max, serialAdd(exp, -1 >>> 0))) return;
    if (serialLess(this.expCmdSN, exp)) this.expCmdSN = exp;
    if (serialLess(this.maxCmdSN, max)) this.maxCmdSN = max;
    if (this.isOpen) this.wake();
  }

  /** Resolves when a non-immediate command may be sent; the signal ends the wait. */
  whenOpen(signal: AbortSignal): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
