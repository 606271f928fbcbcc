import { anyOf, matchesSearch, pageOf } from './pageOf';

interface Row {
  id: string;
  n?: number;
  counts: number[];
}

const rows: Row[] = [
  { id: 'b', n: 2, counts: [0, 5] },
  { id: 'a', n: 2, counts: [1, 0] },
  { id: 'c', counts: [0, 1] },
  { id: 'd', n: 1, counts: [0, 0] },
];
const keys = {
  n: (r: Row) => r.n,
  counts: (r: Row) => r.counts,
  id: (r: Row) => r.id,
};
const ids = (page: { items: Row[] }) => page.items.map(r => r.id);

describe('pageOf', () => {
  it('sorts ascending or descending, ties by the tie-break, missing values last either way', () => {
    const base = { keys, tieBreak: (r: Row) => r.id, offset: 0, limit: 10 };
    expect(ids(pageOf(rows, { ...base, sort: 'n' }))).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
    expect(ids(pageOf(rows, { ...base, sort: '-n' }))).toEqual([
      'a',
      'b',
      'd',
      'c',
    ]);
    expect(ids(pageOf(rows, { ...base, sort: '-counts' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('cuts a page and reports the total', () => {
    const page = pageOf(rows, {
      keys,
      sort: 'id',
      tieBreak: r => r.id,
      offset: 1,
      limit: 2,
    });
    expect(page).toEqual({
      items: [rows[0], rows[2]],
      totalCount: 4,
      offset: 1,
      limit: 2,
    });
  });
});

describe('filters', () => {
  it('anyOf matches any wanted value and passes everything without a filter', () => {
    expect(anyOf(['a', 'b'], ['c', 'b'])).toBe(true);
    expect(anyOf(['a'], [undefined, 'c'])).toBe(false);
    expect(anyOf(undefined, [])).toBe(true);
  });

  it('matchesSearch is a case-insensitive substring match', () => {
    expect(matchesSearch('SHOP', ['www.shop.example'])).toBe(true);
    expect(matchesSearch('cart', ['shop', undefined])).toBe(false);
    expect(matchesSearch(undefined, [])).toBe(true);
  });
});
