/**
 * Random access to a file's bytes without holding the file: the readers ask for the ranges they need
 * (a zip's directory, one entry, a notebook's code cells). The CLI gives positioned reads on a file
 * descriptor; an in-memory array is a source too.
 */
export interface IByteSource {
  /** Total size in bytes (may exceed 2 GiB: a JS number is exact up to 2^53). */
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Uint8Array;
}

export function memorySource(bytes: Uint8Array): IByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

export function isByteSource(x: unknown): x is IByteSource {
  return typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && typeof (x as IByteSource).read === 'function';
}

/** Sequential reading of a source through a window of `chunk` bytes: byte-at-a-time scanners stay fast. */
export class ByteCursor {
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  /** Absolute position of the next byte. */
  pos: number;

  constructor(
    readonly source: IByteSource,
    start = 0,
    private readonly end = source.size,
    private readonly chunk = 1 << 20
  ) {
    this.pos = start;
  }

  /** The byte at the position, or -1 at the end. */
  peek(): number {
    const i = this.pos - this.bufStart;
    if (i >= 0 && i < this.buf.length) return this.buf[i];
    if (this.pos >= this.end) return -1;
    this.bufStart = this.pos;
    this.buf = this.source.read(this.pos, Math.min(this.chunk, this.end - this.pos));
    return this.buf.length ? this.buf[0] : -1;
  }

  next(): number {
    const b = this.peek();
    if (b >= 0) this.pos++;
    return b;
  }

  /**
   * Moves past every byte `b` with `!stop[b]` and returns the first stop byte (not consumed), or -1 at the
   * end: the scanners' tight loop, on the window itself (no copy, no allocation per call).
   */
  skipUntil(stop: Uint8Array): number {
    for (;;) {
      if (this.peek() < 0) return -1;
      const buf = this.buf;
      const n = buf.length;
      let i = this.pos - this.bufStart;
      while (i < n && !stop[buf[i]]) i++;
      this.pos = this.bufStart + i;
      if (i < n) return buf[i];
    }
  }

  /** The rest of the window from the position (at least one byte unless at the end). */
  window(): Uint8Array {
    if (this.peek() < 0) return new Uint8Array(0);
    return this.buf.subarray(this.pos - this.bufStart);
  }
}
