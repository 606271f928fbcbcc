import { KubeObject } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import {
  analyzeWorkload,
  groupWorkloads,
  WorkloadAnalysis,
  WorkloadGroup,
} from '../analyzers/analyzeWorkload';

/**
 * Groups pods into workloads and analyses each; a workload whose analysis
 * fails on malformed input is left out with a recorded error. `known` may
 * answer for a group with an analysis made earlier of the same view.
 */
export function analyzeWorkloads(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
  errors: string[],
  known?: (group: WorkloadGroup) => WorkloadAnalysis | undefined,
): WorkloadAnalysis[] {
  return groupWorkloads(ctx, pods).flatMap(group => {
    const reused = known?.(group);
    if (reused) return [reused];
    try {
      return [analyzeWorkload(ctx, group)];
    } catch (e) {
      errors.push(
        `workload ${group.key.namespace}/${group.key.name}: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return [];
    }
  });
}
