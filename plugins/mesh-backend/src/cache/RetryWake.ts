/**
 * Lets one event end many retry waits early: when a probe finds the API
 * server back, every reflector and the discovery loop of the cluster retry
 * at once instead of sleeping out their backoff.
 */
export class RetryWake {
  private readonly waiters = new Set<() => void>();

  /** Resolves after `ms`, on abort, or on the next `wakeAll()`, whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (signal.aborted || ms <= 0) {
        resolve();
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** Ends every wait in progress now. */
  wakeAll(): void {
    for (const done of [...this.waiters]) done();
  }

  /** Waits in progress (tests, diagnostics). */
  get waiting(): number {
    return this.waiters.size;
  }
}
