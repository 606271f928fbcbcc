/**
 * Marks every generated object so that reviewers and the mesh backend can tell
 * portal-generated configuration from hand-written configuration.
 */
export const managedLabels: Readonly<Record<string, string>> = {
  'app.kubernetes.io/managed-by': 'meshwise',
};
