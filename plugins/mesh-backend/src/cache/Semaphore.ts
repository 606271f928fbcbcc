/**
 * At most `limit` holders at a time, first come first served. Used to cap
 * the list pages being fetched and parsed at once: each page of 500 pods
 * is several MB of JSON in flight, and the process' peak memory is what an
 * initial sync of many kinds on many clusters would otherwise set.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1))
      throw new Error(`Semaphore limit must be >= 1, got ${limit}`);
  }

  /** Runs `task` once a slot is free; the slot is released however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter.
    if (next) next();
    else this.active -= 1;
  }
}
