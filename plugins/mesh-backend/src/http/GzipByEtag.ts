import { gzipSync } from 'zlib';

/**
 * Gzipped answers by ETag, so that an unchanged status polled by many
 * clients is compressed once rather than per request (the compression
 * middleware's per-response gzip stream was the largest cost of a request
 * once access decisions were kept). The ETag names the answer's content
 * (the route's 304s already rely on that); the content is the same for
 * every caller, and only served after the caller's own access check.
 * At most `maxEntries`, the least recently used go first.
 */
export class GzipByEtag {
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 1_000) {}

  get size(): number {
    return this.entries.size;
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
    while (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(etag, compressed);
    return compressed;
  }
}
