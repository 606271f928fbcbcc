import type {
  FindingCode,
  FleetQuery,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { fleetQueryToSearchParams } from '../../api/fleetQuerySearchParams';
import type { DashboardTab } from './useDashboardUrlState';

/**
 * Where a KPI chip or chart bar leads: a list on this page, filtered to what
 * the figure counts. The scope (the clusters the figures were computed for)
 * carries over, so a click never shows more than the figure counted.
 */
export interface DrillDown {
  tab: DashboardTab;
  query: FleetQuery;
}

/** The search string (`?…`) of a drill-down, relative to the dashboard's own path. */
export function drillDownSearch(
  scope: Pick<FleetQuery, 'cluster'>,
  target: DrillDown,
): string {
  const params = fleetQueryToSearchParams({
    ...(scope.cluster?.length ? { cluster: scope.cluster } : {}),
    ...target.query,
  });
  if (target.tab !== 'services') params.set('tab', target.tab);
  const search = params.toString();
  return search ? `?${search}` : '?';
}

const findings = (query: FleetQuery): DrillDown => ({ tab: 'findings', query });

/** The findings that explain why workloads are outside the mesh. */
export const outsideMeshFindings = findings({
  code: ['MW101', 'MW102'] as FindingCode[],
});

/** Services with the weakest mTLS first (DISABLE, PERMISSIVE before STRICT). */
export const weakestMtlsServices: DrillDown = {
  tab: 'services',
  query: { sort: 'mtls' },
};

/** Certificates not Ready, expired or expiring soon. */
export const certificateFindings = findings({
  code: ['MW302', 'MW303'] as FindingCode[],
});

export const findingsOfSeverity = (severity: Severity) =>
  findings({ severity: [severity] });

export const findingsOfCode = (code: FindingCode) => findings({ code: [code] });

/** The ECK checks (MW501–MW511) across the fleet. */
export const eckFindings = (codes: FindingCode[]) => findings({ code: codes });

/** Services in the namespaces a control-plane revision serves. */
export const servicesInNamespaces = (
  cluster: string,
  namespaces: string[],
): DrillDown => ({
  tab: 'services',
  query: { cluster: [cluster], namespace: namespaces },
});
