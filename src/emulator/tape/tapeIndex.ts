/**
 * Where every logical object of one partition is, in typed arrays so a tape of millions of blocks
 * costs about 21 bytes per object and LOCATE/SPACE/READ POSITION cost the same at block 10 and at
 * block 10,000,000: object i's host length, whether it is stored compressed, and the running sums
 * of stored and host bytes before it (so a file offset, the room used up to any point and a
 * truncation are one lookup). Filemarks are also listed by position, so "which file is object i
 * in" and "where is the k-th filemark" are binary searches.
 */

/** Host length of a filemark in `lengthAt` (a record holds at least one byte). */
const FILEMARK_LENGTH = 0;

const INITIAL_CAPACITY = 1024;

export class TapeIndex {
  #count = 0;
  /** Host (uncompressed) length of each object; 0 for a filemark. */
  #lengths = new Uint32Array(INITIAL_CAPACITY);
  /** 1 when the object's payload is stored compressed. */
  #compressed = new Uint8Array(INITIAL_CAPACITY);
  /** Stored payload bytes before object i (entry count + 1 used). */
  #storedBefore = new Float64Array(INITIAL_CAPACITY + 1);
  /** Host bytes before object i. */
  #hostBefore = new Float64Array(INITIAL_CAPACITY + 1);
  #filemarkCount = 0;
  /** Positions of the filemarks, ascending. */
  #filemarks = new Float64Array(64);

  /** Objects from the beginning of the partition to end of data. */
  get count(): number {
    return this.#count;
  }

  get filemarkCount(): number {
    return this.#filemarkCount;
  }

  /** Stored payload bytes of objects [0, i). */
  storedBefore(i: number): number {
    return this.#storedBefore[i] as number;
  }

  hostBefore(i: number): number {
    return this.#hostBefore[i] as number;
  }

  lengthAt(i: number): number {
    return this.#lengths[i] as number;
  }

  isFilemark(i: number): boolean {
    return this.#lengths[i] === FILEMARK_LENGTH;
  }

  isCompressed(i: number): boolean {
    return this.#compressed[i] === 1;
  }

  storedLength(i: number): number {
    return (this.#storedBefore[i + 1] as number) - (this.#storedBefore[i] as number);
  }

  /** Filemarks among objects [0, i): the logical file identifier at position i. */
  filemarksBefore(i: number): number {
    let low = 0;
    let high = this.#filemarkCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#filemarks[middle] as number) < i) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Position of the k-th filemark (0-based). */
  filemarkAt(k: number): number {
    return this.#filemarks[k] as number;
  }

  /** A record of `hostLength` bytes (≥ 1) stored in `storedLength` bytes. */
  appendRecord(hostLength: number, storedLength: number, compressed: boolean): void {
    this.#append(hostLength, storedLength, compressed);
  }

  appendFilemark(): void {
    if (this.#filemarkCount === this.#filemarks.length) this.#filemarks = grow(this.#filemarks, this.#filemarks.length * 2);
    this.#filemarks[this.#filemarkCount++] = this.#count;
    this.#append(FILEMARK_LENGTH, 0, false);
  }

  /** End of data at object i: everything from i on is gone. */
  truncate(i: number): void {
    if (i >= this.#count) return;
    this.#count = i;
    this.#filemarkCount = this.filemarksBefore(i);
  }

  #append(hostLength: number, storedLength: number, compressed: boolean): void {
    const i = this.#count;
    if (i + 1 >= this.#lengths.length) this.#grow();
    this.#lengths[i] = hostLength;
    this.#compressed[i] = compressed ? 1 : 0;
    this.#storedBefore[i + 1] = (this.#storedBefore[i] as number) + storedLength;
    this.#hostBefore[i + 1] = (this.#hostBefore[i] as number) + hostLength;
    this.#count = i + 1;
  }

  #grow(): void {
    const capacity = this.#lengths.length * 2;
    const lengths = new Uint32Array(capacity);
    lengths.set(this.#lengths);
    this.#lengths = lengths;
    const compressed = new Uint8Array(capacity);
    compressed.set(this.#compressed);
    this.#compressed = compressed;
    this.#storedBefore = grow(this.#storedBefore, capacity + 1);
    this.#hostBefore = grow(this.#hostBefore, capacity + 1);
  }
}

function grow(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}
