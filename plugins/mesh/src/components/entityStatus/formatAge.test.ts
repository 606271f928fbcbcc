import { formatAge } from './formatAge';

describe('formatAge', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('says seconds, minutes, hours and days', () => {
    expect(formatAge('2026-01-01T11:59:52Z', now)).toBe('8 s');
    expect(formatAge('2026-01-01T11:57:00Z', now)).toBe('3 min');
    expect(formatAge('2026-01-01T10:00:00Z', now)).toBe('2 h');
    expect(formatAge('2025-12-28T12:00:00Z', now)).toBe('4 d');
  });

  it('reads an unreadable or future time as no age', () => {
    expect(formatAge('not a time', now)).toBe('0 s');
    expect(formatAge('2026-01-01T12:00:30Z', now)).toBe('0 s');
  });
});
