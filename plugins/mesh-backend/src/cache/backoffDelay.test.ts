import { backoffDelay } from './backoffDelay';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('doubles per attempt up to the cap', () => {
    const highest = (attempt: number) =>
      backoffDelay(attempt, options, () => 1);
    expect([1, 2, 3, 4, 5, 10].map(highest)).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters within the upper half of the window', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(200);
    expect(backoffDelay(3, options, () => 0.5)).toBe(300);
    for (let i = 0; i < 100; i += 1) {
      const delay = backoffDelay(4, options);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('defaults to 500 ms doubling up to 30 s and tolerates odd attempts', () => {
    expect(backoffDelay(1, {}, () => 1)).toBe(500);
    expect(backoffDelay(100, {}, () => 1)).toBe(30_000);
    expect(backoffDelay(0, {}, () => 1)).toBe(500);
  });
});
