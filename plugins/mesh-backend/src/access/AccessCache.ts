/** How long and how many access outcomes are kept; `ttlMs` 0 keeps none. */
export interface AccessCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** The clock (tests move it). */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * Remembers, for a short time, what a caller was allowed (an entity they can
 * see and read the status of, a fleet permission), so that a client polling
 * a status does not cost a catalog lookup and permission round trips per
 * request. Keys must name the caller (see `callerKey`); nothing here knows
 * who is asking.
 *
 * Only outcomes the caller says to keep are kept (grants): a refusal, a
 * not-found or a failure is decided again on the next request, so a grant
 * shows up at once and no refusal can ever be read back as a grant. A grant
 * revoked in the catalog or the policy still holds for up to `ttlMs`, the
 * price of the cache; `ttlMs` 0 turns it off.
 *
 * Bounded: at most `maxEntries`, the least recently used go first. Requests
 * for the same key while one is being decided wait for that decision instead
 * of each starting their own (200 clients of one user polling one entity
 * make one lookup, not 200).
 */
export class AccessCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();
  private readonly now: () => number;

  constructor(private readonly options: AccessCacheOptions) {
    if (!(options.ttlMs >= 0) || !Number.isFinite(options.ttlMs)) {
      throw new Error(`AccessCache ttlMs must be ≥ 0, got ${options.ttlMs}`);
    }
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error(
        `AccessCache maxEntries must be a positive integer, got ${options.maxEntries}`,
      );
    }
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** Entries held now (expired ones included until they are next touched or evicted). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The kept outcome for `key`, else `decide()`'s, kept when `keep` says so
   * until `ttlMs` from now or `notAfter` (epoch ms; the caller's token expiry),
   * whichever is first. A rejection is passed on and not kept.
   */
  async remember(
    key: string,
    decide: () => Promise<T>,
    options: { keep: (value: T) => boolean; notAfter?: number },
  ): Promise<T> {
    if (!this.enabled) return decide();
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expiresAt > now) {
        // Re-inserted: a Map iterates in insertion order, so the first
        // entry is always the least recently used.
        this.entries.set(key, entry);
        return entry.value;
      }
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;

    const decision = decide();
    this.pending.set(key, decision);
    try {
      const value = await decision;
      const expiresAt = Math.min(
        this.now() + this.options.ttlMs,
        options.notAfter ?? Infinity,
      );
      if (options.keep(value) && expiresAt > this.now()) {
        this.store(key, { value, expiresAt });
      }
      return value;
    } finally {
      this.pending.delete(key);
    }
  }

  private store(key: string, entry: Entry<T>) {
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}
