/**
 * Scenario manifests never carry absolute timestamps: a certificate "expiring
 * in 5 days" has to stay that way whenever the demo runs. They write
 * `{{now}}`, `{{now-30d}}` or `{{now+5d}}` (units d, h, m, s) instead, and the
 * loader turns every such string into an RFC 3339 timestamp relative to the
 * load time.
 */
const TOKEN = /^\{\{now(?:([+-])(\d+)([dhms]))?\}\}$/;

const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
};

/** Kubernetes writes timestamps with second precision and a `Z` suffix. */
export function formatKubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A `{{now±N<unit>}}` token for an offset in milliseconds (rounded to whole seconds). */
export function relativeTimeToken(offsetMs: number): string {
  if (offsetMs === 0) return '{{now}}';
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(offsetMs);
  for (const unit of ['d', 'h', 'm'] as const) {
    if (abs % UNIT_MS[unit] === 0)
      return `{{now${sign}${abs / UNIT_MS[unit]}${unit}}}`;
  }
  return `{{now${sign}${Math.round(abs / 1000)}s}}`;
}

/** The timestamp a token stands for, or undefined when the string is not a token. */
export function resolveRelativeTime(
  value: string,
  nowMs: number,
): string | undefined {
  const match = TOKEN.exec(value);
  if (!match) return undefined;
  const [, sign, amount, unit] = match;
  const offset = sign ? Number(amount) * UNIT_MS[unit] : 0;
  return formatKubeTime(sign === '-' ? nowMs - offset : nowMs + offset);
}

/** Returns a copy of `value` with every time token replaced; other values are kept as they are. */
export function resolveRelativeTimes<T>(value: T, nowMs: number): T {
  if (typeof value === 'string') {
    return (resolveRelativeTime(value, nowMs) ?? value) as T;
  }
  if (Array.isArray(value)) {
    return value.map(item => resolveRelativeTimes(item, nowMs)) as T;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = resolveRelativeTimes(item, nowMs);
    }
    return out as T;
  }
  return value;
}
