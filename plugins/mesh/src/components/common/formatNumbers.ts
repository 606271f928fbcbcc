const compact = new Intl.NumberFormat('en', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** 1234 → "1.2K": KPIs stay readable at fleet scale. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** 0.8734 → "87%"; never rounds a partial value up to 100% or down to 0%. */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || Number.isNaN(ratio)) return '—';
  const pct = Math.round(ratio * 100);
  if (pct === 100 && ratio < 1) return '99%';
  if (pct === 0 && ratio > 0) return '<1%';
  return `${pct}%`;
}

/** Days to expiry as people say them: "5 days left", "expired 2 days ago". */
export function formatDays(days: number): string {
  if (days < 0) {
    const n = -days;
    return `expired ${n} ${n === 1 ? 'day' : 'days'} ago`;
  }
  if (days === 0) return 'expires today';
  return `${days} ${days === 1 ? 'day' : 'days'} left`;
}
