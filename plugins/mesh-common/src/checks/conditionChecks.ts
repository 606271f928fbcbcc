import { Kinds, sameKind } from '../kinds';
import { Finding } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import { arr, str } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

const GATEWAY_API_NEGATIVE = ['Accepted', 'Programmed', 'ResolvedRefs'];

/** The condition types istioctl reports when False, per kind. */
const NEGATIVE_WHEN_FALSE: { kind: KindRef; types: string[] }[] = [
  { kind: Kinds.Service, types: ['istio.io/WaypointBound'] },
  { kind: Kinds.ServiceEntry, types: ['istio.io/WaypointBound'] },
  { kind: Kinds.WorkloadEntry, types: ['istio.io/WaypointBound'] },
  {
    kind: Kinds.AuthorizationPolicy,
    types: ['ZtunnelAccepted', 'WaypointAccepted'],
  },
  { kind: Kinds.K8sGateway, types: GATEWAY_API_NEGATIVE },
  { kind: Kinds.HTTPRoute, types: GATEWAY_API_NEGATIVE },
  { kind: Kinds.GRPCRoute, types: GATEWAY_API_NEGATIVE },
];

/** An object's status conditions; a route's are those of each parent. */
function conditionsOf(kind: KindRef, obj: KubeObject): unknown[] {
  if (sameKind(kind, Kinds.HTTPRoute) || sameKind(kind, Kinds.GRPCRoute))
    return arr(obj, 'status', 'parents').flatMap(p => arr(p, 'conditions'));
  return arr(obj, 'status', 'conditions');
}

/**
 * MW825 / IST0171 (NegativeConditionStatus): a status condition the
 * controllers set to say the object does not work: Gateway API Gateways and
 * routes not Accepted, Programmed or with unresolved references; Services,
 * ServiceEntries and WorkloadEntries not bound to their waypoint;
 * AuthorizationPolicies not accepted by ztunnel or the waypoint, or only
 * partially.
 */
export function negativeConditionFindings(kind: KindRef) {
  const types = NEGATIVE_WHEN_FALSE.find(n => sameKind(n.kind, kind))!.types;
  return (ctx: AnalysisContext, obj: KubeObject): Finding[] => {
    const negative = conditionsOf(kind, obj).filter(c => {
      const type = str(c, 'type') ?? '';
      const status = str(c, 'status');
      if (types.includes(type) && status === 'False') return true;
      return (
        sameKind(kind, Kinds.AuthorizationPolicy) &&
        type === 'WaypointAccepted' &&
        str(c, 'reason') === 'PartiallyInvalid'
      );
    });
    if (!negative.length) return [];
    const ref = ctx.ref(obj, kind);
    const text = negative.map(c => {
      const reason = str(c, 'reason');
      const message = str(c, 'message');
      return `${str(c, 'type')}=${str(c, 'status')}${
        reason ? ` (${reason}${message ? `: ${message}` : ''})` : ''
      }`;
    });
    return [
      ctx.finding({
        code: 'MW825',
        objects: [ref],
        message: `${describe(ref)} reports ${listNames(text)}.`,
        remediation: `Fix what the condition's reason names (kubectl get ${kind.kind.toLowerCase()} ${
          ref.name
        }${
          ref.namespace ? ` -n ${ref.namespace}` : ''
        } -o yaml shows the status).`,
      }),
    ];
  };
}
