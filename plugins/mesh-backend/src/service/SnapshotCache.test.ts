import { mockServices } from '@backstage/backend-test-utils';
import { SnapshotCache } from './SnapshotCache';

describe('SnapshotCache', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('computes on first read, then coalesces changes into one recomputation after the debounce', () => {
    let runs = 0;
    const cache = SnapshotCache.create({
      compute: () => ++runs,
      debounceMs: 300,
      logger: mockServices.logger.mock(),
    });
    expect(cache.get()).toBe(1);
    cache.markDirty();
    cache.markDirty();
    cache.markDirty();
    jest.advanceTimersByTime(299);
    expect(cache.get()).toBe(1);
    jest.advanceTimersByTime(1);
    expect(cache.get()).toBe(2);
    expect(runs).toBe(2);
    cache.stop();
    cache.markDirty();
    jest.advanceTimersByTime(1000);
    expect(runs).toBe(2);
  });

  it('keeps serving the last result when a recomputation throws', () => {
    let fail = false;
    const logger = mockServices.logger.mock();
    const cache = SnapshotCache.create({
      compute: () => {
        if (fail) throw new Error('bug');
        return 'good';
      },
      debounceMs: 10,
      logger,
    });
    expect(cache.get()).toBe('good');
    fail = true;
    expect(cache.refresh()).toBe('good');
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ message: 'bug' }),
    );
  });

  it('recomputes a result older than maxAgeMs once it is read', () => {
    let runs = 0;
    let clock = 0;
    const cache = SnapshotCache.create({
      compute: () => ++runs,
      debounceMs: 300,
      maxAgeMs: 60_000,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
    expect(cache.get()).toBe(1);
    clock = 59_999;
    expect(cache.peek()).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(runs).toBe(1);
    clock = 60_000;
    // The old result is still served while the new one is computed.
    expect(cache.peek()).toBe(1);
    expect(cache.isPending()).toBe(true);
    jest.advanceTimersByTime(300);
    expect(cache.peek()).toBe(2);
    expect(cache.isPending()).toBe(false);
  });
});
