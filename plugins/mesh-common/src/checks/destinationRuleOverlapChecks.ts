import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, at, namespaceOf, str, stringMap, strings } from '../util/safe';
import { hostCovers, serviceFqdn } from '../util/hosts';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { registryEntryFor } from '../analyzers/serviceRegistry';
import { describe, listNames } from './findingText';

/*
 * DestinationRule checks of Kiali's DestinationRule checkers
 * (business/checkers/destinationrules/multi_match_checker.go and
 * no_dest_checker.go): two rules for the same host and subset, and subsets
 * that select by nothing.
 */

/**
 * The host a DestinationRule is for, as Kiali compares them: a Service host
 * (short, `name.ns` for a namespace that exists, `name.ns.svc[...]`) as its
 * FQDN, anything else as written.
 */
function hostKey(ctx: AnalysisContext, host: string, namespace: string) {
  const h = host.toLowerCase();
  const parts = h.split('.');
  const domain = ctx.config.clusterDomain;
  if (!h.includes('*')) {
    if (parts.length === 1) return serviceFqdn(h, namespace, domain);
    if (parts.length === 2 && ctx.view.namespace(parts[1]))
      return serviceFqdn(parts[0], parts[1], domain);
    if (parts.length === 3 && parts[2] === 'svc')
      return serviceFqdn(parts[0], parts[1], domain);
  }
  return h;
}

/**
 * Istio's mesh-wide (`*.local`) and namespace-wide (`*.<ns>.svc.<domain>`
 * in its own namespace) ISTIO_MUTUAL rules: meant to coexist with the
 * specific rules, so Kiali leaves them out of the comparison.
 */
function isWideMtlsRule(ctx: AnalysisContext, dr: KubeObject): boolean {
  if (str(dr, 'spec', 'trafficPolicy', 'tls', 'mode') !== 'ISTIO_MUTUAL')
    return false;
  const host = str(dr, 'spec', 'host');
  return (
    host === '*.local' ||
    host === `*.${namespaceOf(dr)}.svc.${ctx.config.clusterDomain}`
  );
}

/** The subset names of a rule; undefined when it has none (it then covers every subset). */
function subsetNames(dr: KubeObject): Set<string> | undefined {
  const subsets = arr(dr, 'spec', 'subsets');
  return subsets.length
    ? new Set(subsets.map(s => str(s, 'name') ?? ''))
    : undefined;
}

const hostsOverlap = (a: string, b: string) =>
  a === b || hostCovers(a, b) || hostCovers(b, a);

interface ComparedRule {
  dr: KubeObject;
  host: string;
  subsets: Set<string> | undefined;
}

function comparedRules(ctx: AnalysisContext): ComparedRule[] {
  return memoize(
    ctx.view,
    'destinationRuleHosts',
    [Kinds.DestinationRule, Kinds.Namespace],
    () =>
      ctx.view
        .list(Kinds.DestinationRule)
        .filter(dr => !isWideMtlsRule(ctx, dr))
        .map(dr => ({
          dr,
          host: hostKey(
            ctx,
            str(dr, 'spec', 'host') ?? '',
            namespaceOf(dr) ?? '',
          ),
          subsets: subsetNames(dr),
        }))
        .filter(rule => rule.host !== ''),
  );
}

/** The subsets two rules both configure: `every subset` when either has none. */
function sharedSubsets(
  a: Set<string> | undefined,
  b: Set<string> | undefined,
): string[] {
  if (!a || !b) return ['every subset'];
  return [...a].filter(name => b.has(name));
}

/**
 * MW827 (KIA0201): another DestinationRule for an overlapping host that
 * configures one of the same subsets (a rule without subsets configures
 * every subset). Which rule's policy applies is then undefined. Like
 * Kiali, mesh- and namespace-wide ISTIO_MUTUAL rules are left out.
 */
export function destinationRuleMultiMatchFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Namespace)) return [];
  const rules = comparedRules(ctx);
  const own = rules.find(rule => rule.dr === dr);
  if (!own) return [];
  const collisions = rules.flatMap(other => {
    if (other.dr === dr || !hostsOverlap(own.host, other.host)) return [];
    const shared = sharedSubsets(own.subsets, other.subsets);
    return shared.length ? [{ other, shared }] : [];
  });
  if (!collisions.length) return [];
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  const others = collisions.map(c =>
    ctx.ref(c.other.dr, Kinds.DestinationRule),
  );
  const shared = [...new Set(collisions.flatMap(c => c.shared))];
  return [
    ctx.finding({
      code: 'MW827',
      objects: [ref, ...others],
      message: `${describe(ref)} and ${listNames(
        others.map(describe),
      )} are for the same host (${own.host}) and configure ${listNames(
        shared.map(s => (s === 'every subset' ? s : `subset ${s}`)),
      )}: which rule's traffic policy applies is undefined.`,
      remediation: `Keep one DestinationRule per host: merge the subsets and traffic policies into one and delete the others.`,
    }),
  ];
}

/**
 * MW828 (KIA0209): a subset without labels, for a host that exists (an
 * unknown host is MW806). It selects every endpoint of the host, so routes
 * to it do not split traffic by version.
 */
export function subsetWithoutLabelsFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  const unlabelled = arr(dr, 'spec', 'subsets').filter(
    s => Object.keys(stringMap(at(s, 'labels'))).length === 0,
  );
  if (!unlabelled.length) return [];
  if (!ctx.isSynced(Kinds.Service) || !ctx.isSynced(Kinds.ServiceEntry))
    return [];
  const host = str(dr, 'spec', 'host') ?? '';
  const entry = registryEntryFor(
    ctx,
    namespaceOf(dr) ?? '',
    strings(dr, 'spec', 'exportTo'),
    host,
  );
  if (!entry) return [];
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  return unlabelled.map(subset => {
    const name = str(subset, 'name') ?? '(unnamed)';
    return ctx.finding({
      code: 'MW828',
      objects: [ref],
      message: `Subset ${name} of ${describe(
        ref,
      )} has no labels: it selects every endpoint of ${host}, so routes to it do not pick a version.`,
      remediation: `Give subset ${name} the labels of the pods it stands for (for example version: v1).`,
      detailKey: name,
    });
  });
}
