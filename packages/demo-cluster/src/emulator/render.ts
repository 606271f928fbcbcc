import { ListResult } from './listObjects';
import { StoredObject } from './StoredObject';
import { groupVersionOf, ResourceType } from './resourceTypes';
import { KubeObject } from './types';

/** The object as served at `version` (all versions of a type serve the same fields). */
export function objectAt(
  type: ResourceType,
  stored: StoredObject,
  version: string,
): KubeObject {
  const gv = groupVersionOf(type.group, version);
  return stored.obj.apiVersion === gv
    ? stored.obj
    : { ...stored.obj, apiVersion: gv };
}

/** JSON of the whole object (with apiVersion and kind), cached for the storage version. */
export function objectJson(
  type: ResourceType,
  stored: StoredObject,
  version: string,
): string {
  if (version !== type.versions[0])
    return JSON.stringify(objectAt(type, stored, version));
  if (stored.json === undefined) stored.json = JSON.stringify(stored.obj);
  return stored.json;
}

/**
 * JSON of a list item: the real server leaves apiVersion and kind out of the items of
 * built-in lists (they are typed Go slices) but keeps them in custom-resource lists.
 */
export function itemJson(
  type: ResourceType,
  stored: StoredObject,
  version: string,
): string {
  if (type.crd) return objectJson(type, stored, version);
  if (stored.itemJson === undefined) {
    const { apiVersion, kind, ...rest } = stored.obj;
    stored.itemJson = JSON.stringify(rest);
  }
  return stored.itemJson;
}

export function listMetadata(result: ListResult): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    resourceVersion: String(result.resourceVersion),
  };
  if (result.continue) meta.continue = result.continue;
  if (result.remainingItemCount !== undefined)
    meta.remainingItemCount = result.remainingItemCount;
  return meta;
}

/** The list response body, assembled from cached item JSON. */
export function listJson(
  type: ResourceType,
  version: string,
  result: ListResult,
): string {
  const head = JSON.stringify({
    kind: `${type.kind}List`,
    apiVersion: groupVersionOf(type.group, version),
    metadata: listMetadata(result),
  });
  const items = result.items.map(s => itemJson(type, s, version)).join(',');
  return `${head.slice(0, -1)},"items":[${items}]}`;
}
