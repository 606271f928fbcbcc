/**
 * The loose shape of any Kubernetes object as it arrives from a list or watch.
 * Analyzers never trust these fields: every read goes through the accessors in
 * `util/safe.ts`, because objects may be partial (stripped, forbidden fields,
 * older API versions) or simply malformed.
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  finalizers?: string[];
}

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/**
 * A kind, identified by API group and kind name. Versions are deliberately not
 * part of the identity: `networking.istio.io/v1` and `/v1beta1` Gateways are
 * the same objects served twice, and analyzers read fields common to both.
 */
export interface KindRef {
  /** API group; `''` for the core group (Pod, Service, Namespace, ...). */
  group: string;
  kind: string;
}

/** An object involved in a status or finding, addressable across clusters. */
export interface ObjectRef {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}
