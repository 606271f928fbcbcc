import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  at,
  labelSelectorOf,
  labelsOf,
  namespaceOf,
  str,
} from '../util/safe';
import { matchesLabelSelector } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe } from './findingText';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Whether a listener of the Gateway admits routes from the namespace (allowedRoutes.namespaces). */
function admitsRoutesFrom(
  ctx: AnalysisContext,
  gateway: KubeObject,
  routeNamespace: string,
): boolean {
  if (namespaceOf(gateway) === routeNamespace) return true;
  const ns = ctx.view.namespace(routeNamespace);
  return arr(gateway, 'spec', 'listeners').some(listener => {
    const from = str(listener, 'allowedRoutes', 'namespaces', 'from');
    if (from === 'All') return true;
    if (from !== 'Selector') return false;
    const selector = labelSelectorOf(
      at(listener, 'allowedRoutes', 'namespaces', 'selector'),
    );
    return !!ns && !!selector && matchesLabelSelector(selector, labelsOf(ns));
  });
}

/**
 * MW311 / KIA1401: an HTTPRoute or GRPCRoute whose parentRef names a
 * Gateway API Gateway that does not exist, or one in another namespace
 * whose listeners do not admit routes from the route's namespace.
 */
export function routeParentFindings(
  ctx: AnalysisContext,
  route: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.K8sGateway) || !ctx.isSynced(Kinds.Namespace))
    return [];
  const routeNs = namespaceOf(route) ?? '';
  const ref = ctx.ref(route);
  const out: Finding[] = [];
  arr(route, 'spec', 'parentRefs').forEach((parent, i) => {
    const kind = str(parent, 'kind') ?? 'Gateway';
    const group = str(parent, 'group') ?? GATEWAY_API_GROUP;
    const name = str(parent, 'name');
    if (kind !== 'Gateway' || group !== GATEWAY_API_GROUP || !name) return;
    const gwNs = str(parent, 'namespace') || routeNs;
    const gateway = ctx.view.get(Kinds.K8sGateway, gwNs, name);
    if (gateway && admitsRoutesFrom(ctx, gateway, routeNs)) return;
    out.push(
      ctx.finding({
        code: 'MW311',
        objects: [
          ref,
          ...(gateway ? [ctx.ref(gateway, Kinds.K8sGateway)] : []),
        ],
        message: gateway
          ? `${describe(
              ref,
            )} attaches to Gateway ${gwNs}/${name} (parentRefs[${i}]), whose listeners do not admit routes from namespace ${routeNs}.`
          : `${describe(
              ref,
            )} attaches to Gateway ${gwNs}/${name} (parentRefs[${i}]), which does not exist.`,
        remediation: gateway
          ? `Allow routes from ${routeNs} on a listener of Gateway ${gwNs}/${name} (allowedRoutes.namespaces.from: All or Selector), or attach the route to a Gateway in its own namespace.`
          : `Correct parentRefs[${i}] to an existing Gateway (name and namespace), or create it.`,
        detailKey: String(i),
      }),
    );
  });
  return out;
}

/**
 * MW312 / KIA1402: a Service an HTTPRoute or GRPCRoute names (backendRefs,
 * or a Service parentRef of a mesh route) that does not exist in the
 * route's namespace. References to other namespaces need a ReferenceGrant,
 * which is not watched, so they are not decided.
 */
export function routeServiceFindings(
  ctx: AnalysisContext,
  route: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Service)) return [];
  const routeNs = namespaceOf(route) ?? '';
  const ref = ctx.ref(route);
  const refs: { at: string; value: unknown; kindDefault: string }[] = [];
  arr(route, 'spec', 'parentRefs').forEach((p, i) =>
    refs.push({ at: `parentRefs[${i}]`, value: p, kindDefault: 'Gateway' }),
  );
  arr(route, 'spec', 'rules').forEach((rule, r) =>
    arr(rule, 'backendRefs').forEach((b, i) =>
      refs.push({
        at: `rules[${r}].backendRefs[${i}]`,
        value: b,
        kindDefault: 'Service',
      }),
    ),
  );
  const out: Finding[] = [];
  for (const { at: where, value, kindDefault } of refs) {
    const kind = str(value, 'kind') ?? kindDefault;
    const group = str(value, 'group') ?? '';
    const name = str(value, 'name');
    if (kind !== 'Service' || group !== '' || !name) continue;
    const ns = str(value, 'namespace') || routeNs;
    if (ns !== routeNs) continue;
    const dotted = name.includes('.');
    if (!dotted && ctx.view.get(Kinds.Service, ns, name)) continue;
    out.push(
      ctx.finding({
        code: 'MW312',
        objects: [ref],
        message: `${describe(ref)} names Service ${ns}/${name} in ${where}, ${
          dotted
            ? 'but a Service reference takes a plain name, not a host name'
            : 'which does not exist'
        }: requests to that backend fail.`,
        remediation: `Correct ${where} to the name of an existing Service in ${ns} (with namespace set for another namespace, and a ReferenceGrant there).`,
        detailKey: where,
      }),
    );
  }
  return out;
}
