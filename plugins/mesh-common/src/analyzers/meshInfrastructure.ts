import { KubeObject } from '../types/kube';
import { annotationsOf, arr, labelsOf, str, strings } from '../util/safe';
import { GATEWAY_NAME_LABEL, PROXY_CONTAINER } from './istioConventions';

/** The injection template annotation Istio's gateway and waypoint deployments carry. */
const INJECT_TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/**
 * Whether a pod is part of the mesh itself rather than a workload in it: an
 * Istio ingress or egress gateway (its proxy runs as `router`, it is
 * injected with the gateway template, or the proxy is its only container),
 * a Gateway API gateway or waypoint
 * (labelled with its Gateway's name). Such pods are the mesh's
 * infrastructure: advice meant for application workloads (cover it with an
 * AuthorizationPolicy, MW401) does not apply to them. ztunnel's pods are not
 * workloads at all and never get here.
 */
export function isMeshInfrastructurePod(pod: KubeObject): boolean {
  if (labelsOf(pod)[GATEWAY_NAME_LABEL]) return true;
  const templates = annotationsOf(pod)[INJECT_TEMPLATES_ANNOTATION] ?? '';
  if (/\b(gateway|waypoint)\b/.test(templates)) return true;
  const containers = arr(pod, 'spec', 'containers');
  // A pod that is nothing but the proxy is a gateway: an application pod
  // has its own container beside the sidecar.
  if (containers.length === 1 && str(containers[0], 'name') === PROXY_CONTAINER)
    return true;
  return containers.some(
    c =>
      str(c, 'name') === PROXY_CONTAINER &&
      strings(c, 'args').includes('router'),
  );
}
