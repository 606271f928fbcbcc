const dayFormat = new Intl.DateTimeFormat('en', {
  month: 'short',
  day: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateTimeFormat = new Intl.DateTimeFormat('en', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An axis tick: the day over ranges of days, the time of day within one. */
export function tickFormatter(spanMs: number): (at: number) => string {
  return spanMs > 2 * 86_400_000
    ? at => dayFormat.format(at)
    : at => timeFormat.format(at);
}

/** A point's time in a tooltip or a sentence. */
export function formatTime(at: number): string {
  return dateTimeFormat.format(at);
}

/** A percentage figure of a trend, or "unknown" for a gap. */
export function formatTrendPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  return `${Math.round(value)}%`;
}
