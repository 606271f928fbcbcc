import type { FleetQuery } from '@meshwise/plugin-mesh-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  fleetQueryFromSearchParams,
  fleetQueryToSearchParams,
} from '../../api/fleetQuerySearchParams';

export type DashboardTab = 'services' | 'findings';

export const DEFAULT_PAGE_SIZE = 50;

export interface DashboardUrlState {
  tab: DashboardTab;
  query: FleetQuery;
  setTab(tab: DashboardTab): void;
  /** Merges a change into the query; a filter change returns to the first page. */
  update(change: Partial<FleetQuery>): void;
}

const FILTER_KEYS: (keyof FleetQuery)[] = [
  'cluster',
  'namespace',
  'team',
  'severity',
  'code',
  'search',
];

/**
 * The dashboard's filters, sort, page and tab, kept in the URL (with the
 * backend's own parameter names) so a view can be bookmarked and shared.
 * Changes replace the history entry: typing a search should not fill the
 * back button with one entry per keystroke.
 */
export function useDashboardUrlState(): DashboardUrlState {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const { tab, query } = useMemo(() => {
    const p = new URLSearchParams(key);
    return {
      tab: (p.get('tab') === 'findings'
        ? 'findings'
        : 'services') as DashboardTab,
      query: fleetQueryFromSearchParams(p),
    };
  }, [key]);

  const write = useCallback(
    (nextTab: DashboardTab, next: FleetQuery) => {
      const p = fleetQueryToSearchParams(next);
      if (nextTab !== 'services') p.set('tab', nextTab);
      setParams(p, { replace: true });
    },
    [setParams],
  );

  const update = useCallback(
    (change: Partial<FleetQuery>) => {
      const next: FleetQuery = { ...query, ...change };
      if (FILTER_KEYS.some(k => k in change)) delete next.offset;
      for (const k of Object.keys(next) as (keyof FleetQuery)[]) {
        const v = next[k];
        if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) {
          delete next[k];
        }
      }
      write(tab, next);
    },
    [query, tab, write],
  );

  const setTab = useCallback(
    (nextTab: DashboardTab) => {
      // Sort fields and pages belong to one table; filters carry over.
      const { sort, offset, ...filters } = query;
      write(nextTab, filters);
    },
    [query, write],
  );

  return { tab, query, setTab, update };
}
