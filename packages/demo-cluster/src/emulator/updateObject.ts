import { commitDeleted, commitModified } from './commitWrite';
import { applyJsonPatch, JsonPatchError } from './jsonPatch';
import {
  badRequest,
  conflict,
  unprocessable,
  unsupportedMediaType,
} from './KubeStatusError';
import {
  applyMergePatch,
  isPlainObject,
  jsonEqual,
  structuredCloneJson,
} from './mergePatch';
import { checkKind, normalizeObject } from './objectEnvelope';
import { ResourceType } from './resourceTypes';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { applyStrategicMergePatch } from './strategicMergePatch';
import { TypeBucket } from './TypeBucket';
import { KubeObject, PatchType } from './types';

export interface WriteOptions {
  dryRun?: boolean;
  /** Write the `status` subresource: only `status` of the input is taken. */
  subresource?: 'status';
}

/**
 * Replaces an object (PUT), or its status with `subresource: 'status'`. A stale
 * `metadata.resourceVersion` is a 409 Conflict; none means an unconditional update.
 * Nothing changed → same object, same resourceVersion, no event.
 */
export function updateObject(
  state: StoreState,
  type: ResourceType,
  input: KubeObject | Record<string, unknown>,
  namespace: string | undefined,
  name: string,
  options: WriteOptions = {},
): StoredObject {
  const bucket = state.bucket(type);
  if (!isPlainObject(input))
    throw badRequest('the request body must be a JSON object');
  checkKind(type, input);
  const current = state.get(type, namespace, name);
  const meta = isPlainObject(input.metadata) ? input.metadata : {};
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(
      `the name of the object (${String(
        meta.name,
      )}) does not match the name on the URL (${name})`,
    );
  }
  if (
    type.namespaced &&
    meta.namespace !== undefined &&
    meta.namespace !== '' &&
    meta.namespace !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const rvText = meta.resourceVersion;
  if (rvText !== undefined && rvText !== '' && rvText !== String(current.rv)) {
    throw conflict(bucket.gr, name);
  }
  return replaceObject(state, bucket, current, input, options);
}

/**
 * Patches an object (PATCH) with a merge patch, JSON patch or (for built-in kinds) the
 * strategic-merge approximation. Custom resources refuse strategic merge (415), as
 * the real server does. A `metadata.resourceVersion` in the patch is a precondition.
 */
export function patchObject(
  state: StoreState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  patch: unknown,
  patchType: PatchType | string,
  options: WriteOptions = {},
): StoredObject {
  const bucket = state.bucket(type);
  const current = state.get(type, namespace, name);
  const accepted = type.crd
    ? [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]
    : [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ];
  let patched: unknown;
  try {
    switch (patchType) {
      case 'application/merge-patch+json':
        if (!isPlainObject(patch))
          throw badRequest('a merge patch must be a JSON object');
        patched = applyMergePatch(current.obj, patch);
        break;
      case 'application/json-patch+json':
        patched = applyJsonPatch(current.obj, patch);
        break;
      case 'application/strategic-merge-patch+json':
        if (type.crd) throw unsupportedMediaType(accepted);
        if (!isPlainObject(patch))
          throw badRequest('a strategic merge patch must be a JSON object');
        patched = applyStrategicMergePatch(current.obj, patch);
        break;
      default:
        throw unsupportedMediaType(accepted);
    }
  } catch (e) {
    if (e instanceof JsonPatchError) {
      throw e.malformed ? badRequest(e.message) : unprocessable(e.message);
    }
    throw e;
  }
  if (!isPlainObject(patched))
    throw unprocessable('the patch did not produce a JSON object');
  const patchedMeta = isPlainObject(patched.metadata) ? patched.metadata : {};
  if (
    patchedMeta.resourceVersion !== undefined &&
    patchedMeta.resourceVersion !== String(current.rv)
  ) {
    throw conflict(bucket.gr, name);
  }
  if (patchedMeta.name !== undefined && patchedMeta.name !== name) {
    throw badRequest(
      `the name of the object (${String(
        patchedMeta.name,
      )}) does not match the name on the URL (${name})`,
    );
  }
  checkKind(type, patched);
  return replaceObject(state, bucket, current, patched, options);
}

/** Applies a candidate new state to the current one, keeping server-owned fields. */
function replaceObject(
  state: StoreState,
  bucket: TypeBucket,
  current: StoredObject,
  input: Record<string, unknown>,
  options: WriteOptions,
): StoredObject {
  const type = bucket.type;
  const old = current.obj;
  let body: Record<string, unknown>;
  let meta: Record<string, unknown>;
  if (options.subresource === 'status') {
    // Only status comes from the request; everything else stays as stored.
    body = { ...old };
    if (input.status === undefined) delete body.status;
    else body.status = structuredCloneJson(input.status);
    meta = { ...old.metadata };
  } else {
    body = structuredCloneJson(input);
    if (type.statusSubresource) {
      if (old.status === undefined) delete body.status;
      else body.status = old.status;
    }
    meta = isPlainObject(input.metadata)
      ? structuredCloneJson(input.metadata)
      : {};
    for (const owned of [
      'name',
      'namespace',
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ]) {
      if (old.metadata[owned] === undefined) delete meta[owned];
      else meta[owned] = old.metadata[owned];
    }
    delete meta.selfLink;
    if (
      meta.generation !== undefined &&
      !jsonEqual(specPart(body), specPart(old as Record<string, unknown>))
    ) {
      meta.generation = (old.metadata.generation ?? 0) + 1;
    }
  }
  meta.resourceVersion = old.metadata.resourceVersion;
  const candidate = normalizeObject(state, type, body, meta);
  if (jsonEqual(withoutVolatile(candidate), withoutVolatile(old)))
    return current;
  if (options.dryRun)
    return { key: current.key, obj: candidate, rv: current.rv };
  const finalizers = candidate.metadata.finalizers;
  if (
    candidate.metadata.deletionTimestamp &&
    (!finalizers || finalizers.length === 0)
  ) {
    return commitDeleted(state, bucket, current, candidate);
  }
  return commitModified(state, bucket, current, candidate);
}

/** What a write must change to count as a change: not the resourceVersion alone. */
function withoutVolatile(obj: KubeObject): Record<string, unknown> {
  const { metadata, ...rest } = obj;
  const { resourceVersion, managedFields, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

/** What bumps `generation`: anything outside metadata and status. */
function specPart(obj: Record<string, unknown>): Record<string, unknown> {
  const { metadata, status, apiVersion, kind, ...rest } = obj;
  return rest;
}
