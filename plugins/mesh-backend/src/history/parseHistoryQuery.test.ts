import { InputError } from '@backstage/errors';
import { parseHistoryQuery } from './parseHistoryQuery';
import { trendPoints } from './trendPoints';

const NOW = Date.parse('2026-12-08T00:00:00Z');
const HOUR = 3_600_000;
const parse = (query: Record<string, unknown>) =>
  parseHistoryQuery(query, { now: NOW, intervalMs: HOUR });

describe('parseHistoryQuery', () => {
  it('defaults to the last 7 days in steps of the sampling interval', () => {
    expect(parse({})).toEqual({
      from: NOW - 7 * 24 * HOUR,
      to: NOW,
      stepMs: HOUR,
    });
  });

  it('reads ISO times with a zone and steps with a unit', () => {
    expect(
      parse({
        from: '2026-12-01T00:00:00Z',
        to: '2026-12-02T00:00:00+01:00',
        step: '30m',
      }),
    ).toEqual({
      from: Date.parse('2026-12-01T00:00:00Z'),
      to: Date.parse('2026-12-01T23:00:00Z'),
      stepMs: 30 * 60_000,
    });
  });

  it('widens the default step so that a long range has at most 2,000 steps', () => {
    const { stepMs } = parse({ from: '2026-01-01T00:00:00Z' });
    expect(
      (NOW - Date.parse('2026-01-01T00:00:00Z')) / stepMs,
    ).toBeLessThanOrEqual(2_000);
    expect(stepMs).toBeGreaterThan(HOUR);
  });

  it.each([
    [{ from: 'yesterday' }, /from must be an ISO 8601 time/],
    [{ to: '2026-13-45T00:00:00Z' }, /to must be an ISO 8601 time/],
    [{ from: '2026-12-01T10:00' }, /from must be an ISO 8601 time/],
    [
      { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' },
      /from must be before to/,
    ],
    [
      { from: '2026-12-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
      /from must be before to/,
    ],
    [{ step: '0h' }, /step must be a number and a unit/],
    [{ step: '-1h' }, /step must be a number and a unit/],
    [{ step: '1 hour' }, /step must be a number and a unit/],
    [{ step: '30s' }, /step must be at least 1m/],
    [{ step: '1m' }, /at most 2000: choose a larger step/],
    [{ step: ['1h', '2h'] }, /step must be given once/],
    [{ limit: '5' }, /Unknown query parameter limit/],
  ])('rejects %j', (query, message) => {
    expect(() => parse(query)).toThrow(InputError);
    expect(() => parse(query)).toThrow(message);
  });
});

describe('trendPoints', () => {
  const from = Date.parse('2026-12-01T00:00:00Z');
  it('keeps the last sample of each step and leaves steps without one out', () => {
    const points = trendPoints(
      [
        { sampledAt: from + 10 * 60_000, subject: 'east', figures: { n: 1 } },
        { sampledAt: from + 50 * 60_000, subject: 'east', figures: { n: 2 } },
        // no sample in the second hour
        {
          sampledAt: from + 2 * HOUR + 5,
          subject: 'east',
          figures: null,
          unknownReason: 'cluster degraded',
        },
        { sampledAt: from + 5, subject: 'west', figures: { n: 9 } },
      ],
      { from, stepMs: HOUR },
    );
    expect(points.get('east')).toEqual([
      {
        at: '2026-12-01T00:00:00.000Z',
        sampledAt: '2026-12-01T00:50:00.000Z',
        figures: { n: 2 },
      },
      {
        at: '2026-12-01T02:00:00.000Z',
        sampledAt: '2026-12-01T02:00:00.005Z',
        figures: null,
        unknownReason: 'cluster degraded',
      },
    ]);
    expect(points.get('west')).toHaveLength(1);
  });
});
