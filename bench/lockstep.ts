// Virtual time for a whole manager: the manager's clock and the embedded library's clock move
// together, and only when the process has nothing else to do. VirtualClock's own autoAdvance jumps
// on the next setImmediate, which is right for the emulator alone but not for a manager behind a
// real HTTP server: a request still in the kernel, or a state file still being written, would let
// a 10-second move finish "while" it travels, and the figures would measure that artefact.
import type { VirtualClock } from '../src/shared/clock.ts';

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Real work the clocks must wait for: file system requests of the emulator's state and the catalog. */
function ioPending(): boolean {
  return process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq'));
}

export class Lockstep {
  readonly #clocks: readonly VirtualClock[];
  #inFlight = 0;
  #whenIdle: (() => void)[] = [];
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(clocks: readonly VirtualClock[]) {
    this.#clocks = clocks;
  }

  /** Brings every clock to the latest one's time, then drives them all until stop(). */
  async start(): Promise<void> {
    const latest = Math.max(...this.#clocks.map((c) => c.now()));
    for (const clock of this.#clocks) {
      clock.setAutoAdvance(false);
      await clock.advance(latest - clock.now());
    }
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  /** Real I/O under way (an HTTP exchange): time stands still until it is over. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#whenIdle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Nothing in flight, no file request pending, and three turns of the event loop in a row that stayed so. */
  async #quiet(): Promise<void> {
    for (let calm = 0; calm < 3; ) {
      if (this.#inFlight > 0) {
        await new Promise<void>((resolve) => this.#whenIdle.push(resolve));
        calm = 0;
        continue;
      }
      if (ioPending()) {
        // Sleep rather than spin: a spinning loop starves the thread pool it waits for.
        await new Promise((resolve) => setTimeout(resolve, 1));
        calm = 0;
        continue;
      }
      await immediate();
      calm = this.#inFlight > 0 ? 0 : calm + 1;
    }
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      await this.#quiet();
      const dues = this.#clocks.map((c) => c.nextDue).filter((d): d is number => d !== undefined);
      if (dues.length === 0) {
        // Nothing scheduled: whatever comes next starts from real I/O or a real timer.
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const due = Math.min(...dues);
      // Clocks with nothing due at that instant move first, so work the others start there is stamped right.
      const order = [...this.#clocks].sort((a, b) => Number(a.nextDue === due) - Number(b.nextDue === due));
      for (const clock of order) await clock.advance(Math.max(0, due - clock.now()));
    }
  }
}
