import { WorkloadSelection } from '@meshwise/plugin-mesh-common';

/** Identifies a workload selection (an entity's annotations, which may change). */
export function selectionKey(selection: WorkloadSelection): string {
  return [
    selection.cluster ?? '',
    selection.namespace ?? '',
    selection.labelSelector,
  ].join('\u0000');
}
