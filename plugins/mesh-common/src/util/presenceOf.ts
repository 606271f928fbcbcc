/**
 * Whether something exists, in the status model's three values: seen is
 * `true`; unseen is `false` only when its absence can be trusted (the kind is
 * synced and readable), otherwise `'unknown'` — missing data is never shown as
 * an answer.
 */
export function presenceOf(
  seen: boolean,
  absenceTrusted: boolean,
): boolean | 'unknown' {
  if (seen) return true;
  return absenceTrusted ? false : 'unknown';
}
