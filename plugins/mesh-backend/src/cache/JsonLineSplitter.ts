const NEWLINE = 0x0a;

/**
 * Splits a watch stream into its newline-delimited JSON events. Chunk
 * boundaries fall anywhere (inside an event, inside a multi-byte character),
 * so incomplete tails are kept as bytes and decoded only once a whole line is
 * there; a newline byte never occurs inside a UTF-8 multi-byte sequence.
 */
export class JsonLineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Feeds a chunk; calls `onLine` with each complete, non-blank line. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      let line: string;
      if (this.pendingBytes > 0) {
        this.pending.push(chunk.subarray(start, newline));
        line = Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
        this.pendingBytes = 0;
      } else {
        line = chunk.toString('utf8', start, newline);
      }
      if (line.trim()) onLine(line);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      // subarray keeps the whole chunk alive; copy small tails of big chunks.
      const tail = chunk.subarray(start);
      this.pending.push(
        tail.length < chunk.length / 4 ? Buffer.from(tail) : tail,
      );
      this.pendingBytes += tail.length;
    }
  }

  /** The last line when a stream ends without a trailing newline. */
  flush(onLine: (line: string) => void): void {
    if (this.pendingBytes === 0) return;
    const line = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    if (line.trim()) onLine(line);
  }

  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
