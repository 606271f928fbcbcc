import { startDemoCluster } from './startDemoCluster';

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`);
    return res.ok;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

// Emitted rather than sent with process.kill: Jest's sandboxed `process`
// holds the handler, and a real signal would reach the worker itself.
const signal = () => process.emit('SIGUSR2', 'SIGUSR2');

describe('startDemoCluster', () => {
  it('takes its API server down on SIGUSR2 and brings it back on the next one, on the same port', async () => {
    const before = process.listenerCount('SIGUSR2');
    const demo = await startDemoCluster();
    expect(process.listenerCount('SIGUSR2')).toBe(before + 1);
    try {
      expect(await answers(demo.url)).toBe(true);
      signal();
      await until(async () => !(await answers(demo.url)));
      expect(demo.emulator.serving).toBe(false);
      signal();
      await until(() => answers(demo.url));
      expect(demo.emulator.serving).toBe(true);
    } finally {
      await demo.close();
    }
    // Closed: the signal is no longer handled by it.
    expect(process.listenerCount('SIGUSR2')).toBe(before);
  });

  it('leaves the signal alone when asked to', async () => {
    const before = process.listenerCount('SIGUSR2');
    const demo = await startDemoCluster({ outageSignal: false });
    try {
      expect(process.listenerCount('SIGUSR2')).toBe(before);
    } finally {
      await demo.close();
    }
  });
});
