/**
 * A Kubernetes object as the API server returns it: plain JSON with the usual
 * envelope. Structurally the same shape the emulator accepts, so scenario
 * objects can be handed to it without conversion.
 */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generateName?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  [key: string]: unknown;
}

// A type alias rather than an interface so that it stays assignable to the
// emulator's loosely typed `Record<string, unknown>` owner references.
export type KubeOwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
}

/** Kinds that live outside namespaces; everything else in the scenario is namespaced. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ClusterIssuer',
  'GatewayClass',
]);
