import {
  FINDING_CODES,
  FindingCode,
  FleetQuery,
  Severity,
} from '@meshwise/plugin-mesh-common';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The largest page the backend serves. */
export const MAX_PAGE_SIZE = 500;
const LIST_KEYS = ['cluster', 'namespace', 'team', 'severity', 'code'] as const;

/**
 * Writes a query as the backend expects it, and as the dashboard keeps it in
 * its URL: one parameter per value (`?severity=error&severity=warning` means
 * either), so a shared link reproduces the view exactly.
 */
export function fleetQueryToSearchParams(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    for (const value of query[key] ?? []) {
      params.append(key, value);
    }
  }
  if (query.search) params.set('search', query.search);
  if (query.sort) params.set('sort', query.sort);
  if (query.offset) params.set('offset', String(query.offset));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  return params;
}

const nonNegativeInt = (value: string | null): number | undefined => {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
};

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * Reads a query back from URL parameters. Values a hand-edited or outdated
 * link may carry (an unknown severity or code, a negative offset) are dropped
 * rather than sent on, so an old link still opens a sensible view.
 */
export function fleetQueryFromSearchParams(
  params: URLSearchParams,
): FleetQuery {
  const query: FleetQuery = {};
  const strings = (key: string) =>
    unique(
      params
        .getAll(key)
        .map(v => v.trim())
        .filter(Boolean),
    );
  const cluster = strings('cluster');
  const namespace = strings('namespace');
  const team = strings('team');
  const severity = strings('severity').filter((s): s is Severity =>
    SEVERITIES.includes(s as Severity),
  );
  const code = strings('code')
    .map(c => c.toUpperCase())
    .filter((c): c is FindingCode => FINDING_CODES.includes(c as FindingCode));
  if (cluster.length) query.cluster = cluster;
  if (namespace.length) query.namespace = namespace;
  if (team.length) query.team = team;
  if (severity.length) query.severity = severity;
  if (code.length) query.code = code;
  const search = params.get('search')?.trim();
  if (search) query.search = search;
  const sort = params.get('sort')?.trim();
  if (sort && /^-?[A-Za-z][\w.]*$/.test(sort)) query.sort = sort;
  const offset = nonNegativeInt(params.get('offset'));
  if (offset) query.offset = offset;
  const limit = nonNegativeInt(params.get('limit'));
  if (limit && limit <= MAX_PAGE_SIZE) query.limit = limit;
  return query;
}

const KNOWN_PARAMETERS = new Set<string>([
  ...LIST_KEYS,
  'search',
  'sort',
  'offset',
  'limit',
]);

/**
 * What is wrong with a hand-edited or outdated link, one sentence per
 * parameter that `fleetQueryFromSearchParams` drops, so the page can say why
 * a view differs from the link. `extraParameters` are names the page itself
 * reads (the tab); `sortFields` the fields the shown table sorts by.
 */
export function fleetQueryProblems(
  params: URLSearchParams,
  options: { extraParameters?: string[]; sortFields?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  const extra = new Set(options.extraParameters ?? []);
  for (const name of new Set(params.keys())) {
    if (!KNOWN_PARAMETERS.has(name) && !extra.has(name)) {
      problems.push(`"${name}" is not a parameter of this page.`);
    }
  }
  for (const key of LIST_KEYS) {
    if (params.getAll(key).some(v => !v.trim())) {
      problems.push(`${key} is empty.`);
    }
  }
  for (const s of unique(params.getAll('severity'))) {
    if (s.trim() && !SEVERITIES.includes(s.trim() as Severity)) {
      problems.push(`severity "${s}" is not one of ${SEVERITIES.join(', ')}.`);
    }
  }
  for (const c of unique(params.getAll('code'))) {
    const code = c.trim().toUpperCase();
    if (code && !FINDING_CODES.includes(code as FindingCode)) {
      problems.push(
        `code "${c}" is not a finding code (see docs/findings.md).`,
      );
    }
  }
  const offset = params.get('offset');
  if (offset !== null && nonNegativeInt(offset) === undefined) {
    problems.push(`offset "${offset}" is not a whole number.`);
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const n = nonNegativeInt(limit);
    if (n === undefined || n < 1 || n > MAX_PAGE_SIZE) {
      problems.push(
        `limit "${limit}" is not a page size from 1 to ${MAX_PAGE_SIZE}.`,
      );
    }
  }
  const sort = params.get('sort');
  if (sort !== null) {
    const field = sort.trim().replace(/^-/, '');
    if (options.sortFields && !options.sortFields.includes(field)) {
      problems.push(
        `sort "${sort}" is not one of ${options.sortFields.join(
          ', ',
        )} (prefix - for descending).`,
      );
    } else if (!/^-?[A-Za-z][\w.]*$/.test(sort.trim())) {
      problems.push(`sort "${sort}" is not a field name.`);
    }
  }
  return problems;
}
