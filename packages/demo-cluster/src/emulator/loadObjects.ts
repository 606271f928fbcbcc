import { randomUUID } from 'node:crypto';
import { createObject } from './createObject';
import { alreadyExists, badRequest, notFound } from './KubeStatusError';
import { structuredCloneJson } from './mergePatch';
import { normalizeObject, timestamp } from './objectEnvelope';
import { ResourceType } from './resourceTypes';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { KubeObject } from './types';

/**
 * Loads objects as they are (status included), one resourceVersion each. Objects of
 * unknown types are rejected. With `initial`, no events are recorded and every type's
 * history starts after the load (like a watch cache primed from a list): fast for
 * tens of thousands of objects.
 */
export function loadObjects(
  state: StoreState,
  objects: KubeObject[],
  options: { initial?: boolean } = {},
): void {
  const byType = new Map<ResourceType, KubeObject[]>();
  for (const obj of objects) {
    const type = state.typeOf(obj.apiVersion, obj.kind);
    const list = byType.get(type) ?? [];
    list.push(obj);
    byType.set(type, list);
  }
  // Namespaces first, so the namespace check passes for everything else.
  const nsType = state.namespaceBucket.type;
  const ordered = [...byType.entries()].sort(
    ([a], [b]) => Number(b === nsType) - Number(a === nsType),
  );
  for (const [type, list] of ordered) {
    if (!options.initial) {
      for (const obj of list) {
        const ns = type.namespaced
          ? obj.metadata.namespace ?? 'default'
          : undefined;
        createObject(state, type, withoutResourceVersion(obj), ns, {
          keepStatus: true,
        });
      }
      continue;
    }
    const bucket = state.bucket(type);
    const newKeys: string[] = [];
    for (const obj of list) {
      const stored = prepareLoaded(state, type, obj);
      if (bucket.objects.has(stored.key))
        throw alreadyExists(bucket.gr, obj.metadata.name ?? '');
      bucket.objects.set(stored.key, stored);
      newKeys.push(stored.key);
    }
    bucket.keys.insertMany(newKeys);
  }
  if (options.initial) {
    for (const bucket of state.allBuckets())
      bucket.history.reset(state.resourceVersion);
  }
}

/** Unlike a create, keeps what the object already has (uid, timestamps, generation). */
function prepareLoaded(
  state: StoreState,
  type: ResourceType,
  obj: KubeObject,
): StoredObject {
  const meta = { ...obj.metadata } as Record<string, unknown>;
  const name = meta.name as string | undefined;
  if (!name) throw badRequest(`${type.kind} without metadata.name`);
  if (type.namespaced) {
    if (!meta.namespace) meta.namespace = 'default';
    if (!state.namespaceExists(meta.namespace as string)) {
      throw notFound(
        { group: '', resource: 'namespaces' },
        meta.namespace as string,
      );
    }
  } else {
    delete meta.namespace;
  }
  meta.uid = meta.uid ?? randomUUID();
  meta.creationTimestamp = meta.creationTimestamp ?? timestamp(state.now());
  if ('spec' in obj && meta.generation === undefined) meta.generation = 1;
  const rv = state.nextRv();
  meta.resourceVersion = String(rv);
  const key = state.keyOf(type, meta.namespace as string | undefined, name);
  return {
    key,
    obj: normalizeObject(state, type, structuredCloneJson(obj), meta),
    rv,
  };
}

function withoutResourceVersion(obj: KubeObject): KubeObject {
  const { resourceVersion, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}
