import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { labelsOf, nameOf, namespaceOf, str } from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import {
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_GATEWAY_CLASS,
} from '../analyzers/istioConventions';
import { isTerminated } from '../analyzers/pods';
import { describe, listNames } from './findingText';

/**
 * MW109, the workload form (Kiali's KIA1313 waypointnotfound): pods that
 * carry `istio.io/use-waypoint` naming no waypoint (no Gateway of class
 * istio-waypoint by that name, in `istio.io/use-waypoint-namespace` or the
 * pods' own namespace). The Namespace and Service forms are in
 * ambientChecks.
 */
export function workloadMissingWaypointFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  if (!ctx.isSynced(Kinds.K8sGateway)) return [];
  const labelled = a.group.pods.filter(p => {
    const value = labelsOf(p)[USE_WAYPOINT_LABEL];
    return !!value && value !== 'none' && !isTerminated(p);
  });
  if (!labelled.length) return [];
  // Pods of one template share their labels: the first names the waypoint.
  const labels = labelsOf(labelled[0]);
  const name = labels[USE_WAYPOINT_LABEL];
  const namespace =
    labels[USE_WAYPOINT_NAMESPACE_LABEL] || (namespaceOf(labelled[0]) ?? '');
  const gateway = ctx.view.get(Kinds.K8sGateway, namespace, name);
  const className = str(gateway, 'spec', 'gatewayClassName');
  if (className === WAYPOINT_GATEWAY_CLASS) return [];
  const workload = a.status.workload;
  return [
    ctx.finding({
      code: 'MW109',
      objects: [workload, ...labelled.map(p => ctx.ref(p, Kinds.Pod))],
      message: `${describe(
        workload,
      )} uses waypoint ${namespace}/${name} (${USE_WAYPOINT_LABEL} on pods ${listNames(
        labelled.map(p => nameOf(p) ?? ''),
      )}), ${
        gateway
          ? `but that Gateway is of class ${
              className ?? '(none)'
            }, not ${WAYPOINT_GATEWAY_CLASS}`
          : 'which does not exist'
      }: its L7 policies and routes are not applied.`,
      remediation: `Deploy the waypoint (istioctl waypoint apply -n ${namespace} --name ${name}), or correct or remove the ${USE_WAYPOINT_LABEL} label of the pod template.`,
    }),
  ];
}
