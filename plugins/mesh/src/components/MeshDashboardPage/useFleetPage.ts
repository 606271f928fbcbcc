import type { FleetQuery, Page } from '@meshwise/plugin-mesh-common';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_PAGE_SIZE } from './useDashboardUrlState';

export interface FleetPageState<T> {
  page?: Page<T>;
  loading: boolean;
  error?: Error;
}

/**
 * Fetches one page for a query. The previous page stays on screen while the
 * next loads (no flash of an empty table), and an answer that arrives after
 * a newer query was issued is dropped.
 */
export function useFleetPage<T>(
  fetchPage: (query: FleetQuery) => Promise<Page<T>>,
  query: FleetQuery,
): FleetPageState<T> {
  const [state, setState] = useState<FleetPageState<T>>({ loading: true });
  const latest = useRef(0);
  const key = JSON.stringify(query);
  useEffect(() => {
    const call = ++latest.current;
    setState(s => ({ ...s, loading: true }));
    const q: FleetQuery = JSON.parse(key);
    fetchPage({ ...q, limit: q.limit ?? DEFAULT_PAGE_SIZE }).then(
      page => {
        if (call === latest.current) setState({ page, loading: false });
      },
      error => {
        if (call === latest.current) setState({ error, loading: false });
      },
    );
  }, [fetchPage, key]);
  return state;
}
