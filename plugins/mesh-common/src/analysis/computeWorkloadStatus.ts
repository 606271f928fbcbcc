import { Kinds, kindOfObject } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject, LabelSelector } from '../types/kube';
import { EckResourceStatus, EntityClusterStatus } from '../types/status';
import { ClusterView } from '../view/ClusterView';
import {
  matchesLabelSelector,
  parseLabelSelector,
} from '../view/labelSelector';
import { WorkloadSelection } from '../workloadSelection';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { WorkloadAnalysis, workloadId } from '../analyzers/analyzeWorkload';
import { isTerminated } from '../analyzers/pods';
import { ECK_RESOURCE_KINDS } from '../analyzers/eck';
import { CHECKS, EntityScope } from '../checks/checkTable';
import {
  ClusterAnalysisParts,
  EckResult,
  analysisStamp,
} from './analyzeCluster';
import { analyzeWorkloads } from './analyzeWorkloads';
import { normalizeFindings } from './findingList';
import { runCheck, runWorkloadChecks } from './runCheck';
import { withheldReads } from './withheldReads';

/**
 * Status of one entity's workloads in one cluster, with the findings that
 * concern them: every workload row of the check table over its workloads,
 * and every object row over the objects that row says concern them (their
 * namespaces, Gateways, routes, Certificates, policies, ECK resources).
 * Served from the view's indexes; nothing here walks the whole cluster.
 * `reuse`, the parts of an analysis of the same view and time, saves
 * recomputing what it already holds.
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
  const knownFindings = new Map<WorkloadAnalysis, Finding[]>();
  const workloads = analyzeWorkloads(ctx, pods, errors, group => {
    const known = parts?.workloads.get(workloadId(group.key));
    if (!known || !samePods(known.analysis.group.pods, group.pods))
      return undefined;
    knownFindings.set(known.analysis, known.findings);
    return known.analysis;
  });
  for (const analysis of workloads) {
    findings.push(
      ...(knownFindings.get(analysis) ??
        runWorkloadChecks(ctx, analysis, errors).findings),
    );
  }

  const entity: EntityScope = {
    workloads,
    ...(selection.namespace ? { namespace: selection.namespace } : {}),
    pods,
    matches: labels => matchesLabelSelector(selector, labels),
  };
  const eck: EckResourceStatus[] = [];
  for (const row of CHECKS) {
    if (row.scope === 'object') {
      // As in the fleet analysis: nothing from a kind that is not current.
      if (withheldReads(view, [row.kind])) continue;
      const known = parts?.objects.get(row);
      for (const obj of new Set(row.concerning(ctx, entity))) {
        findings.push(
          ...(known?.get(obj) ??
            runCheck(row, row.kind.kind, errors, () => row.check(ctx, obj)) ??
            []),
        );
      }
    } else if (row.scope === 'eckResource') {
      const known = parts?.eck.get(row);
      for (const obj of new Set(row.concerning(ctx, entity))) {
        const kind = kindOfObject(obj);
        if (kind && withheldReads(view, [kind])) continue;
        let result: EckResult | undefined;
        if (known?.has(obj)) result = known.get(obj);
        else
          runCheck(row, 'ECK resource', errors, () => {
            result = row.analyze(ctx, obj);
            return result?.findings ?? [];
          });
        if (!result) continue;
        eck.push(result.status);
        findings.push(...result.findings);
      }
    }
  }

  // No ECK resource is an answer only when every ECK kind could be read.
  const eckUnknown = eck.length
    ? undefined
    : ctx.unknownFor(...ECK_RESOURCE_KINDS);
  return {
    ...base,
    workloads: workloads.map(a => a.status),
    eck,
    ...(eckUnknown ? { eckUnknown } : {}),
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
