/**
 * The simplest tape there is, for property tests: a list of records and filemarks and a head,
 * every operation a step-by-step loop (the way the first emulator did it). The store must agree
 * with it on data, sense and position for any sequence of operations.
 */
import type { SenseSummary } from './driveHost.ts';

export type ModelEntry = Uint8Array | 'filemark';

export interface ModelAnswer {
  readonly data: Buffer;
  readonly sense: SenseSummary | undefined;
}

function sense(condition: string, bits: Partial<SenseSummary> = {}): SenseSummary {
  return { condition, filemark: false, endOfMedium: false, incorrectLength: false, information: undefined, ...bits };
}

const GOOD: ModelAnswer = { data: Buffer.alloc(0), sense: undefined };
const stop = (s: SenseSummary): ModelAnswer => ({ data: Buffer.alloc(0), sense: s });

export class TapeModel {
  tape: ModelEntry[] = [];
  head = 0;

  write(record: Uint8Array): ModelAnswer {
    this.tape = [...this.tape.slice(0, this.head), record];
    this.head = this.tape.length;
    return GOOD;
  }

  filemarks(count: number): ModelAnswer {
    if (count === 0) return GOOD;
    this.tape = [...this.tape.slice(0, this.head), ...new Array<ModelEntry>(count).fill('filemark')];
    this.head = this.tape.length;
    return GOOD;
  }

  read(length: number): ModelAnswer {
    if (length === 0) return GOOD;
    const entry = this.tape[this.head];
    if (entry === undefined) return stop(sense('8/00/05', { information: length }));
    this.head++;
    if (entry === 'filemark') return stop(sense('0/00/01', { filemark: true, information: length }));
    if (entry.length === length) return { data: Buffer.from(entry), sense: undefined };
    const ili = sense('0/00/00', { incorrectLength: true, information: length - entry.length });
    return { data: Buffer.from(entry.subarray(0, Math.min(length, entry.length))), sense: ili };
  }

  /** `count` blocks of `blockSize` from `data`, each its own record. */
  writeFixed(data: Uint8Array, blockSize: number, count: number): ModelAnswer {
    if (count === 0) return GOOD;
    const blocks = Array.from({ length: count }, (_, k) => data.subarray(k * blockSize, (k + 1) * blockSize));
    this.tape = [...this.tape.slice(0, this.head), ...blocks];
    this.head = this.tape.length;
    return GOOD;
  }

  /** `count` blocks of `blockSize`: stops at end of data, a filemark (past it) or a wrong-length record (past it). */
  readFixed(blockSize: number, count: number): ModelAnswer {
    const got: Uint8Array[] = [];
    const data = (): Buffer => Buffer.concat(got);
    for (let done = 0; done < count; done++) {
      const entry = this.tape[this.head];
      if (entry === undefined) return { data: data(), sense: sense('8/00/05', { information: count - done }) };
      this.head++;
      if (entry === 'filemark') return { data: data(), sense: sense('0/00/01', { filemark: true, information: count - done }) };
      if (entry.length !== blockSize) return { data: data(), sense: sense('0/00/00', { incorrectLength: true, information: count - done }) };
      got.push(entry);
    }
    return { data: data(), sense: undefined };
  }

  spaceBlocks(count: number): ModelAnswer {
    const step = count > 0 ? 1 : -1;
    const total = Math.abs(count);
    for (let done = 0; done < total; done++) {
      const entry = step > 0 ? this.tape[this.head] : this.tape[this.head - 1];
      if (entry === undefined) return stop(step > 0 ? sense('8/00/05', { information: total - done }) : sense('0/00/04', { endOfMedium: true, information: total - done }));
      this.head += step;
      if (entry === 'filemark') return stop(sense('0/00/01', { filemark: true, information: total - done }));
    }
    return GOOD;
  }

  spaceFilemarks(count: number): ModelAnswer {
    const total = Math.abs(count);
    for (let done = 0; done < total; ) {
      if (count > 0) {
        const entry = this.tape[this.head];
        if (entry === undefined) return stop(sense('8/00/05', { information: total - done }));
        this.head++;
        if (entry === 'filemark') done++;
      } else {
        const entry = this.tape[this.head - 1];
        if (entry === undefined) return stop(sense('0/00/04', { endOfMedium: true, information: total - done }));
        this.head--;
        if (entry === 'filemark') done++;
      }
    }
    return GOOD;
  }

  endOfData(): ModelAnswer {
    this.head = this.tape.length;
    return GOOD;
  }

  locate(object: number): ModelAnswer {
    if (object > this.tape.length) {
      this.head = this.tape.length;
      return stop(sense('8/00/05'));
    }
    this.head = object;
    return GOOD;
  }

  /** Filemarks before the head: the logical file identifier. */
  get file(): number {
    return this.tape.slice(0, this.head).filter((e) => e === 'filemark').length;
  }
}
