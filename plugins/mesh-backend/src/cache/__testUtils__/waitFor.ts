/**
 * Polls until `condition` holds; generous by default because CI machines
 * are slow. Fails with `message` (and the last observed value) on timeout.
 */
export async function waitFor<T>(
  probe: () => T,
  condition: (value: T) => boolean,
  message: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${message}; last value: ${JSON.stringify(
          value,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
