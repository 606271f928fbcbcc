import {
  formatKubeTime,
  relativeTimeToken,
  resolveRelativeTime,
  resolveRelativeTimes,
} from './relativeTime';

const NOW = Date.parse('2026-03-10T12:00:00.750Z');

describe('relative time tokens', () => {
  it('resolves offsets in days, hours, minutes and seconds', () => {
    expect(resolveRelativeTime('{{now}}', NOW)).toBe('2026-03-10T12:00:00Z');
    expect(resolveRelativeTime('{{now+5d}}', NOW)).toBe('2026-03-15T12:00:00Z');
    expect(resolveRelativeTime('{{now-3h}}', NOW)).toBe('2026-03-10T09:00:00Z');
    expect(resolveRelativeTime('{{now-90m}}', NOW)).toBe(
      '2026-03-10T10:30:00Z',
    );
    expect(resolveRelativeTime('{{now+30s}}', NOW)).toBe(
      '2026-03-10T12:00:30Z',
    );
  });

  it('leaves strings that only look similar alone', () => {
    expect(resolveRelativeTime('now+5d', NOW)).toBeUndefined();
    expect(resolveRelativeTime('{{now+5w}}', NOW)).toBeUndefined();
    expect(resolveRelativeTime('expires {{now+5d}}', NOW)).toBeUndefined();
  });

  it('replaces tokens anywhere in a nested value without touching other values', () => {
    const input = {
      metadata: { creationTimestamp: '{{now-1d}}', labels: { a: '{{x}}' } },
      status: {
        conditions: [{ lastTransitionTime: '{{now}}', status: 'True' }],
        count: 3,
        ok: null,
      },
    };
    const output = resolveRelativeTimes(input, NOW);
    expect(output).toEqual({
      metadata: {
        creationTimestamp: '2026-03-09T12:00:00Z',
        labels: { a: '{{x}}' },
      },
      status: {
        conditions: [
          { lastTransitionTime: '2026-03-10T12:00:00Z', status: 'True' },
        ],
        count: 3,
        ok: null,
      },
    });
    expect(input.metadata.creationTimestamp).toBe('{{now-1d}}');
  });

  it('writes tokens that resolve back to the same offset', () => {
    for (const offset of [
      0,
      -86_400_000 * 30,
      3_600_000 * 5,
      -60_000 * 7,
      12_000,
    ]) {
      expect(resolveRelativeTime(relativeTimeToken(offset), NOW)).toBe(
        formatKubeTime(NOW + offset),
      );
    }
  });
});
