import type {
  KubeObject as MeshKubeObject,
  ObjectMeta as MeshObjectMeta,
} from '@meshwise/plugin-mesh-common';

/**
 * Object metadata as the Kubernetes API serves it (`metav1.ObjectMeta`): the
 * analyzers' `ObjectMeta` plus the fields only an API server writes, and open to
 * any other field, because the emulator stores whatever clients send.
 */
export type ObjectMeta = MeshObjectMeta & {
  generateName?: string;
  deletionGracePeriodSeconds?: number;
  [key: string]: unknown;
};

/**
 * Any Kubernetes object, built-in kinds and custom resources alike: the analyzers'
 * `KubeObject` with the envelope the API server always sets.
 */
export type KubeObject = MeshKubeObject & {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
};

/** A watch event as it travels on the wire (`metav1.WatchEvent`). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Record<string, unknown>;
}

/** The patch formats the API server accepts on PATCH. */
export type PatchType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json';
