import { KubeStatusError } from './KubeStatusError';
import { isPlainObject } from './mergePatch';
import {
  normalizeObject,
  timestamp,
  withResourceVersion,
} from './objectEnvelope';
import { ResourceType, resourceTypeId } from './resourceTypes';
import { prefixEnd } from './SortedKeys';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { TypeBucket } from './TypeBucket';
import { KubeObject } from './types';
import { publishEvent } from './watchObjects';

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
  if (pre?.uid && pre.uid !== current.obj.metadata.uid) {
    throw new KubeStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resourceTypeId(
        type,
      )} "${name}": Precondition failed: UID in precondition: ${
        pre.uid
      }, UID in object meta: ${current.obj.metadata.uid}`,
      { name, group: type.group || undefined, kind: type.plural },
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(current.rv)) {
    throw new KubeStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resourceTypeId(
        type,
      )} "${name}": Precondition failed: ResourceVersion in precondition: ${
        pre.resourceVersion
      }, ResourceVersion in object meta: ${current.rv}`,
      { name, group: type.group || undefined, kind: type.plural },
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
    const rv = state.nextRv();
    const obj = terminating();
    obj.metadata.resourceVersion = String(rv);
    const stored: StoredObject = { key: current.key, obj, rv };
    bucket.objects.set(current.key, stored);
    publishEvent(bucket, {
      rv,
      type: 'MODIFIED',
      key: current.key,
      stored,
      prev: current,
    });
    return { stored, deleted: false };
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
        if (stored) removeObject(state, other, stored);
      }
    }
    const removed = removeObject(state, bucket, current, terminating());
    return { stored: removed, deleted: true };
  }
  return { stored: removeObject(state, bucket, current), deleted: true };
}

/** Removes `current`; the DELETED event carries `content` (default: as stored) at the new rv. */
export function removeObject(
  state: StoreState,
  bucket: TypeBucket,
  current: StoredObject,
  content: KubeObject = current.obj,
): StoredObject {
  const rv = state.nextRv();
  const stored: StoredObject = {
    key: current.key,
    obj: withResourceVersion(content, rv),
    rv,
  };
  bucket.objects.delete(current.key);
  bucket.keys.remove(current.key);
  publishEvent(bucket, {
    rv,
    type: 'DELETED',
    key: current.key,
    stored,
    prev: current,
  });
  return stored;
}
