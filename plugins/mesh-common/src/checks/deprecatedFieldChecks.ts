import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, asNumber, at } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe } from './findingText';

/**
 * MW853 / IST0002 on a VirtualService, as istioctl's deprecation analyzer:
 * an HTTP route's fault delay given as the integer `percent`, which
 * `percentage` replaced.
 */
export function deprecatedVirtualServiceFieldFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const routes = arr(vs, 'spec', 'http');
  const indexes = routes.flatMap((route, i) =>
    (asNumber(at(route, 'fault', 'delay', 'percent')) ?? 0) > 0 ? [i] : [],
  );
  if (!indexes.length) return [];
  const ref = ctx.ref(vs, Kinds.VirtualService);
  return [
    ctx.finding({
      code: 'MW853',
      objects: [ref],
      detailKey: 'fault.delay.percent',
      message: `${describe(
        ref,
      )} sets the deprecated fault.delay.percent (http ${indexes
        .map(i => `#${i}`)
        .join(', ')}); fault.delay.percentage replaces it.`,
      remediation: `Replace fault.delay.percent: N with fault.delay.percentage: { value: N }.`,
    }),
  ];
}

/**
 * MW853 / IST0002 on a Sidecar, as istioctl's deprecation analyzer: an
 * `outboundTrafficPolicy.egressProxy`, which Istio ignores.
 */
export function deprecatedSidecarFieldFindings(
  ctx: AnalysisContext,
  sidecar: KubeObject,
): Finding[] {
  const egressProxy = at(
    sidecar,
    'spec',
    'outboundTrafficPolicy',
    'egressProxy',
  );
  if (egressProxy === undefined || egressProxy === null) return [];
  const ref = ctx.ref(sidecar, Kinds.Sidecar);
  return [
    ctx.finding({
      code: 'MW853',
      objects: [ref],
      detailKey: 'outboundTrafficPolicy.egressProxy',
      message: `${describe(
        ref,
      )} sets outboundTrafficPolicy.egressProxy, which Istio ignores.`,
      remediation: `Remove egressProxy; to send unknown outbound traffic through an egress gateway, use a ServiceEntry with a VirtualService routing it there.`,
    }),
  ];
}
