import { badRequest } from './KubeStatusError';
import { isPlainObject } from './mergePatch';
import { groupVersionOf, ResourceType } from './resourceTypes';
import { StoreState } from './StoreState';
import { KubeObject } from './types';

/** Server-side metadata fields, in the order the real server writes them. */
const METADATA_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** A Kubernetes timestamp: RFC 3339 in UTC with whole seconds. */
export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function orderedMetadata(
  meta: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of METADATA_ORDER)
    if (meta[key] !== undefined) out[key] = meta[key];
  for (const [key, value] of Object.entries(meta)) {
    if (value !== undefined && !(key in out)) out[key] = value;
  }
  return out;
}

/** `obj` stamped with another resourceVersion, as DELETED events carry it. */
export function withResourceVersion(obj: KubeObject, rv: number): KubeObject {
  return {
    ...obj,
    metadata: orderedMetadata({
      ...obj.metadata,
      resourceVersion: String(rv),
    }),
  } as KubeObject;
}

/** The object as stored: at the type's preferred version, metadata in server order. */
export function normalizeObject(
  state: StoreState,
  type: ResourceType,
  obj: Record<string, unknown>,
  metadata: Record<string, unknown>,
): KubeObject {
  const { apiVersion, kind, metadata: _ignored, ...rest } = obj;
  if (
    type === state.namespaceBucket.type &&
    typeof metadata.name === 'string'
  ) {
    // The real server stamps every Namespace with this label (NetworkPolicies select on it).
    metadata.labels = {
      ...(isPlainObject(metadata.labels) ? metadata.labels : {}),
      'kubernetes.io/metadata.name': metadata.name,
    };
  }
  return {
    apiVersion: groupVersionOf(type.group, type.versions[0]),
    kind: type.kind,
    metadata: orderedMetadata(metadata),
    ...rest,
  } as KubeObject;
}

/** A body may leave out apiVersion and kind, but not name other ones than the URL's. */
export function checkKind(
  type: ResourceType,
  obj: Record<string, unknown>,
): void {
  if (obj.kind !== undefined && obj.kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${String(
        obj.kind,
      )}) does not match the expected kind (${type.kind})`,
    );
  }
  if (obj.apiVersion !== undefined) {
    const ok = type.versions.some(
      v => groupVersionOf(type.group, v) === obj.apiVersion,
    );
    if (!ok) {
      throw badRequest(
        `the API version in the data (${String(
          obj.apiVersion,
        )}) does not match the expected API version (${groupVersionOf(
          type.group,
          type.versions[0],
        )})`,
      );
    }
  }
}
