import type { FleetQuery, Page } from '@meshwise/plugin-mesh-common';
import { ReactNode, useEffect } from 'react';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { PagedColumn, PagedTable } from './PagedTable';
import type { UpdateOptions } from './useDashboardUrlState';
import { useFleetPage } from './useFleetPage';

/**
 * A fleet-wide list (services or findings) that the backend filters, sorts
 * and pages: fetches the page for the query and shows it, or the error.
 */
export function FleetTable<T>(props: {
  label: string;
  /** Stable across renders (useCallback), or every render refetches. */
  fetchPage: (query: FleetQuery) => Promise<Page<T>>;
  columns: PagedColumn<T>[];
  rowKey: (row: T) => string;
  query: FleetQuery;
  onChange: (change: Partial<FleetQuery>, options?: UpdateOptions) => void;
  empty: ReactNode;
}) {
  const { page, loading, error } = useFleetPage(props.fetchPage, props.query);
  const { onChange } = props;
  const requestedOffset = props.query.offset ?? 0;
  // A page offset past the end (a shared link after the list shrank, a
  // hand-edited URL) shows the last page rather than an empty table.
  const pastTheEnd =
    !loading &&
    !!page &&
    requestedOffset > 0 &&
    page.offset === requestedOffset &&
    requestedOffset >= page.totalCount;
  useEffect(() => {
    if (!pastTheEnd || !page) return;
    const lastPage = Math.max(0, Math.ceil(page.totalCount / page.limit) - 1);
    onChange({ offset: lastPage * page.limit || undefined }, { replace: true });
  }, [pastTheEnd, page, onChange]);
  if (error)
    return <MeshErrorPanel error={error} permission="mesh.fleet.read" />;
  return (
    <PagedTable
      label={props.label}
      columns={props.columns}
      rows={page?.items ?? []}
      rowKey={props.rowKey}
      totalCount={page?.totalCount ?? 0}
      query={props.query}
      loading={loading}
      onChange={props.onChange}
      empty={props.empty}
    />
  );
}
