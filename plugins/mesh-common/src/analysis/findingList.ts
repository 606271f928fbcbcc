import { Finding, severityRank } from '../types/findings';
import { compareStrings } from '../util/compareStrings';

/** Removes duplicates (same id) and orders by severity, code, then id. */
export function normalizeFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.id, b.id),
  );
}
