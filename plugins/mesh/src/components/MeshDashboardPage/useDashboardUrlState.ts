import type { FleetQuery } from '@meshwise/plugin-mesh-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  fleetQueryFromSearchParams,
  fleetQueryProblems,
  fleetQueryToSearchParams,
} from '../../api/fleetQuerySearchParams';

export type DashboardTab = 'services' | 'findings';

export const DEFAULT_PAGE_SIZE = 50;

/** The fields each table sorts by (the backend's sort fields of its row type). */
export const SORT_FIELDS: Record<DashboardTab, readonly string[]> = {
  services: [
    'entityRef',
    'title',
    'owner',
    'workloads',
    'pods',
    'dataPlane',
    'mtls',
    'certificate',
    'eckHealth',
    'findings',
  ],
  findings: ['severity', 'code', 'cluster', 'namespace', 'team', 'message'],
};

export interface UpdateOptions {
  /** Replace the history entry instead of adding one (corrections the user did not ask for). */
  replace?: boolean;
}

export interface DashboardUrlState {
  tab: DashboardTab;
  query: FleetQuery;
  /** What is wrong with the URL's parameters; those values are not applied. */
  problems: string[];
  setTab(tab: DashboardTab): void;
  /** Merges a change into the query; a filter change returns to the first page. */
  update(change: Partial<FleetQuery>, options?: UpdateOptions): void;
  /** Rewrites the URL with only the parameters that were understood. */
  dropInvalid(): void;
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
 * Each change is a history entry, so Back undoes a filter; only refining a
 * search already in the URL replaces its entry (typing should not leave one
 * entry per pause).
 */
export function useDashboardUrlState(): DashboardUrlState {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const { tab, query, problems } = useMemo(() => {
    const p = new URLSearchParams(key);
    const tabParam = p.get('tab');
    const t: DashboardTab = tabParam === 'findings' ? 'findings' : 'services';
    const found = fleetQueryProblems(p, {
      extraParameters: ['tab'],
      sortFields: SORT_FIELDS[t],
    });
    if (
      tabParam !== null &&
      tabParam !== 'services' &&
      tabParam !== 'findings'
    ) {
      found.unshift(`tab "${tabParam}" is not services or findings.`);
    }
    const q = fleetQueryFromSearchParams(p);
    if (q.sort && !SORT_FIELDS[t].includes(q.sort.replace(/^-/, ''))) {
      delete q.sort;
    }
    return { tab: t, query: q, problems: found };
  }, [key]);

  const write = useCallback(
    (nextTab: DashboardTab, next: FleetQuery, replace: boolean) => {
      const p = fleetQueryToSearchParams(next);
      if (nextTab !== 'services') p.set('tab', nextTab);
      setParams(p, { replace });
    },
    [setParams],
  );

  const update = useCallback(
    (change: Partial<FleetQuery>, options: UpdateOptions = {}) => {
      const next: FleetQuery = { ...query, ...change };
      if (FILTER_KEYS.some(k => k in change)) delete next.offset;
      for (const k of Object.keys(next) as (keyof FleetQuery)[]) {
        const v = next[k];
        if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) {
          delete next[k];
        }
      }
      const refinesSearch =
        Object.keys(change).length === 1 &&
        'search' in change &&
        !!query.search &&
        !!change.search;
      write(tab, next, options.replace ?? refinesSearch);
    },
    [query, tab, write],
  );

  const setTab = useCallback(
    (nextTab: DashboardTab) => {
      // Sort fields and pages belong to one table; filters carry over.
      const { sort, offset, ...filters } = query;
      write(nextTab, filters, false);
    },
    [query, write],
  );

  const dropInvalid = useCallback(
    () => write(tab, query, true),
    [tab, query, write],
  );

  return { tab, query, problems, setTab, update, dropInvalid };
}
