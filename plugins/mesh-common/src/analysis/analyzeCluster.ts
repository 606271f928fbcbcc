import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import { EckResourceStatus, WorkloadStatus } from '../types/status';
import { KindSyncState } from '../types/sync';
import { ClusterView } from '../view/ClusterView';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { WorkloadAnalysis, workloadId } from '../analyzers/analyzeWorkload';
import { isTerminated } from '../analyzers/pods';
import { CHECKS, CheckRow } from '../checks/checkTable';
import { analyzeWorkloads } from './analyzeWorkloads';
import { normalizeFindings } from './findingList';
import { runCheck, runWorkloadChecks } from './runCheck';
import { WithheldCheck, withheldReads } from './withheldReads';

export interface ClusterAnalysis {
  cluster: string;
  generatedAt: string;
  workloads: WorkloadStatus[];
  eck: EckResourceStatus[];
  findings: Finding[];
  degradedKinds: KindSyncState[];
  /**
   * Checks whose findings are withheld because a kind they are about (or,
   * for cluster-wide checks, read) is stale, forbidden or not read yet: no
   * finding is served from data that may no longer be true.
   */
  withheld: WithheldCheck[];
  /** Checks that failed on unexpected input (should stay empty; reported, never thrown). */
  errors: string[];
}

/** An ECK resource's status and findings as its row computed them. */
export type EckResult = { status: EckResourceStatus; findings: Finding[] };

/**
 * Intermediate results of one `analyzeClusterWithParts` run that
 * `computeWorkloadStatus` reuses instead of recomputing: every workload's
 * analysis and findings, and every row's findings per object, each kept only
 * when its check recorded no error (a failing check is rerun, so the entity
 * status reports its error the same way). Valid only for the view as it was
 * and the same `now`: `stamp` records both, and a status computed with a
 * different stamp ignores these parts.
 */
export interface ClusterAnalysisParts {
  stamp: string;
  /** By workload id (`namespace/kind/name`): its analysis and the workload rows' findings. */
  workloads: ReadonlyMap<
    string,
    { analysis: WorkloadAnalysis; findings: Finding[] }
  >;
  /** Per object row, by object (identity): the row's findings. */
  objects: ReadonlyMap<CheckRow, ReadonlyMap<KubeObject, Finding[]>>;
  /** Per ECK row, by object (identity): its result (undefined for an object that is not an ECK resource). */
  eck: ReadonlyMap<CheckRow, ReadonlyMap<KubeObject, EckResult | undefined>>;
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

/** Every finding for one cluster. */
export function computeFindings(
  view: ClusterView,
  config?: AnalyzerConfig,
): Finding[] {
  return analyzeCluster(view, config).findings;
}

/**
 * `analyzeCluster` plus the intermediate results that per-entity statuses of
 * the same view and time can reuse (`computeWorkloadStatus`'s `reuse`):
 * every row of the check table over the whole cluster.
 */
export function analyzeClusterWithParts(
  view: ClusterView,
  config?: AnalyzerConfig,
): { analysis: ClusterAnalysis; parts: ClusterAnalysisParts } {
  const ctx = new AnalysisContext(view, config);
  const findings: Finding[] = [];
  const errors: string[] = [];
  const pods = view.list(Kinds.Pod).filter(p => !isTerminated(p));
  const analyses = analyzeWorkloads(ctx, pods, errors);

  const workloads = new Map<
    string,
    { analysis: WorkloadAnalysis; findings: Finding[] }
  >();
  const objects = new Map<CheckRow, Map<KubeObject, Finding[]>>();
  const eckResults = new Map<
    CheckRow,
    Map<KubeObject, EckResult | undefined>
  >();
  const eck: EckResourceStatus[] = [];
  const withheld: WithheldCheck[] = [];
  for (const row of CHECKS) {
    const unknown = withheldReads(view, kindsWithheldOn(row));
    if (unknown) {
      withheld.push({ check: row.name, unknown });
      continue;
    }
    if (row.scope === 'object') {
      const byObject = new Map<KubeObject, Finding[]>();
      objects.set(row, byObject);
      for (const obj of view.list(row.kind)) {
        const own = runCheck(row, row.kind.kind, errors, () =>
          row.check(ctx, obj),
        );
        if (!own) continue;
        findings.push(...own);
        byObject.set(obj, own);
      }
    } else if (row.scope === 'eckResource') {
      const byObject = new Map<KubeObject, EckResult | undefined>();
      eckResults.set(row, byObject);
      for (const kind of row.kinds) {
        const kindUnknown = withheldReads(view, [kind]);
        if (kindUnknown) {
          withheld.push({
            check: `${row.name} (${kind.kind})`,
            unknown: kindUnknown,
          });
          continue;
        }
        for (const obj of view.list(kind)) {
          let result: EckResult | undefined;
          const own = runCheck(row, kind.kind, errors, () => {
            result = row.analyze(ctx, obj);
            return result?.findings ?? [];
          });
          if (!own) continue;
          byObject.set(obj, result);
          if (!result) continue;
          eck.push(result.status);
          findings.push(...own);
        }
      }
    } else if (row.scope === 'cluster') {
      findings.push(
        ...(runCheck(row, 'the cluster', errors, () => row.check(ctx)) ?? []),
      );
    }
  }
  for (const analysis of analyses) {
    const own = runWorkloadChecks(ctx, analysis, errors);
    findings.push(...own.findings);
    if (own.complete)
      workloads.set(workloadId(analysis.group.key), {
        analysis,
        findings: own.findings,
      });
  }

  return {
    analysis: {
      cluster: view.cluster,
      generatedAt: new Date(ctx.config.nowMs).toISOString(),
      workloads: analyses.map(a => a.status),
      eck,
      findings: normalizeFindings(findings),
      degradedKinds: view.kindStates().filter(s => s.status !== 'synced'),
      withheld,
      errors,
    },
    parts: {
      stamp: analysisStamp(view, ctx.config.nowMs),
      workloads,
      objects,
      eck: eckResults,
    },
  };
}

/**
 * The kinds whose state decides whether a row's findings can be served: the
 * kind an object row is about, everything a cluster row reads. ECK rows are
 * decided per kind as they run; workload rows need their pods (`runCheck`)
 * and mark what else they read as unknown value by value.
 */
function kindsWithheldOn(row: CheckRow): readonly KindRef[] {
  if (row.scope === 'object') return [row.kind];
  if (row.scope === 'cluster') return row.reads;
  return [];
}
