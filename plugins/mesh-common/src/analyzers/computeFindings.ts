import { Kinds } from '../kinds';
import { Finding, Severity } from '../types/findings';
import { KubeObject } from '../types/kube';
import { EckResourceStatus, WorkloadStatus } from '../types/status';
import { ClusterView, KindSyncState } from '../view/ClusterView';
import { AnalysisContext } from './AnalysisContext';
import { AnalyzerConfig } from './AnalyzerConfig';
import {
  analyzeWorkload,
  groupWorkloads,
  WorkloadAnalysis,
} from './analyzeWorkload';
import { analyzeEckResource, ECK_RESOURCE_KINDS } from './eck';
import { isTerminated } from './pods';
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
import {
  controlPlaneFindings,
  namespaceFindings,
} from '../checks/clusterChecks';
import { compareStrings } from '../util/compareStrings';

const SEVERITY_ORDER: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** Removes duplicates (same id) and orders by severity, code, then id. */
export function normalizeFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.id, b.id),
  );
}

/**
 * Runs a check and turns a crash on malformed input into no results (plus a
 * recorded error) rather than a failed request for the whole cluster.
 */
export function safely<T>(
  fn: () => T[],
  errors?: string[],
  what?: string,
): T[] {
  try {
    return fn();
  } catch (e) {
    errors?.push(
      `${what ?? 'check'}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return [];
  }
}

export interface ClusterAnalysis {
  cluster: string;
  generatedAt: string;
  workloads: WorkloadStatus[];
  eck: EckResourceStatus[];
  findings: Finding[];
  degradedKinds: KindSyncState[];
  /** Checks that failed on unexpected input (should stay empty; reported, never thrown). */
  errors: string[];
}

/** Status of every workload and ECK resource, and every finding, for one cluster. */
export function analyzeCluster(
  view: ClusterView,
  config?: AnalyzerConfig,
): ClusterAnalysis {
  const ctx = new AnalysisContext(view, config);
  const findings: Finding[] = [];
  const errors: string[] = [];
  const pods = view.list(Kinds.Pod).filter(p => !isTerminated(p));
  const analyses: WorkloadAnalysis[] = [];
  for (const group of groupWorkloads(ctx, pods)) {
    const what = `workload ${group.key.namespace}/${group.key.name}`;
    const analysis = safely(
      () => [analyzeWorkload(ctx, group)],
      errors,
      what,
    )[0];
    if (!analysis) continue;
    analyses.push(analysis);
    findings.push(
      ...safely(() => workloadFindings(ctx, analysis), errors, what),
    );
  }
  for (const ns of view.list(Kinds.Namespace)) {
    findings.push(
      ...safely(() => namespaceFindings(ctx, ns), errors, 'namespace'),
    );
  }
  const each = (
    kind: (typeof Kinds)[keyof typeof Kinds],
    check: (c: AnalysisContext, o: KubeObject) => Finding[],
  ) => {
    for (const obj of view.list(kind)) {
      findings.push(...safely(() => check(ctx, obj), errors, kind.kind));
    }
  };
  each(Kinds.IstioGateway, istioGatewayFindings);
  each(Kinds.K8sGateway, gatewayApiGatewayFindings);
  each(Kinds.VirtualService, virtualServiceFindings);
  each(Kinds.Certificate, certificateFindings);
  each(Kinds.AuthorizationPolicy, authorizationPolicyFindings);
  each(Kinds.RequestAuthentication, requestAuthenticationFindings);
  each(Kinds.PeerAuthentication, peerAuthenticationFindings);
  const eck: EckResourceStatus[] = [];
  for (const kind of ECK_RESOURCE_KINDS) {
    for (const obj of view.list(kind)) {
      const result = safely(
        () => {
          const r = analyzeEckResource(ctx, obj);
          return r ? [r] : [];
        },
        errors,
        kind.kind,
      )[0];
      if (!result) continue;
      eck.push(result.status);
      findings.push(...result.findings);
    }
  }
  findings.push(
    ...safely(() => controlPlaneFindings(ctx), errors, 'control plane'),
  );
  return {
    cluster: view.cluster,
    generatedAt: new Date(ctx.config.nowMs).toISOString(),
    workloads: analyses.map(a => a.status),
    eck,
    findings: normalizeFindings(findings),
    degradedKinds: view.kindStates().filter(s => s.status !== 'synced'),
    errors,
  };
}

/** Every finding for one cluster. */
export function computeFindings(
  view: ClusterView,
  config?: AnalyzerConfig,
): Finding[] {
  return analyzeCluster(view, config).findings;
}
