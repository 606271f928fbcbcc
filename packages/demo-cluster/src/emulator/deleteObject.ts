import { commitDeleted, commitModified } from './commitWrite';
import { KubeStatusError } from './KubeStatusError';
import { isPlainObject } from './mergePatch';
import { normalizeObject, timestamp } from './objectEnvelope';
import { ResourceType, resourceTypeId } from './resourceTypes';
import { prefixEnd } from './SortedKeys';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { KubeObject } from './types';

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object as deleted, or with `deletionTimestamp` set when finalizers keep it. */
  stored: StoredObject;
  /** False when finalizers keep the object until they are removed. */
  deleted: boolean;
}

/**
 * Deletes an object. With finalizers it only gets a `deletionTimestamp` (MODIFIED) and
 * goes when the last finalizer is removed. Deleting a namespace deletes its content.
 */
export function deleteObject(
  state: StoreState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): DeleteResult {
  const bucket = state.bucket(type);
  const current = state.get(type, namespace, name);
  const pre = options.preconditions;
  const preconditionFailed = (field: string, wanted: string, actual: unknown) =>
    new KubeStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resourceTypeId(
        type,
      )} "${name}": Precondition failed: ${field} in precondition: ${wanted}, ${field} in object meta: ${actual}`,
      { name, group: type.group || undefined, kind: type.plural },
    );
  if (pre?.uid && pre.uid !== current.obj.metadata.uid)
    throw preconditionFailed('UID', pre.uid, current.obj.metadata.uid);
  if (pre?.resourceVersion && pre.resourceVersion !== String(current.rv)) {
    throw preconditionFailed(
      'ResourceVersion',
      pre.resourceVersion,
      current.rv,
    );
  }
  const finalizers = current.obj.metadata.finalizers;
  const isNamespace = bucket === state.namespaceBucket;
  const terminating = (): KubeObject => {
    const meta = {
      ...current.obj.metadata,
      deletionTimestamp:
        current.obj.metadata.deletionTimestamp ?? timestamp(state.now()),
    } as Record<string, unknown>;
    if (meta.deletionGracePeriodSeconds === undefined)
      meta.deletionGracePeriodSeconds = 0;
    const obj = normalizeObject(state, type, current.obj, meta);
    if (isNamespace)
      obj.status = {
        ...(isPlainObject(obj.status) ? obj.status : {}),
        phase: 'Terminating',
      };
    return obj;
  };
  if (options.dryRun)
    return {
      stored: { ...current, obj: terminating() },
      deleted: !(finalizers && finalizers.length),
    };
  if (finalizers && finalizers.length > 0) {
    if (current.obj.metadata.deletionTimestamp)
      return { stored: current, deleted: false };
    return {
      stored: commitModified(state, bucket, current, terminating()),
      deleted: false,
    };
  }
  if (isNamespace) {
    // The namespace controller's work, done at once: content first, then the namespace.
    for (const other of state.allBuckets()) {
      if (!other.type.namespaced) continue;
      const prefix = `${name}/`;
      const from = other.keys.lowerBound(prefix);
      const end = other.keys.lowerBound(prefixEnd(prefix));
      const doomed: string[] = [];
      for (let k = from; k < end; k++) doomed.push(other.keys.at(k));
      for (const key of doomed) {
        const stored = other.objects.get(key);
        if (stored) commitDeleted(state, other, stored);
      }
    }
    const removed = commitDeleted(state, bucket, current, terminating());
    return { stored: removed, deleted: true };
  }
  return { stored: commitDeleted(state, bucket, current), deleted: true };
}
