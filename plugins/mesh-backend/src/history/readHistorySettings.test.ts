import { ConfigReader } from '@backstage/config';
import { readHistorySettings } from './readHistorySettings';

const read = (history?: object) =>
  readHistorySettings(new ConfigReader(history ? { mesh: { history } } : {}));

describe('readHistorySettings', () => {
  it('defaults to sampling hourly, keeping 90 days', () => {
    expect(read()).toEqual({
      enabled: true,
      interval: { hours: 1 },
      intervalMs: 3_600_000,
      retention: { days: 90 },
      retentionMs: 90 * 86_400_000,
    });
  });

  it.each([
    [{ minutes: 15 }, 15 * 60_000],
    ['15m', 15 * 60_000],
    ['PT2H', 2 * 3_600_000],
    ['1 day', 86_400_000],
  ])(
    'reads the interval %j as Backstage durations are read',
    (interval, ms) => {
      expect(read({ interval }).intervalMs).toBe(ms);
    },
  );

  it('can be turned off', () => {
    expect(read({ enabled: false }).enabled).toBe(false);
  });

  it.each([
    [{ interval: '30s' }, /interval must be at least one minute/],
    [{ interval: { hours: 2 }, retention: '1h' }, /retention must be at least/],
    [{ interval: 'often' }, /Invalid duration 'often'/],
    [{ retention: { fortnights: 2 } }, /Needs one or more of 'years'/],
  ])('refuses %j', (history, message) => {
    expect(() => read(history)).toThrow(message);
  });
});
