import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  at,
  labelsOf,
  rec,
  str,
  stringMap,
  strings,
  namespaceOf,
} from '../util/safe';
import { matchesLabelSelector } from '../view/labelSelector';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import {
  registryEntryFor,
  wildcardCoversRegistry,
} from '../analyzers/serviceRegistry';
import { isTerminated } from '../analyzers/pods';
import { describe, listNames } from './findingText';

/**
 * MW806 / IST0174 (UnknownDestinationRuleHost), KIA0202: a DestinationRule
 * whose host is no Service or ServiceEntry host visible to it; its
 * policies apply to nothing. A wildcard host is unknown only when it covers
 * no visible host (istioctl reports every wildcard host, `*.local` too).
 */
export function destinationRuleHostFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Service) || !ctx.isSynced(Kinds.ServiceEntry))
    return [];
  const host = str(dr, 'spec', 'host');
  if (!host) return [];
  const entry = registryEntryFor(
    ctx,
    namespaceOf(dr) ?? '',
    strings(dr, 'spec', 'exportTo'),
    host,
  );
  if (entry) return [];
  // Unlike istioctl: a wildcard host covering visible hosts is in use.
  if (
    wildcardCoversRegistry(
      ctx,
      namespaceOf(dr) ?? '',
      strings(dr, 'spec', 'exportTo'),
      host,
    )
  )
    return [];
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  return [
    ctx.finding({
      code: 'MW806',
      objects: [ref],
      message: `${describe(
        ref,
      )} is for host ${host}, which is no Service or ServiceEntry host visible in namespace ${
        ref.namespace
      }: its traffic policy and subsets apply to nothing.`,
      remediation: `Correct spec.host to an existing Service (name, or name.namespace.svc.${ctx.config.clusterDomain}) or ServiceEntry host, or delete the DestinationRule.`,
    }),
  ];
}

/**
 * The labels the subset selector is matched against: the pod's own, and
 * the node name Istio adds as `kubernetes.io/hostname`. (istioctl also adds
 * locality labels from the pod's Node; Nodes are not watched, so a subset
 * selecting by region or zone is not decided.)
 */
function podLabelsForSubsets(pod: KubeObject): Record<string, string> {
  const node = str(pod, 'spec', 'nodeName');
  return {
    ...labelsOf(pod),
    ...(node ? { 'kubernetes.io/hostname': node } : {}),
  };
}

const LOCALITY_LABELS = [
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
  'topology.istio.io/cluster',
  'topology.istio.io/network',
];

function runningPodLabels(ctx: AnalysisContext): Record<string, string>[] {
  return memoize(ctx.view, 'runningPodLabelsForSubsets', [Kinds.Pod], () =>
    ctx.view
      .list(Kinds.Pod)
      .filter(p => !isTerminated(p))
      .map(podLabelsForSubsets),
  );
}

/**
 * MW807 / IST0173 (DestinationRuleSubsetNotSelectPods), KIA0203: a subset
 * whose labels (together with a ServiceEntry's workload selector) select no
 * pod. Like istioctl, any pod of the cluster counts, and a DestinationRule
 * whose host is unknown is MW806 instead.
 */
export function destinationRuleSubsetFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  const subsets = arr(dr, 'spec', 'subsets');
  if (!subsets.length) return [];
  if (
    !ctx.isSynced(Kinds.Pod) ||
    !ctx.isSynced(Kinds.Service) ||
    !ctx.isSynced(Kinds.ServiceEntry)
  )
    return [];
  const host = str(dr, 'spec', 'host');
  if (!host) return [];
  const entry = registryEntryFor(
    ctx,
    namespaceOf(dr) ?? '',
    strings(dr, 'spec', 'exportTo'),
    host,
  );
  if (!entry) return [];
  const pods = runningPodLabels(ctx);
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  const out: Finding[] = [];
  for (const subset of subsets) {
    const name = str(subset, 'name') ?? '(unnamed)';
    const matchLabels = {
      ...(entry.workloadSelector ?? {}),
      ...stringMap(at(subset, 'labels')),
    };
    if (Object.keys(matchLabels).some(k => LOCALITY_LABELS.includes(k)))
      continue;
    if (pods.some(labels => matchesLabelSelector({ matchLabels }, labels)))
      continue;
    out.push(
      ctx.finding({
        code: 'MW807',
        objects: [ref],
        message: `Subset ${name} of ${describe(ref)} selects no running pod (${
          Object.entries(matchLabels)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || 'no labels'
        }): traffic routed to it gets 503.`,
        remediation: `Correct the labels of subset ${name} to those of the pods of ${host} (kubectl get pods --show-labels), or remove the subset and the routes to it.`,
        detailKey: name,
      }),
    );
  }
  return out;
}

function needsCa(tls: unknown, hasSelector: boolean): string | undefined {
  const mode = str(tls, 'mode');
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (str(tls, 'caCertificates')) return undefined;
  // A gateway's DestinationRule (workloadSelector) may take the CA from its credential.
  if (str(tls, 'credentialName') && hasSelector) return undefined;
  return mode;
}

/**
 * MW808 / IST0128 and IST0129 (NoServerCertificateVerification): TLS
 * origination (SIMPLE or MUTUAL) in the DestinationRule's traffic policy,
 * or one of its port-level settings, without caCertificates: the server's
 * certificate is not verified. As istioctl: the subsets' policies are not
 * read.
 */
export function destinationRuleCaFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  const hasSelector = rec(dr, 'spec', 'workloadSelector') !== undefined;
  const host = str(dr, 'spec', 'host') ?? '(no host)';
  const policy = at(dr, 'spec', 'trafficPolicy');
  const unverified: string[] = [];
  const top = needsCa(at(policy, 'tls'), hasSelector);
  if (top) unverified.push(`${top} for every port`);
  for (const setting of arr(policy, 'portLevelSettings')) {
    const mode = needsCa(at(setting, 'tls'), hasSelector);
    const port = asNumber(at(setting, 'port', 'number'));
    if (mode) unverified.push(`${mode} on port ${port ?? '?'}`);
  }
  if (!unverified.length) return [];
  return [
    ctx.finding({
      code: 'MW808',
      objects: [ref],
      message: `${describe(ref)} originates TLS to ${host} (${listNames(
        unverified,
      )}) without caCertificates: the server's certificate is not verified.`,
      remediation: `Set tls.caCertificates to the CA bundle that signed ${host}'s certificate (with subjectAltNames or sni), so that the proxy verifies the server.`,
    }),
  ];
}
