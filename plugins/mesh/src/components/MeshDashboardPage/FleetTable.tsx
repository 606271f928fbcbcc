import type { FleetQuery, Page } from '@meshwise/plugin-mesh-common';
import { ReactNode } from 'react';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { PagedColumn, PagedTable } from './PagedTable';
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
  onChange: (change: Partial<FleetQuery>) => void;
  empty: ReactNode;
}) {
  const { page, loading, error } = useFleetPage(props.fetchPage, props.query);
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
