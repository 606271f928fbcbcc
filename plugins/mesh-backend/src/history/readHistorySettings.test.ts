import { ConfigReader } from '@backstage/config';
import { readHistorySettings } from './readHistorySettings';

const read = (history?: object) =>
  readHistorySettings(new ConfigReader(history ? { mesh: { history } } : {}));

describe('readHistorySettings', () => {
  it('defaults to sampling hourly, entities every 6 hours, keeping 90 days', () => {
    expect(read()).toEqual({
      enabled: true,
      interval: { hours: 1 },
      intervalMs: 3_600_000,
      retention: { days: 90 },
      retentionMs: 90 * 86_400_000,
      entityInterval: { hours: 6 },
      entityIntervalMs: 6 * 3_600_000,
    });
  });

  it('samples entities at the interval when that is longer than 6 hours, or as configured', () => {
    expect(read({ interval: '12h' })).toMatchObject({
      entityInterval: { hours: 12 },
      entityIntervalMs: 12 * 3_600_000,
    });
    expect(read({ entityInterval: '1h' }).entityIntervalMs).toBe(3_600_000);
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
    [
      { interval: '2h', entityInterval: '1h' },
      /entityInterval must be at least/,
    ],
    [{ interval: { hours: 2 }, retention: '1h' }, /retention must be at least/],
    [{ interval: 'often' }, /Invalid duration 'often'/],
    [{ retention: { fortnights: 2 } }, /Needs one or more of 'years'/],
  ])('refuses %j', (history, message) => {
    expect(() => read(history)).toThrow(message);
  });
});
