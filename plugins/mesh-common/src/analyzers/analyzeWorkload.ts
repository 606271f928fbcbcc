import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import { PodDataPlaneMode, WorkloadStatus } from '../types/status';
import { nameOf, namespaceOf, uniq } from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import {
  PodAuthorization,
  podAuthorization,
  workloadAuthorization,
} from './authorization';
import { workloadDataPlane } from './dataPlane';
import { workloadExposure } from './exposure';
import { PodMtlsDetail, workloadMtls } from './mtls';
import { podShapeKey, serviceAccountOf, WorkloadKey, workloadOf } from './pods';
import { compareStrings } from '../util/compareStrings';

export interface WorkloadGroup {
  key: WorkloadKey;
  pods: KubeObject[];
}

/** A workload's id within its cluster: `namespace/kind/name`. */
export function workloadId(key: WorkloadKey): string {
  return `${key.namespace}/${key.kind}/${key.name}`;
}

/** Groups pods by the workload (top controller) they belong to, in a stable order. */
export function groupWorkloads(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  for (const pod of pods) {
    const key = workloadOf(ctx.view, pod);
    const id = workloadId(key);
    const group = groups.get(id);
    if (group) group.pods.push(pod);
    else groups.set(id, { key, pods: [pod] });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, g]) => g);
}

/** The status of one workload plus the intermediate results the checks reuse. */
export interface WorkloadAnalysis {
  status: WorkloadStatus;
  group: WorkloadGroup;
  podModes: PodDataPlaneMode[];
  servicesByPod: (pod: KubeObject) => readonly KubeObject[];
  services: KubeObject[];
  mtlsDetails: PodMtlsDetail[];
  podAuthorizations: PodAuthorization[];
}

export function analyzeWorkload(
  ctx: AnalysisContext,
  group: WorkloadGroup,
): WorkloadAnalysis {
  // Pods of one template have the same labels, hence the same Services.
  const servicesCache = new Map<unknown, readonly KubeObject[]>();
  const servicesByPod = (pod: KubeObject) => {
    const key = pod.metadata?.labels ?? pod;
    let s = servicesCache.get(key);
    if (!s) {
      s = ctx.view.servicesSelecting(pod);
      servicesCache.set(key, s);
    }
    return s;
  };
  const pods = group.pods;
  const services = uniq(pods.flatMap(p => servicesByPod(p)));
  const dataPlane = workloadDataPlane(ctx, pods, servicesByPod);
  const podModes = dataPlane.pods.map(p => p.mode);
  const mtls = workloadMtls(ctx, pods, podModes, servicesByPod);
  const byShape = new Map<string, ReturnType<typeof podAuthorization>>();
  const podAuthorizations = pods.map((p, i) => {
    const key = podShapeKey(p, podModes[i]);
    let result = byShape.get(key);
    if (!result) {
      result = podAuthorization(ctx, p, servicesByPod(p), podModes[i]);
      byShape.set(key, result);
    }
    return result;
  });
  const authorization = workloadAuthorization(ctx, podAuthorizations);
  const exposure = workloadExposure(ctx, services);
  const status: WorkloadStatus = {
    workload: {
      cluster: ctx.cluster,
      apiVersion: group.key.apiVersion,
      kind: group.key.kind,
      namespace: group.key.namespace,
      name: group.key.name,
    },
    namespace: group.key.namespace,
    podCount: pods.length,
    serviceAccounts: uniq(pods.map(serviceAccountOf)),
    services: services.map(s => ctx.ref(s, Kinds.Service)),
    dataPlane,
    mtls: mtls.status,
    exposure,
    authorization,
  };
  return {
    status,
    group,
    podModes,
    servicesByPod,
    services,
    mtlsDetails: mtls.details,
    podAuthorizations,
  };
}

export function podLabel(pod: KubeObject): string {
  return `${namespaceOf(pod) ?? ''}/${nameOf(pod) ?? ''}`;
}
