import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import { at, labelsOf, namespaceOf, stringMap } from '../util/safe';
import { isLabelSubset } from '../view/labelSelector';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { describe, listNames } from './findingText';

/** The label Gateway API controllers, Istio's included, put on a gateway's pods. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * MW330 / IST0166, as istioctl's k8sgateway.SelectorAnalyzer: an
 * AuthorizationPolicy, RequestAuthentication or Telemetry that selects the
 * pods of a Gateway API gateway in its namespace by `selector`, which has
 * no effect on such gateways: they take policies through `targetRef`. A policy with a targetRef, or
 * without a selector, is left alone; an empty matchLabels selects every
 * gateway pod of the namespace, as there. Undecided while pods cannot be
 * read.
 */
export function gatewayPodSelectorFindings(
  ctx: AnalysisContext,
  policy: KubeObject,
  kind: KindRef,
): Finding[] {
  const spec = at(policy, 'spec');
  const targetRef = at(spec, 'targetRef');
  if (targetRef !== undefined && targetRef !== null) return [];
  const selector = at(spec, 'selector');
  if (selector === undefined || selector === null) return [];
  if (!ctx.isSynced(Kinds.Pod)) return [];
  const matchLabels = stringMap(at(selector, 'matchLabels'));
  const namespace = namespaceOf(policy) ?? '';
  const gateways = new Set<string>();
  for (const pod of ctx.view.list(Kinds.Pod, namespace)) {
    const labels = labelsOf(pod);
    const gateway = labels[GATEWAY_NAME_LABEL];
    if (gateway !== undefined && isLabelSubset(matchLabels, labels))
      gateways.add(gateway);
  }
  if (!gateways.size) return [];
  const ref = ctx.ref(policy, kind);
  const names = [...gateways].sort();
  return [
    ctx.finding({
      code: 'MW330',
      objects: [ref],
      message: `${describe(
        ref,
      )} selects the pods of Gateway API gateway ${listNames(
        names,
      )} with spec.selector, which has no effect on Gateway API gateways: Istio attaches policies to them through targetRef.`,
      remediation: `Replace spec.selector with spec.targetRef: { group: gateway.networking.k8s.io, kind: Gateway, name: ${names[0]} }.`,
    }),
  ];
}
