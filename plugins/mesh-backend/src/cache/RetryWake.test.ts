import { RetryWake } from './RetryWake';

describe('RetryWake', () => {
  it('ends every wait in progress at once on wakeAll', async () => {
    const wake = new RetryWake();
    const signal = new AbortController().signal;
    const started = Date.now();
    const waits = [wake.wait(60_000, signal), wake.wait(60_000, signal)];
    expect(wake.waiting).toBe(2);
    wake.wakeAll();
    await Promise.all(waits);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(wake.waiting).toBe(0);
  });

  it('still ends a wait by its timer or its signal', async () => {
    const wake = new RetryWake();
    const controller = new AbortController();
    await wake.wait(5, controller.signal);
    const aborted = wake.wait(60_000, controller.signal);
    controller.abort();
    await aborted;
    expect(wake.waiting).toBe(0);
  });
});
