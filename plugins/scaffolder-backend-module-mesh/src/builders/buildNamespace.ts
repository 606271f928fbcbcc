import { managedLabels } from './managedLabels';

/** A core `v1` Namespace; only the fields Meshwise sets. */
export interface NamespaceManifest {
  apiVersion: 'v1';
  kind: 'Namespace';
  // Cluster-scoped: never namespaced.
  metadata: {
    name: string;
    namespace?: undefined;
    labels: Record<string, string>;
  };
}

export type DataPlaneTarget =
  | { mode: 'sidecar'; revision?: string }
  | { mode: 'ambient' };

/** The data-plane labels Istio reads from a namespace, all of which this manifest owns. */
export const DATA_PLANE_LABELS = [
  'istio-injection',
  'istio.io/rev',
  'istio.io/dataplane-mode',
] as const;

/**
 * The Namespace with exactly one data-plane label: `istio.io/rev=<rev>` for a
 * revision (seed 003, canary upgrade; it must not be combined with
 * `istio-injection`, which would win), `istio-injection=enabled` for the
 * default revision, or `istio.io/dataplane-mode=ambient` (seed 004).
 */
export function buildNamespace(
  name: string,
  target: DataPlaneTarget,
): NamespaceManifest {
  let dataPlane: Record<string, string>;
  if (target.mode === 'ambient') {
    dataPlane = { 'istio.io/dataplane-mode': 'ambient' };
  } else if (target.revision) {
    dataPlane = { 'istio.io/rev': target.revision };
  } else {
    dataPlane = { 'istio-injection': 'enabled' };
  }
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...managedLabels, ...dataPlane } },
  };
}
