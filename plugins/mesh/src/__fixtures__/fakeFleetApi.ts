import type {
  FleetFinding,
  FleetQuery,
  Page,
  ServiceRow,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { severityRank } from '@meshwise/plugin-mesh-common';
import type { MeshApi } from '../api';

/*
 * An in-memory stand-in for the backend's /fleet/services and /findings, with
 * the FleetQuery semantics of MeshApiTypes.ts (repeated values mean "any of",
 * case-insensitive search, `-field` sorts descending). For tests and the
 * benchmark only; the product filters server-side.
 */

const anyOf = (wanted: string[] | undefined, values: (string | undefined)[]) =>
  !wanted?.length || values.some(v => v !== undefined && wanted.includes(v));

function sortValue(row: unknown, field: string): string | number {
  const r = row as Record<string, unknown>;
  if (field === 'severity') return severityRank(r.severity as Severity);
  if (field === 'findings') {
    const f = r.findings as Record<Severity, number>;
    return f.error * 1e6 + f.warning * 1e3 + f.info;
  }
  const v = r[field];
  return typeof v === 'number' ? v : String(v ?? '');
}

function page<T>(items: T[], query: FleetQuery): Page<T> {
  let sorted = items;
  if (query.sort) {
    const desc = query.sort.startsWith('-');
    const field = query.sort.replace(/^-/, '');
    sorted = [...items].sort((a, b) => {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y));
      return desc ? -c : c;
    });
  }
  const offset = query.offset ?? 0;
  const limit = Math.min(query.limit ?? 100, 500);
  return {
    items: sorted.slice(offset, offset + limit),
    totalCount: items.length,
    offset,
    limit,
  };
}

export function filterServices(
  rows: ServiceRow[],
  q: FleetQuery,
): ServiceRow[] {
  const search = q.search?.toLowerCase();
  return rows.filter(
    r =>
      anyOf(q.cluster, r.clusters) &&
      anyOf(q.namespace, r.namespaces) &&
      anyOf(q.team, [r.owner]) &&
      (!q.severity?.length || q.severity.some(s => r.findings[s] > 0)) &&
      (!search ||
        r.entityRef.toLowerCase().includes(search) ||
        r.exposedHosts.some(h => h.toLowerCase().includes(search))),
  );
}

export function filterFindings(
  findings: FleetFinding[],
  q: FleetQuery,
): FleetFinding[] {
  const search = q.search?.toLowerCase();
  return findings.filter(
    f =>
      anyOf(q.cluster, [f.cluster]) &&
      anyOf(q.namespace, [f.namespace]) &&
      anyOf(q.team, [f.team]) &&
      anyOf(q.severity, [f.severity]) &&
      anyOf(q.code, [f.code]) &&
      (!search ||
        f.message.toLowerCase().includes(search) ||
        f.entityRefs.some(e => e.toLowerCase().includes(search))),
  );
}

export function fakeFleetApi(
  rows: ServiceRow[],
  findings: FleetFinding[],
): Pick<MeshApi, 'getServices' | 'getFindings'> {
  return {
    getServices: async (q = {}) => page(filterServices(rows, q), q),
    getFindings: async (q = {}) => page(filterFindings(findings, q), q),
  };
}
