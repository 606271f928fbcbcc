/** Waits `ms`, or less if the signal aborts first (never rejects). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
