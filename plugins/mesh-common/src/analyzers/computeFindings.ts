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
  workloadId,
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

/**
 * Intermediate results of one `analyzeCluster` run that
 * `computeWorkloadStatus` can reuse instead of recomputing: the analysis of
 * every workload and the findings of every object's check, each kept only
 * when its check recorded no error (a failing check is rerun, so the entity
 * status reports its error the same way). Valid only for the view as it was
 * and the same `now`: `stamp` records both, and a status computed with a
 * different stamp ignores these parts.
 */
export interface ClusterAnalysisParts {
  stamp: string;
  /** By workload id (`namespace/kind/name`): its analysis and the workload checks' findings. */
  workloads: ReadonlyMap<
    string,
    { analysis: WorkloadAnalysis; findings: Finding[] }
  >;
  /** By object (identity): its check's findings (namespaces, gateways, routes, policies, Certificates). */
  objectFindings: ReadonlyMap<KubeObject, Finding[]>;
  /** By ECK object (identity): its analysis (undefined when it is not an ECK resource). */
  eck: ReadonlyMap<
    KubeObject,
    { status: EckResourceStatus; findings: Finding[] } | undefined
  >;
}

/** Identifies the state of the view and the analysis time. */
export function analysisStamp(view: ClusterView, nowMs: number): string {
  return `${nowMs}|${view.version()}`;
}

/** Status of every workload and ECK resource, and every finding, for one cluster. */
export function analyzeCluster(
  view: ClusterView,
  config?: AnalyzerConfig,
): ClusterAnalysis {
  return analyzeClusterWithParts(view, config).analysis;
}

/**
 * `analyzeCluster` plus the intermediate results that per-entity statuses of
 * the same view and time can reuse (`computeWorkloadStatus`'s `reuse`).
 */
export function analyzeClusterWithParts(
  view: ClusterView,
  config?: AnalyzerConfig,
): { analysis: ClusterAnalysis; parts: ClusterAnalysisParts } {
  const ctx = new AnalysisContext(view, config);
  const stamp = analysisStamp(view, ctx.config.nowMs);
  const workloads = new Map<
    string,
    { analysis: WorkloadAnalysis; findings: Finding[] }
  >();
  const objectFindings = new Map<KubeObject, Finding[]>();
  const eckParts = new Map<
    KubeObject,
    { status: EckResourceStatus; findings: Finding[] } | undefined
  >();
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
    const errorCount = errors.length;
    const own = safely(() => workloadFindings(ctx, analysis), errors, what);
    findings.push(...own);
    if (errors.length === errorCount)
      workloads.set(workloadId(group.key), { analysis, findings: own });
  }
  const check = (
    obj: KubeObject,
    fn: (c: AnalysisContext, o: KubeObject) => Finding[],
    what: string,
  ) => {
    const errorCount = errors.length;
    const own = safely(() => fn(ctx, obj), errors, what);
    findings.push(...own);
    if (errors.length === errorCount) objectFindings.set(obj, own);
  };
  for (const ns of view.list(Kinds.Namespace)) {
    check(ns, namespaceFindings, 'namespace');
  }
  const each = (
    kind: (typeof Kinds)[keyof typeof Kinds],
    fn: (c: AnalysisContext, o: KubeObject) => Finding[],
  ) => {
    for (const obj of view.list(kind)) check(obj, fn, kind.kind);
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
      const errorCount = errors.length;
      const result = safely(
        () => {
          const r = analyzeEckResource(ctx, obj);
          return r ? [r] : [];
        },
        errors,
        kind.kind,
      )[0];
      if (errors.length === errorCount) eckParts.set(obj, result);
      if (!result) continue;
      eck.push(result.status);
      findings.push(...result.findings);
    }
  }
  findings.push(
    ...safely(() => controlPlaneFindings(ctx), errors, 'control plane'),
  );
  return {
    analysis: {
      cluster: view.cluster,
      generatedAt: new Date(ctx.config.nowMs).toISOString(),
      workloads: analyses.map(a => a.status),
      eck,
      findings: normalizeFindings(findings),
      degradedKinds: view.kindStates().filter(s => s.status !== 'synced'),
      errors,
    },
    parts: { stamp, workloads, objectFindings, eck: eckParts },
  };
}

/** Every finding for one cluster. */
export function computeFindings(
  view: ClusterView,
  config?: AnalyzerConfig,
): Finding[] {
  return analyzeCluster(view, config).findings;
}
