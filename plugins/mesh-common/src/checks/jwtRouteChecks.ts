import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  rec,
  stringMap,
  strings,
} from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { resolveGatewayRef } from '../analyzers/exposure';
import { describe, listNames } from './findingText';

/** Header keys that route on a JWT claim (`@request.auth.claims.…`). */
const CLAIM_PREFIX = '@request.auth.claims';

/** The first header key of a VirtualService's HTTP matches that routes on a JWT claim. */
function claimRouteKey(vs: KubeObject): string | undefined {
  for (const rule of arr(vs, 'spec', 'http'))
    for (const match of arr(rule, 'match'))
      for (const field of ['headers', 'withoutHeaders']) {
        const key = Object.keys(rec(match, field) ?? {}).find(k =>
          k.startsWith(CLAIM_PREFIX),
        );
        if (key) return key;
      }
  return undefined;
}

/**
 * MW314 / IST0149 (JwtClaimBasedRoutingWithoutRequestAuthN): a VirtualService
 * that routes on a JWT claim at an Istio Gateway whose pods no
 * RequestAuthentication (in the root namespace or the pod's) selects: the
 * claims are never validated, so the route never matches. As istioctl: the
 * Gateway's selector matches pods in every namespace.
 */
export function jwtClaimRouteFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const key = claimRouteKey(vs);
  if (!key) return [];
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.RequestAuthentication))
    return [];
  const vsNs = namespaceOf(vs) ?? '';
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const root = ctx.config.rootNamespace;
  const covered = (pod: KubeObject) =>
    [root, namespaceOf(pod) ?? '']
      .flatMap(ns => ctx.view.list(Kinds.RequestAuthentication, ns))
      .some(ra =>
        isLabelSubset(
          stringMap(at(ra, 'spec', 'selector', 'matchLabels')),
          labelsOf(pod),
        ),
      );
  const out: Finding[] = [];
  for (const gwName of strings(vs, 'spec', 'gateways')) {
    const gwRef = resolveGatewayRef(gwName, vsNs);
    if (!gwRef) continue;
    const gateway = ctx.view.get(
      Kinds.IstioGateway,
      gwRef.namespace,
      gwRef.name,
    );
    if (!gateway) continue;
    const selector = stringMap(at(gateway, 'spec', 'selector'));
    const uncovered = ctx.view
      .selectByLabels(Kinds.Pod, undefined, { matchLabels: selector })
      .filter(p => !covered(p));
    if (!uncovered.length) continue;
    const gwFull = `${gwRef.namespace}/${gwRef.name}`;
    out.push(
      ctx.finding({
        code: 'MW314',
        objects: [
          ref,
          ctx.ref(gateway, Kinds.IstioGateway),
          ...uncovered.map(p => ctx.ref(p, Kinds.Pod)),
        ],
        message: `${describe(
          ref,
        )} routes on the JWT claim ${key} at Gateway ${gwFull}, but no RequestAuthentication applies to its pods (${listNames(
          uncovered.map(p => `${namespaceOf(p)}/${nameOf(p)}`),
        )}): the claim is never validated, so the route never matches.`,
        remediation: `Add a RequestAuthentication selecting the gateway pods (in ${root} or their namespace) with the issuer whose tokens carry the claim.`,
        detailKey: gwFull,
      }),
    );
  }
  return out;
}
