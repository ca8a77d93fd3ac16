/**
 * One robot (accessor): it does one thing at a time. Work handed to a busy robot waits its turn
 * in arrival order; two robots work in parallel. Each picker is a transport element.
 */
export class Robot {
  readonly index: number;
  readonly name: string;
  readonly pickers: readonly number[];
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #running = false;

  constructor(index: number, name: string, pickers: readonly number[]) {
    this.index = index;
    this.name = name;
    this.pickers = pickers;
  }

  /** Working, or work is queued. */
  get busy(): boolean {
    return this.#running || this.#waiting > 0;
  }

  /** Commands queued or running (to pick the least loaded robot). */
  get load(): number {
    return this.#waiting + (this.#running ? 1 : 0);
  }

  /** Runs `work` when every earlier job of this robot has finished. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.#waiting++;
    const result = this.#tail.then(async () => {
      this.#waiting--;
      this.#running = true;
      try {
        return await work();
      } finally {
        this.#running = false;
      }
    });
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
