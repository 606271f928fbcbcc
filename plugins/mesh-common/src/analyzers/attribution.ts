import { Kinds } from '../kinds';
import { KindRef, KubeObject } from '../types/kube';
import { serviceFqdn } from '../util/hosts';
import { arr, at, nameOf, namespaceOf, str, stringMap } from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext, memoize } from './AnalysisContext';
import {
  resolveGatewayRef,
  virtualServiceGateways,
  virtualServicesByDestination,
} from './exposure';
import { workloadSelectorOf } from './mtls';

/*
 * Attribution: which Services a route or policy is about, decided from the
 * objects it names rather than from what it managed to do. A VirtualService
 * whose Gateway is missing exposes nothing, and a policy whose selector
 * matches no pod applies to nothing, yet both belong to the service their
 * author meant: the destination host, the targetRef, the Service that would
 * select the pods the selector describes. Findings on such objects are shown
 * on that service's page and counted against it on the dashboard.
 */

/** A Service's key in the indexes below. */
function serviceKey(svc: KubeObject): string {
  return `${namespaceOf(svc) ?? ''}/${nameOf(svc) ?? ''}`;
}

/**
 * The VirtualServices whose route destinations (http, tcp, tls) resolve to
 * one of these Services, whatever Gateways they are bound to or whether
 * those exist.
 */
export function virtualServicesRoutingTo(
  ctx: AnalysisContext,
  services: Iterable<KubeObject>,
): KubeObject[] {
  const byDestination = virtualServicesByDestination(ctx);
  const out = new Set<KubeObject>();
  for (const svc of services) {
    const fqdn = serviceFqdn(
      nameOf(svc) ?? '',
      namespaceOf(svc) ?? '',
      ctx.config.clusterDomain,
    );
    for (const { vs } of byDestination.get(fqdn) ?? []) out.add(vs);
  }
  return [...out];
}

/** The Istio Gateways these VirtualServices bind to that exist (`mesh` is no Gateway). */
export function gatewaysBoundBy(
  ctx: AnalysisContext,
  virtualServices: Iterable<KubeObject>,
): KubeObject[] {
  const out = new Set<KubeObject>();
  for (const vs of virtualServices)
    for (const value of virtualServiceGateways(vs)) {
      const ref = resolveGatewayRef(value, namespaceOf(vs) ?? '');
      const gateway =
        ref && ctx.view.get(Kinds.IstioGateway, ref.namespace, ref.name);
      if (gateway) out.add(gateway);
    }
  return [...out];
}

/**
 * Gateway API routes (HTTPRoute, GRPCRoute) whose backendRefs name one of
 * these Services (kind Service is the default; a backendRef without a
 * namespace is in the route's).
 */
export function gatewayApiRoutesTo(
  ctx: AnalysisContext,
  kind: KindRef,
  services: Iterable<KubeObject>,
): KubeObject[] {
  const index = memoize(
    ctx.view,
    `attribution:routesByBackend:${kind.kind}`,
    [kind],
    () => {
      const byService = new Map<string, KubeObject[]>();
      for (const route of ctx.view.list(kind)) {
        const ns = namespaceOf(route) ?? '';
        const keys = new Set<string>();
        for (const rule of arr(route, 'spec', 'rules'))
          for (const backend of arr(rule, 'backendRefs')) {
            const backendKind = str(backend, 'kind') ?? 'Service';
            const group = str(backend, 'group') ?? '';
            const name = str(backend, 'name');
            if (backendKind !== 'Service' || group !== '' || !name) continue;
            keys.add(`${str(backend, 'namespace') ?? ns}/${name}`);
          }
        for (const key of keys)
          byService.set(key, [...(byService.get(key) ?? []), route]);
      }
      return byService;
    },
  );
  const out = new Set<KubeObject>();
  for (const svc of services)
    for (const route of index.get(serviceKey(svc)) ?? []) out.add(route);
  return [...out];
}

interface PolicyIndex {
  /** Policies by the `namespace/name` of a Service their targetRefs name. */
  byTargetService: Map<string, KubeObject[]>;
  /** Policies with a selector that matches no pod, by namespace (the root namespace's apply anywhere). */
  unmatchedByNamespace: Map<string, KubeObject[]>;
}

function policyIndex(ctx: AnalysisContext, kind: KindRef): PolicyIndex {
  return memoize(
    ctx.view,
    `attribution:policies:${kind.kind}:${ctx.config.rootNamespace}`,
    [kind, Kinds.Pod],
    () => {
      const byTargetService = new Map<string, KubeObject[]>();
      const unmatchedByNamespace = new Map<string, KubeObject[]>();
      const add = (
        map: Map<string, KubeObject[]>,
        key: string,
        p: KubeObject,
      ) => map.set(key, [...(map.get(key) ?? []), p]);
      for (const policy of ctx.view.list(kind)) {
        const ns = namespaceOf(policy) ?? '';
        const targets = [
          ...arr(policy, 'spec', 'targetRefs'),
          ...(at(policy, 'spec', 'targetRef')
            ? [at(policy, 'spec', 'targetRef')]
            : []),
        ];
        for (const t of targets) {
          const name = str(t, 'name');
          if (str(t, 'kind') === 'Service' && name)
            add(byTargetService, `${ns}/${name}`, policy);
        }
        if (targets.length) continue;
        const selector = workloadSelectorOf(policy);
        if (!selector) continue;
        const scope = ns === ctx.config.rootNamespace ? undefined : ns;
        const pods = ctx.view.selectByLabels(Kinds.Pod, scope, {
          matchLabels: selector,
        });
        if (pods.length === 0) add(unmatchedByNamespace, ns, policy);
      }
      return { byTargetService, unmatchedByNamespace };
    },
  );
}

/**
 * The policies of a kind (AuthorizationPolicy, RequestAuthentication) that
 * are about one of these Services without applying to its pods: those whose
 * targetRefs name the Service, and those whose selector matches no pod but
 * describes pods the Service would select (its selector is a subset of the
 * policy's labels, in the policy's namespace, or anywhere for the root
 * namespace). Policies that do apply to the pods are found from the pods.
 */
export function policiesAbout(
  ctx: AnalysisContext,
  kind: KindRef,
  services: Iterable<KubeObject>,
): KubeObject[] {
  const index = policyIndex(ctx, kind);
  const out = new Set<KubeObject>();
  for (const svc of services) {
    for (const p of index.byTargetService.get(serviceKey(svc)) ?? [])
      out.add(p);
    const svcSelector = serviceSelector(svc);
    // A Service without a selector picks its endpoints by hand: no label tells.
    if (!svcSelector) continue;
    const ns = namespaceOf(svc) ?? '';
    const candidates = [
      ...(index.unmatchedByNamespace.get(ns) ?? []),
      ...(ns === ctx.config.rootNamespace
        ? []
        : index.unmatchedByNamespace.get(ctx.config.rootNamespace) ?? []),
    ];
    for (const p of candidates) {
      const selector = workloadSelectorOf(p);
      if (selector && isLabelSubset(svcSelector, selector)) out.add(p);
    }
  }
  return [...out];
}

function serviceSelector(svc: KubeObject): Record<string, string> | undefined {
  const selector = stringMap(at(svc, 'spec', 'selector'));
  return Object.keys(selector).length ? selector : undefined;
}
