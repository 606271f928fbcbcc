import { withResourceVersion } from './objectEnvelope';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { TypeBucket } from './TypeBucket';
import { KubeObject } from './types';
import { publishEvent } from './watchObjects';

/**
 * Stores `obj` in place of `current`. Every write to an existing object lands
 * here or in `commitDeleted`, so each takes the next resourceVersion and reaches
 * the history and the watches the same way.
 */
export function commitModified(
  state: StoreState,
  bucket: TypeBucket,
  current: StoredObject,
  obj: KubeObject,
): StoredObject {
  const rv = state.nextRv();
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
  return stored;
}

/** Removes `current`; the DELETED event carries `content` (default: as stored) at the new rv. */
export function commitDeleted(
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
