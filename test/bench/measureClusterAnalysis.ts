import { performance } from 'perf_hooks';
import { generateScenario } from '@meshwise/demo-cluster';
import {
  InMemoryClusterView,
  WATCHED_KINDS,
  WorkloadSelection,
  analyzeCluster,
  computeWorkloadStatus,
  summarizeCluster,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { median } from './latencyStats';

export interface ClusterAnalysisFigures {
  services: number;
  pods: number;
  objects: number;
  workloads: number;
  findings: number;
  /** Checks that threw (should be 0). */
  errors: number;
  /** `analyzeCluster` + `summarizeCluster` (what the backend does per cluster), ms. */
  firstMs: number;
  medianMs: number;
  /** `analyzeCluster` alone (every finding), ms. */
  findingsFirstMs: number;
  findingsMedianMs: number;
  /**
   * `computeWorkloadStatus` for every catalog service, as the backend's
   * fleet snapshot does per cluster on top of the analysis (median run), ms.
   */
  serviceStatusesMs: number;
  /** The same per service: the compute part of one entity status, ms. */
  perServiceStatusMs: number;
}

/**
 * The whole-cluster analysis, in this process, on a generated cluster of
 * `services` services (10 pods each by default) held in an
 * `InMemoryClusterView`: the first run (cold: no JIT, no caches) and the
 * median of the others. Only the analysis is timed, not building the view.
 */
export function measureClusterAnalysis(options: {
  services: number;
  podsPerService: number;
  runs: number;
}): ClusterAnalysisFigures {
  const scenario = generateScenario({
    clusterName: 'analysis',
    services: options.services,
    podsPerService: options.podsPerService,
    seed: 11,
  });
  const view = InMemoryClusterView.fromObjects('analysis', scenario.objects, {
    syncedKinds: WATCHED_KINDS,
  });
  const selections = scenario.entities.flatMap(entity => {
    const selection =
      entity.kind === 'Component'
        ? workloadSelectionForEntity(entity)
        : undefined;
    return selection ? [selection] : [];
  });
  const total: number[] = [];
  const findingsOnly: number[] = [];
  const statuses: number[] = [];
  let last: ReturnType<typeof analyzeCluster> | undefined;
  for (let run = 0; run < Math.max(1, options.runs); run++) {
    const started = performance.now();
    last = analyzeCluster(view);
    const analysed = performance.now();
    summarizeCluster(view, last);
    const summarised = performance.now();
    findingsOnly.push(analysed - started);
    total.push(summarised - started);
    statuses.push(timeStatuses(view, selections));
  }
  const serviceStatusesMs = median(statuses);
  return {
    services: options.services,
    pods: scenario.objects.filter(o => o.kind === 'Pod').length,
    objects: scenario.objects.length,
    workloads: last!.workloads.length,
    findings: last!.findings.length,
    errors: last!.errors.length,
    firstMs: total[0],
    medianMs: median(total.length > 1 ? total.slice(1) : total),
    findingsFirstMs: findingsOnly[0],
    findingsMedianMs: median(
      findingsOnly.length > 1 ? findingsOnly.slice(1) : findingsOnly,
    ),
    serviceStatusesMs,
    perServiceStatusMs: serviceStatusesMs / Math.max(1, selections.length),
  };
}

function timeStatuses(
  view: InMemoryClusterView,
  selections: readonly WorkloadSelection[],
): number {
  const started = performance.now();
  for (const selection of selections) computeWorkloadStatus(view, selection);
  return performance.now() - started;
}
