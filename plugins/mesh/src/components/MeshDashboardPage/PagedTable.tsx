import type { FleetQuery } from '@meshwise/plugin-mesh-common';
import {
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { useReadableTableStyles } from '../common/readableTables';
import { DEFAULT_PAGE_SIZE } from './useDashboardUrlState';

export interface PagedColumn<T> {
  id: string;
  title: string;
  /** The backend's sort field for this column; unsortable when absent. */
  sortField?: string;
  /** Sort descending first (counts, severities): the worst first is what people look for. */
  descendingFirst?: boolean;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
}

export const PAGE_SIZES = [25, 50, 100];

/**
 * A table of one server-side page: the backend filters, sorts and pages, so
 * only a page of rows is ever in the DOM however large the fleet is.
 */
export function PagedTable<T>(props: {
  label: string;
  columns: PagedColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  totalCount: number;
  query: FleetQuery;
  loading: boolean;
  empty: ReactNode;
  onChange: (change: Partial<FleetQuery>) => void;
}) {
  const { columns, rows, query, onChange } = props;
  const tables = useReadableTableStyles();
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const offset = query.offset ?? 0;
  const sortField = query.sort?.replace(/^-/, '');
  const descending = query.sort?.startsWith('-') ?? false;
  const direction = descending ? 'desc' : 'asc';

  const sortBy = (column: PagedColumn<T>) => {
    const field = column.sortField!;
    let desc = column.descendingFirst ?? false;
    if (field === sortField) desc = !descending;
    onChange({ sort: `${desc ? '-' : ''}${field}`, offset: undefined });
  };

  return (
    <>
      <LinearProgress
        aria-hidden={!props.loading}
        style={{ visibility: props.loading ? 'visible' : 'hidden' }}
      />
      <TableContainer>
        <Table
          size="small"
          aria-label={props.label}
          aria-busy={props.loading}
          className={tables.stacked}
        >
          <TableHead>
            <TableRow>
              {columns.map(c => (
                <TableCell
                  key={c.id}
                  align={c.align}
                  sortDirection={
                    c.sortField && c.sortField === sortField ? direction : false
                  }
                >
                  {c.sortField ? (
                    <TableSortLabel
                      active={c.sortField === sortField}
                      direction={
                        c.sortField === sortField && descending ? 'desc' : 'asc'
                      }
                      onClick={() => sortBy(c)}
                    >
                      {c.title}
                    </TableSortLabel>
                  ) : (
                    c.title
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.length === 0 && !props.loading ? (
              <TableRow>
                <TableCell colSpan={columns.length}>{props.empty}</TableCell>
              </TableRow>
            ) : (
              rows.map(row => (
                <TableRow key={props.rowKey(row)} hover>
                  {columns.map(c => (
                    <TableCell key={c.id} align={c.align} data-label={c.title}>
                      {c.render(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={props.totalCount}
        page={Math.floor(offset / limit)}
        rowsPerPage={limit}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_, page) =>
          onChange({ offset: page * limit || undefined })
        }
        onRowsPerPageChange={e =>
          onChange({ limit: Number(e.target.value), offset: undefined })
        }
      />
    </>
  );
}
