/**
 * Annotations of the Backstage Kubernetes plugin that map a catalog entity to
 * its workloads. Meshwise gives them the same meaning as that plugin, so an
 * entity that already shows a Kubernetes tab needs nothing new.
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/** The label the kubernetes plugin matches `backstage.io/kubernetes-id` against. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
