import { LoggerService } from '@backstage/backend-plugin-api';
import { errorMeta } from '../cache/errorText';

export interface SnapshotCacheOptions<T> {
  compute: () => T;
  debounceMs: number;
  /** Default: never too old. */
  maxAgeMs?: number;
  /** Where a failed computation is reported (a child logger naming what is computed). */
  logger: LoggerService;
  /** The clock, in ms (tests). */
  now?: () => number;
}

/**
 * Holds the latest result of an expensive computation over data that changes
 * in bursts (a cluster's watch events): `markDirty()` schedules one
 * recomputation after `debounceMs`, coalescing every change in between. A
 * computation that took long pushes the next one out (twice its duration), so
 * a busy cluster cannot keep the event loop analysing. Readers always get
 * the latest finished result; the first read computes it if needed.
 */
export class SnapshotCache<T> {
  private value?: T;
  private dirty = true;
  private timer?: NodeJS.Timeout;
  private lastDurationMs = 0;
  private computedAt = 0;
  private stopped = false;

  static create<T>(options: SnapshotCacheOptions<T>): SnapshotCache<T> {
    return new SnapshotCache(options);
  }

  private readonly compute: () => T;
  private readonly debounceMs: number;
  private readonly maxAgeMs: number;
  private readonly logger: LoggerService;
  private readonly now: () => number;

  private constructor(options: SnapshotCacheOptions<T>) {
    this.compute = options.compute;
    this.debounceMs = options.debounceMs;
    this.maxAgeMs = options.maxAgeMs ?? Infinity;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  markDirty(): void {
    this.dirty = true;
    if (this.timer || this.stopped) return;
    const wait = Math.max(this.debounceMs, this.lastDurationMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.recompute();
    }, wait);
    this.timer.unref?.();
  }

  /** The latest finished result without computing one, if there is one. */
  peek(): T | undefined {
    this.expireIfOld();
    return this.value;
  }

  /** Whether changes arrived since the latest result was computed. */
  isPending(): boolean {
    return this.dirty;
  }

  /** The latest result; computed now if there is none yet. */
  get(): T {
    if (this.value === undefined) this.recompute();
    else this.expireIfOld();
    return this.value as T;
  }

  /** Recomputes at once (tests, scripts, and the benchmark's "fresh" reads). */
  refresh(): T {
    this.recompute();
    return this.value as T;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expireIfOld(): void {
    if (
      this.value !== undefined &&
      !this.dirty &&
      this.now() - this.computedAt >= this.maxAgeMs
    ) {
      this.markDirty();
    }
  }

  private recompute(): void {
    const started = Date.now();
    this.computedAt = this.now();
    this.dirty = false;
    try {
      this.value = this.compute();
    } catch (error) {
      // The analyzers report bad input instead of throwing; this is a bug.
      this.logger.error(
        'Mesh analysis failed; the previous result is served until the next one',
        errorMeta(error),
      );
      if (this.value === undefined) throw error;
    } finally {
      this.lastDurationMs = Date.now() - started;
    }
  }
}
