import { asArray, at, isRecord, str } from '../util/safe';

/**
 * Which rules of a VirtualService route list (http, tcp or tls) can never
 * match, and which of their matches never take effect, by the rules of
 * Istio's VirtualService validation (pilot's validation warnings, which
 * istioctl reports as IST0130 and IST0131). Pure: it reads one route list.
 */
export type RuleShadowing =
  | {
      /** IST0130: the rule is never used. */
      kind: 'unreachableRule';
      rule: string;
      reason: string;
    }
  | {
      /** IST0131: one match of the rule is never used. */
      kind: 'ineffectiveMatch';
      rule: string;
      match: string;
      /** The earlier rule (and, for prefix overlaps, match) that takes its traffic. */
      shadowedBy: string;
    };

export type RouteListKind = 'http' | 'tcp' | 'tls';

/** Istio names an HTTP rule or match by its `name`, quoted, else (and for TCP and TLS) by `#<index>`. */
function ruleName(list: RouteListKind, rule: unknown, index: number): string {
  const name = list === 'http' ? str(rule, 'name') : undefined;
  return name ? JSON.stringify(name) : `#${index}`;
}
function matchName(list: RouteListKind, match: unknown, index: number): string {
  const name = list === 'http' ? str(match, 'name') : undefined;
  return name ? JSON.stringify(name) : `#${index}`;
}

/**
 * The identity Istio compares matches by: the match serialized without its
 * name, where, as in Go's JSON encoding of the API types, unset and zero
 * values (false, 0, "", empty lists and maps) are the same, and map keys
 * are sorted.
 */
function matchIdentity(list: RouteListKind, match: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(canonical);
      return items.length ? items : undefined;
    }
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const v = canonical(value[key]);
        if (v !== undefined) out[key] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    return value === false || value === 0 || value === '' || value === null
      ? undefined
      : value;
  };
  const withoutName =
    list === 'http' && isRecord(match) ? { ...match, name: undefined } : match;
  return JSON.stringify(canonical(withoutName) ?? {});
}

/** `exact:<v>` or `prefix:<v>` of a StringMatch; empty for regex or unset. */
function exactOrPrefix(value: unknown): string {
  const exact = str(value, 'exact');
  if (exact) return `exact:${exact}`;
  const prefix = str(value, 'prefix');
  if (prefix) return `prefix:${prefix}`;
  return '';
}

function stringMatches(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isRecord(value))
    for (const [key, match] of Object.entries(value))
      out.set(key, exactOrPrefix(match));
  return out;
}

/** What Istio compares of an HTTP match with a URI prefix to find overlaps. */
interface PrefixMatch {
  rule: string;
  match: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Map<string, string>;
  queryParams: Map<string, string>;
  withoutHeaders: Map<string, string>;
}

function prefixMatchOf(
  rule: string,
  match: unknown,
  name: string,
): PrefixMatch | undefined {
  const prefix = str(match, 'uri', 'prefix');
  if (!prefix) return undefined;
  const port = at(match, 'port');
  return {
    rule,
    match: name,
    prefix,
    port: typeof port === 'number' ? port : 0,
    // Istio's overlap check takes a match without a method as GET.
    method: exactOrPrefix(at(match, 'method')) || 'exact:GET',
    authority: exactOrPrefix(at(match, 'authority')),
    headers: stringMatches(at(match, 'headers')),
    queryParams: stringMatches(at(match, 'queryParams')),
    withoutHeaders: stringMatches(at(match, 'withoutHeaders')),
  };
}

/** Istio's rule for one value: equal, or the earlier one starts with the later one. */
const valueCovered = (earlier: string, later: string) =>
  earlier === later || earlier.startsWith(later);

function mapCovered(
  earlier: Map<string, string>,
  later: Map<string, string>,
): boolean {
  if (earlier.size !== later.size) return false;
  for (const [key, value] of earlier) {
    const other = later.get(key);
    if (other === undefined || !valueCovered(value, other)) return false;
  }
  return true;
}

/**
 * Whether an earlier prefix match takes all the traffic of a later one, as
 * Istio's validation decides it: the later prefix extends the earlier one,
 * on the same port, with the same method, authority, headers, query
 * parameters and absent headers (or ones the earlier value starts with).
 * Other match fields (source labels, gateways) are not compared, there as
 * here.
 */
function covers(earlier: PrefixMatch, later: PrefixMatch): boolean {
  return (
    later.prefix.startsWith(earlier.prefix) &&
    later.port === earlier.port &&
    valueCovered(earlier.method, later.method) &&
    valueCovered(earlier.authority, later.authority) &&
    mapCovered(earlier.headers, later.headers) &&
    mapCovered(earlier.queryParams, later.queryParams) &&
    mapCovered(earlier.withoutHeaders, later.withoutHeaders)
  );
}

/**
 * The shadowed rules and matches of one route list: a rule after a rule
 * without matches is unreachable (a second rule without matches too); a
 * match identical to one of an earlier rule is ineffective, and a rule
 * whose matches all are is unreachable; for HTTP, a URI prefix match that
 * an earlier prefix match covers is ineffective.
 */
export function ruleShadowing(
  list: RouteListKind,
  rules: unknown,
): RuleShadowing[] {
  const out: RuleShadowing[] = [];
  const routes = asArray(rules);
  const firstRuleOf = new Map<string, number>();
  let catchAll = -1;
  const prefixMatches: PrefixMatch[] = [];
  routes.forEach((route, index) => {
    if (route === null || route === undefined) return;
    const rule = ruleName(list, route, index);
    const matches = asArray(at(route, 'match'));
    if (!matches.length) {
      if (catchAll >= 0)
        out.push({
          kind: 'unreachableRule',
          rule,
          reason: 'only the last rule can have no matches',
        });
      catchAll = index;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, matchIndex) => {
      if (catchAll >= 0) {
        out.push({
          kind: 'unreachableRule',
          rule,
          reason: 'route without matches defined before',
        });
        return;
      }
      const identity = matchIdentity(list, match);
      const earlier = firstRuleOf.get(identity);
      if (earlier !== undefined) {
        out.push({
          kind: 'ineffectiveMatch',
          rule,
          match: matchName(list, match, matchIndex),
          shadowedBy: ruleName(list, routes[earlier], earlier),
        });
        duplicates += 1;
        return;
      }
      firstRuleOf.set(identity, index);
      if (list === 'http') {
        const prefixMatch = prefixMatchOf(
          rule,
          match,
          matchName(list, match, matchIndex),
        );
        if (prefixMatch) prefixMatches.push(prefixMatch);
      }
    });
    if (duplicates === matches.length)
      out.push({
        kind: 'unreachableRule',
        rule,
        reason: 'all matches used by prior rules',
      });
  });
  prefixMatches.forEach((earlier, i) => {
    for (const later of prefixMatches.slice(i + 1)) {
      if (later.prefix === earlier.prefix || !covers(earlier, later)) continue;
      out.push({
        kind: 'ineffectiveMatch',
        rule: later.rule,
        match: `${later.match} of prefix ${later.prefix}`,
        shadowedBy: `${earlier.match} of prefix ${earlier.prefix} on ${earlier.rule}`,
      });
    }
  });
  return out;
}
