import { Page } from '@meshwise/plugin-mesh-common';

/** A sort key's value: compared as numbers, strings, or tuples of them; undefined sorts last. */
export type SortValue = string | number | undefined | (string | number)[];

export type SortKeys<T> = Readonly<Record<string, (row: T) => SortValue>>;

function compareValues(a: SortValue, b: SortValue): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? 1 : -1;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c) return c;
    }
    return 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export interface SortOptions<T> {
  /** A key of `keys`, `-` first for descending. */
  sort: string;
  keys: SortKeys<T>;
  tieBreak: (row: T) => string;
}

/**
 * A sorted copy (by `sort`, `-` for descending, ties by `tieBreak`).
 * Undefined values sort last in either direction, so "no expiry date" never
 * looks like the most urgent certificate. Filtering the result keeps it
 * sorted, so one sorted list can serve every filter.
 */
export function sortRows<T>(rows: readonly T[], options: SortOptions<T>): T[] {
  const descending = options.sort.startsWith('-');
  const key = options.keys[options.sort.replace(/^-/, '')];
  return [...rows].sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    let c: number;
    if (va === undefined || vb === undefined) c = compareValues(va, vb);
    else c = descending ? compareValues(vb, va) : compareValues(va, vb);
    return c || options.tieBreak(a).localeCompare(options.tieBreak(b));
  });
}

/** A page of rows already in order. */
export function pageOfSorted<T>(
  sorted: readonly T[],
  offset: number,
  limit: number,
): Page<T> {
  return {
    items: sorted.slice(offset, offset + limit),
    totalCount: sorted.length,
    offset,
    limit,
  };
}

/** Sorts (see `sortRows`), then cuts a page. */
export function pageOf<T>(
  rows: readonly T[],
  options: SortOptions<T> & { offset: number; limit: number },
): Page<T> {
  return pageOfSorted(sortRows(rows, options), options.offset, options.limit);
}

/** Whether `values` has any of `wanted` (no filter when `wanted` is absent). */
export function anyOf(
  wanted: readonly string[] | undefined,
  values: readonly (string | undefined)[],
): boolean {
  if (!wanted) return true;
  return values.some(value => value !== undefined && wanted.includes(value));
}

/** Case-insensitive substring match over some texts (no filter when `search` is absent). */
export function matchesSearch(
  search: string | undefined,
  texts: readonly (string | undefined)[],
): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return texts.some(text => text?.toLowerCase().includes(needle));
}
