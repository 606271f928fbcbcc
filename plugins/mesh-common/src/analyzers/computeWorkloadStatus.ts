import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject, LabelSelector } from '../types/kube';
import { EckResourceStatus, EntityClusterStatus } from '../types/status';
import { ClusterView } from '../view/ClusterView';
import {
  matchesLabelSelector,
  parseLabelSelector,
} from '../view/labelSelector';
import { WorkloadSelection } from '../workloadSelection';
import { labelsOf, nameOf, namespaceOf, uniq } from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import { AnalyzerConfig } from './AnalyzerConfig';
import {
  WorkloadAnalysis,
  analyzeWorkload,
  groupWorkloads,
  workloadId,
} from './analyzeWorkload';
import { analyzeEckResource, eckResourcesMatching } from './eck';
import { isTerminated } from './pods';
import { applicablePeerAuthentications } from './mtls';
import {
  ClusterAnalysisParts,
  analysisStamp,
  normalizeFindings,
  safely,
} from './computeFindings';
import { workloadFindings } from '../checks/workloadChecks';
import {
  certificateFindings,
  gatewayApiGatewayFindings,
  istioGatewayFindings,
  virtualServiceFindings,
} from '../checks/gatewayChecks';
import {
  authorizationPolicyFindings,
  peerAuthenticationFindings,
  requestAuthenticationFindings,
} from '../checks/policyChecks';
import { namespaceFindings } from '../checks/clusterChecks';

/**
 * Status of one entity's workloads in one cluster, with the findings that
 * concern them: their own checks, their namespaces', and those of the
 * Gateways, routes, Certificates and policies that apply to them. Served
 * from the view's indexes; nothing here walks the whole cluster.
 */
export function computeWorkloadStatus(
  view: ClusterView,
  selection: WorkloadSelection,
  config?: AnalyzerConfig,
  reuse?: ClusterAnalysisParts,
): EntityClusterStatus {
  const ctx = new AnalysisContext(view, config);
  // Parts of another view state or time would be wrong here: ignore them.
  const parts =
    reuse && reuse.stamp === analysisStamp(view, ctx.config.nowMs)
      ? reuse
      : undefined;
  const base = {
    cluster: view.cluster,
    generatedAt: new Date(ctx.config.nowMs).toISOString(),
    degradedKinds: view.kindStates().filter(s => s.status !== 'synced'),
  };
  if (selection.cluster && selection.cluster !== view.cluster) {
    return { ...base, workloads: [], eck: [], findings: [] };
  }
  let selector: LabelSelector;
  try {
    selector = parseLabelSelector(selection.labelSelector);
  } catch (e) {
    return {
      ...base,
      workloads: [],
      eck: [],
      findings: [],
      unknown: {
        reason: 'missingData',
        message: `Invalid label selector "${selection.labelSelector}": ${
          e instanceof Error ? e.message : String(e)
        }`,
      },
    };
  }
  const podsUnknown = ctx.unknownFor(Kinds.Pod);
  const pods = view
    .selectByLabels(Kinds.Pod, selection.namespace, selector)
    .filter(p => !isTerminated(p));
  const errors: string[] = [];
  const findings: Finding[] = [];
  const ownFindings = new Map<WorkloadAnalysis, Finding[]>();
  const analyses = groupWorkloads(ctx, pods).flatMap(g => {
    const known = parts?.workloads.get(workloadId(g.key));
    if (known && samePods(known.analysis.group.pods, g.pods)) {
      ownFindings.set(known.analysis, known.findings);
      return [known.analysis];
    }
    return safely(
      () => [analyzeWorkload(ctx, g)],
      errors,
      `workload ${g.key.name}`,
    );
  });
  const checkObject = (
    obj: KubeObject,
    check: (c: AnalysisContext, o: KubeObject) => Finding[],
    what: string,
  ) =>
    parts?.objectFindings.get(obj) ??
    safely(() => check(ctx, obj), errors, what);

  const namespaces = uniq(analyses.map(a => a.status.namespace));
  const related = new Map<
    string,
    { obj: KubeObject; check: (c: AnalysisContext, o: KubeObject) => Finding[] }
  >();
  const relate = (
    kind: (typeof Kinds)[keyof typeof Kinds],
    namespace: string | undefined,
    name: string | undefined,
    check: (c: AnalysisContext, o: KubeObject) => Finding[],
  ) => {
    if (!name) return;
    const obj = view.get(kind, namespace, name);
    if (obj)
      related.set(`${kind.group}/${kind.kind}/${namespace}/${name}`, {
        obj,
        check,
      });
  };
  for (const a of analyses) {
    findings.push(
      ...(ownFindings.get(a) ??
        safely(() => workloadFindings(ctx, a), errors, 'workload checks')),
    );
    for (const entry of a.status.exposure.entries) {
      if (entry.via === 'istio') {
        relate(
          Kinds.IstioGateway,
          entry.gateway.namespace,
          entry.gateway.name,
          istioGatewayFindings,
        );
        relate(
          Kinds.VirtualService,
          entry.route.namespace,
          entry.route.name,
          virtualServiceFindings,
        );
      } else {
        relate(
          Kinds.K8sGateway,
          entry.gateway.namespace,
          entry.gateway.name,
          gatewayApiGatewayFindings,
        );
      }
      for (const cred of entry.credentials) {
        if (cred.certificate) {
          relate(
            Kinds.Certificate,
            cred.certificate.ref.namespace,
            cred.certificate.ref.name,
            certificateFindings,
          );
        }
      }
    }
    for (const p of a.podAuthorizations) {
      for (const { policy } of p.policies) {
        relate(
          Kinds.AuthorizationPolicy,
          namespaceOf(policy),
          nameOf(policy),
          authorizationPolicyFindings,
        );
      }
      for (const { ra } of p.requestAuthentications) {
        relate(
          Kinds.RequestAuthentication,
          namespaceOf(ra),
          nameOf(ra),
          requestAuthenticationFindings,
        );
      }
    }
    for (const pod of a.group.pods.slice(0, 1)) {
      const pas = applicablePeerAuthentications(
        ctx,
        a.status.namespace,
        labelsOf(pod),
      );
      for (const pa of [pas.mesh, pas.namespace, pas.workload]) {
        if (pa)
          relate(
            Kinds.PeerAuthentication,
            namespaceOf(pa),
            nameOf(pa),
            peerAuthenticationFindings,
          );
      }
    }
  }
  for (const { obj, check } of related.values()) {
    findings.push(...checkObject(obj, check, 'related object'));
  }
  for (const ns of namespaces) {
    const nsObj = view.namespace(ns);
    if (nsObj)
      findings.push(...checkObject(nsObj, namespaceFindings, 'namespace'));
  }

  const eck: EckResourceStatus[] = [];
  const eckObjects = eckResourcesMatching(
    ctx,
    selection.namespace,
    labels => matchesLabelSelector(selector, labels),
    pods,
  );
  for (const obj of eckObjects) {
    const result = parts?.eck.has(obj)
      ? parts.eck.get(obj)
      : safely(
          () => {
            const r = analyzeEckResource(ctx, obj);
            return r ? [r] : [];
          },
          errors,
          'eck',
        )[0];
    if (!result) continue;
    eck.push(result.status);
    findings.push(...result.findings);
  }

  return {
    ...base,
    workloads: analyses.map(a => a.status),
    eck,
    findings: normalizeFindings(findings),
    ...(podsUnknown ? { unknown: podsUnknown } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

/** Whether a cluster-wide workload group holds exactly these pods (a selector may pick only some). */
function samePods(
  known: readonly KubeObject[],
  selected: readonly KubeObject[],
): boolean {
  if (known.length !== selected.length) return false;
  const set = new Set(known);
  return selected.every(p => set.has(p));
}
