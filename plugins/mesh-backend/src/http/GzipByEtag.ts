import { gzipSync } from 'zlib';

/**
 * Gzipped answers by ETag, so that an unchanged status polled by many
 * clients is compressed once rather than per request (the compression
 * middleware's per-response gzip stream was the largest cost of a request
 * once access decisions were kept). The ETag names the answer's content
 * (the route's 304s already rely on that); the content is the same for
 * every caller, and only served after the caller's own access check.
 * At most `maxEntries` and `maxBytes` of compressed answers, the least
 * recently used go first; an answer larger than `maxBytes` is not kept.
 */
export class GzipByEtag {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(limits: { maxEntries?: number; maxBytes?: number } = {}) {
    this.maxEntries = limits.maxEntries ?? 1_000;
    this.maxBytes = limits.maxBytes ?? 8 * 1024 * 1024;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Compressed bytes held. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** `body` gzipped; `etag` must change whenever `body` does. */
  gzip(etag: string, body: Buffer): Buffer {
    const kept = this.entries.get(etag);
    if (kept) {
      this.entries.delete(etag);
      this.entries.set(etag, kept);
      return kept;
    }
    const compressed = gzipSync(body);
    if (compressed.length > this.maxBytes) return compressed;
    while (
      this.entries.size >= this.maxEntries ||
      this.bytes + compressed.length > this.maxBytes
    ) {
      const [oldest, dropped] = this.entries.entries().next().value as [
        string,
        Buffer,
      ];
      this.entries.delete(oldest);
      this.bytes -= dropped.length;
    }
    this.entries.set(etag, compressed);
    this.bytes += compressed.length;
    return compressed;
  }
}
