import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './annotations';

/** The minimal shape of a catalog entity this module reads. */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string> };
}

/**
 * Which workloads a catalog entity stands for, with the meaning the Backstage
 * Kubernetes plugin gives its annotations: the label selector (an explicit
 * `kubernetes-label-selector` wins over `kubernetes-id`), optionally narrowed
 * to one namespace and one cluster. Without a namespace the service may span
 * every namespace (and without a cluster, every cluster).
 */
export interface WorkloadSelection {
  labelSelector: string;
  namespace?: string;
  cluster?: string;
}

/** The entity's workload selection, or undefined when it has no Kubernetes annotations. */
export function workloadSelectionForEntity(
  entity: AnnotatedEntity,
): WorkloadSelection | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const explicitSelector =
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim();
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  const labelSelector =
    explicitSelector || (id ? `${KUBERNETES_ID_LABEL}=${id}` : undefined);
  if (!labelSelector) {
    return undefined;
  }
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
  const cluster = annotations[KUBERNETES_CLUSTER_ANNOTATION]?.trim();
  return {
    labelSelector,
    ...(namespace ? { namespace } : {}),
    ...(cluster ? { cluster } : {}),
  };
}
