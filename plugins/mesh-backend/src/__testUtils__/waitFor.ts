/** Polls `read` until `done` holds (or throws after `timeoutMs`); never measures speed. */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(
          0,
          2000,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
