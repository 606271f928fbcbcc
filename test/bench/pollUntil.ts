import { performance } from 'perf_hooks';

/** Milliseconds since the epoch, sub-millisecond; comparable across processes. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Calls `probe` every `intervalMs` (start to start) until `done`; returns the wall clock then. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { intervalMs: number; timeoutMs: number; what: string },
): Promise<{ at: number; value: T }> {
  const deadline = wallClockMs() + options.timeoutMs;
  for (;;) {
    const started = wallClockMs();
    const value = await probe();
    if (done(value)) return { at: wallClockMs(), value };
    if (wallClockMs() > deadline) {
      throw new Error(
        `timed out waiting for ${options.what}; last seen: ${JSON.stringify(
          value,
        ).slice(0, 1000)}`,
      );
    }
    await sleep(Math.max(0, options.intervalMs - (wallClockMs() - started)));
  }
}
