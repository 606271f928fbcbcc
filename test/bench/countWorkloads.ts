import type { KubeObject } from '@meshwise/demo-cluster';

type OwnerReference = { uid?: unknown; controller?: unknown };

/**
 * How many workloads a cluster holds: the distinct top-level controllers of
 * its running pods (ReplicaSet → Deployment followed), a bare pod counting
 * as its own workload. Computed from the objects themselves, independently
 * of the analyzers, so the benchmark can tell when the backend's first
 * analysis has seen the whole cluster.
 */
export function countWorkloads(objects: readonly KubeObject[]): number {
  const byUid = new Map<string, KubeObject>();
  for (const obj of objects) {
    if (typeof obj.metadata.uid === 'string') byUid.set(obj.metadata.uid, obj);
  }
  const controllerOf = (obj: KubeObject): KubeObject | undefined => {
    const refs = (obj.metadata.ownerReferences ?? []) as OwnerReference[];
    const ref = refs.find(r => r.controller === true) ?? refs[0];
    return typeof ref?.uid === 'string' ? byUid.get(ref.uid) : undefined;
  };
  const roots = new Set<string>();
  for (const pod of objects) {
    if (pod.kind !== 'Pod') continue;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    let root = pod;
    for (let owner = controllerOf(root); owner; owner = controllerOf(root)) {
      root = owner;
    }
    roots.add(`${root.kind}/${root.metadata.namespace}/${root.metadata.name}`);
  }
  return roots.size;
}
