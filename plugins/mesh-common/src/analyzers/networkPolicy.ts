import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  asString,
  at,
  labelSelectorOf,
  labelsOf,
  namespaceOf,
  rec,
  strings,
} from '../util/safe';
import { isEmptySelector, matchesLabelSelector } from '../view/labelSelector';
import { AnalysisContext } from './AnalysisContext';
import { containerPortsOf } from './pods';

/** Whether a NetworkPolicy isolates selected pods for ingress (policyTypes, or ingress rules when unset). */
export function isolatesIngress(np: KubeObject): boolean {
  const types = strings(np, 'spec', 'policyTypes');
  if (types.length) return types.includes('Ingress');
  return true; // Kubernetes defaults policyTypes to ["Ingress"] (+Egress when egress rules exist)
}

export function networkPoliciesSelecting(
  ctx: AnalysisContext,
  pod: KubeObject,
): KubeObject[] {
  const labels = labelsOf(pod);
  return ctx.view
    .list(Kinds.NetworkPolicy, namespaceOf(pod))
    .filter(np =>
      matchesLabelSelector(
        labelSelectorOf(at(np, 'spec', 'podSelector')) ?? {},
        labels,
      ),
    );
}

export type PeerVerdict = 'allowed' | 'denied' | 'unknown';

function portAllowed(
  rule: unknown,
  pod: KubeObject,
  targetPorts: readonly number[],
): boolean {
  const ports = arr(rule, 'ports');
  if (ports.length === 0) return true;
  const named = containerPortsOf(pod);
  return ports.some(p => {
    const protocol = asString(at(p, 'protocol')) ?? 'TCP';
    if (protocol !== 'TCP') return false;
    const value = at(p, 'port');
    if (value === undefined) return true;
    const n = asNumber(value);
    const end = asNumber(at(p, 'endPort'));
    if (n !== undefined)
      return targetPorts.some(t =>
        end !== undefined ? t >= n && t <= end : t === n,
      );
    const name = asString(value);
    return named.some(c => c.name === name && targetPorts.includes(c.port));
  });
}

/**
 * Whether a source pod may reach a destination pod on one of the target ports
 * under the destination's NetworkPolicies (ingress side only). `unknown` when
 * only ipBlock peers could admit it (pod IPs are not modelled).
 */
export function ingressVerdict(
  ctx: AnalysisContext,
  destination: KubeObject,
  source: KubeObject,
  targetPorts: readonly number[],
): { verdict: PeerVerdict; policies: KubeObject[] } {
  const policies = networkPoliciesSelecting(ctx, destination).filter(
    isolatesIngress,
  );
  if (policies.length === 0) return { verdict: 'allowed', policies };
  const sourceNs = namespaceOf(source) ?? '';
  const destNs = namespaceOf(destination) ?? '';
  const sourceLabels = labelsOf(source);
  const sourceNsLabels = {
    'kubernetes.io/metadata.name': sourceNs,
    ...labelsOf(ctx.view.namespace(sourceNs)),
  };
  let sawIpBlock = false;
  for (const np of policies) {
    for (const rule of arr(np, 'spec', 'ingress')) {
      if (!portAllowed(rule, destination, targetPorts)) continue;
      const from = arr(rule, 'from');
      if (from.length === 0) return { verdict: 'allowed', policies };
      for (const peer of from) {
        if (rec(peer, 'ipBlock')) {
          sawIpBlock = true;
          continue;
        }
        const nsSel = labelSelectorOf(at(peer, 'namespaceSelector'));
        const podSel = labelSelectorOf(at(peer, 'podSelector'));
        const nsOk = nsSel
          ? matchesLabelSelector(nsSel, sourceNsLabels)
          : sourceNs === destNs;
        const podOk = podSel
          ? matchesLabelSelector(podSel, sourceLabels)
          : true;
        if (nsOk && podOk && (nsSel || podSel))
          return { verdict: 'allowed', policies };
      }
    }
  }
  return { verdict: sawIpBlock ? 'unknown' : 'denied', policies };
}

/** A NetworkPolicy that selects every pod and admits nothing: deny-by-default (seed 003). */
export function isDenyByDefault(np: KubeObject): boolean {
  const podSelector = labelSelectorOf(at(np, 'spec', 'podSelector')) ?? {};
  return (
    isEmptySelector(podSelector) &&
    isolatesIngress(np) &&
    arr(np, 'spec', 'ingress').length === 0
  );
}
