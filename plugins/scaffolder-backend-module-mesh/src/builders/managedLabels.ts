/**
 * Marks every generated object so that reviewers and the mesh backend can tell
 * portal-generated configuration from hand-written configuration.
 */
export const managedLabels: Readonly<Record<string, string>> = {
  'app.kubernetes.io/managed-by': 'meshwise',
};

/** The metadata of a generated namespaced object: its name, namespace and the managed-by label. */
export function managedMetadata(input: { name: string; namespace: string }): {
  name: string;
  namespace: string;
  labels: Record<string, string>;
} {
  return {
    name: input.name,
    namespace: input.namespace,
    labels: { ...managedLabels },
  };
}

/** `selector.matchLabels` for the Istio security kinds, or nothing (the whole namespace). */
export function workloadSelector(
  labels: Readonly<Record<string, string>> | undefined,
): { selector?: { matchLabels: Record<string, string> } } {
  return labels ? { selector: { matchLabels: { ...labels } } } : {};
}
