/**
 * How old something is, for a person: "8 s", "3 min", "2 h", "4 d". An
 * unreadable or future time reads as "0 s" rather than failing a render.
 */
export function formatAge(since: string, nowMs: number = Date.now()): string {
  const at = Date.parse(since);
  const seconds = Number.isFinite(at)
    ? Math.max(0, Math.round((nowMs - at) / 1000))
    : 0;
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
