import type { FleetQuery, FleetSummary } from '@meshwise/plugin-mesh-common';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';
import { MAX_PAGE_SIZE } from '../../api/fleetQuerySearchParams';

/**
 * Every namespace the fleet views know of: those a revision serves (summary),
 * and those of every service and finding. The backend has no namespace list,
 * so the lists are read once at their largest page size.
 */
export function useNamespaceOptions(summary?: FleetSummary): string[] {
  const meshApi = useApi(meshApiRef);
  const { value } = useAsync(async () => {
    const [services, findings] = await Promise.all([
      meshApi.getServices({ limit: MAX_PAGE_SIZE }),
      meshApi.getFindings({ limit: MAX_PAGE_SIZE }),
    ]);
    return [
      ...services.items.flatMap(s => s.namespaces),
      ...findings.items.flatMap(f => (f.namespace ? [f.namespace] : [])),
    ];
  }, [meshApi]);
  return useMemo(() => {
    const names = new Set(value ?? []);
    for (const c of summary?.clusters ?? []) {
      for (const r of c.revisions) r.namespaces.forEach(n => names.add(n));
    }
    return [...names].sort();
  }, [value, summary]);
}

/** The filters both tables share: no sort or page, which belong to one table. */
export function filtersOf(query: FleetQuery): FleetQuery {
  const { sort, offset, limit, ...filters } = query;
  return filters;
}

export interface TabCounts {
  services?: number;
  findings?: number;
}

/**
 * How many services and findings match the current filters, for the tab
 * labels: one single-row page of each list. The last counts stay shown while
 * new ones load.
 */
export function useTabCounts(query: FleetQuery): TabCounts {
  const meshApi = useApi(meshApiRef);
  const [counts, setCounts] = useState<TabCounts>({});
  const key = JSON.stringify(filtersOf(query));
  useEffect(() => {
    let current = true;
    const filters: FleetQuery = JSON.parse(key);
    Promise.all([
      meshApi.getServices({ ...filters, limit: 1 }),
      meshApi.getFindings({ ...filters, limit: 1 }),
    ]).then(
      ([services, findings]) => {
        if (current) {
          setCounts({
            services: services.totalCount,
            findings: findings.totalCount,
          });
        }
      },
      () => {
        if (current) setCounts({});
      },
    );
    return () => {
      current = false;
    };
  }, [meshApi, key]);
  return counts;
}
