import type { ObjectMeta } from '@meshwise/plugin-mesh-common';
import { CachedObject, KindRef } from './ClusterCacheSink';
import { ValuePool } from './ValuePool';
import { CachedKind } from './watchedKinds';

type Json = Record<string, unknown>;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// No resourceVersion: the reflector reads it from the raw list and events,
// and nothing reads it from a cached object.
const META_KEYS = [
  'name',
  'namespace',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
] as const;

// Pods are most of a cluster's objects and own nothing, so their uid is
// never looked up; their creation time orders nothing (it orders competing
// Istio configs). Each is a string unique to the pod.
const POD_META_KEYS = META_KEYS.filter(
  key => key !== 'uid' && key !== 'creationTimestamp',
);

const POD_SPEC_KEYS = [
  'serviceAccountName',
  'automountServiceAccountToken',
  'nodeName',
  'hostNetwork',
  'containers',
  'initContainers',
] as const;

// Names, images, ports and probes (probe rewriting, port exclusions), the
// command/args that reveal istio-init's redirect settings and plugin
// installers, securityContext (istio-init's NET_ADMIN means no Istio CNI),
// restartPolicy (an init container with `Always` is a native sidecar).
const CONTAINER_KEYS = [
  'name',
  'image',
  'command',
  'args',
  'ports',
  'readinessProbe',
  'livenessProbe',
  'startupProbe',
  'securityContext',
  'restartPolicy',
] as const;

const POD_STATUS_KEYS = [
  'phase',
  'reason',
  'message',
  'conditions',
  'initContainerStatuses',
  'containerStatuses',
] as const;

// Without the timestamps: they are unique per pod and nothing reads them.
const CONDITION_KEYS = ['type', 'status', 'reason', 'message'] as const;

const CONTAINER_STATUS_KEYS = [
  'name',
  'ready',
  'started',
  'restartCount',
  'image',
  'state',
] as const;

const CONTAINER_STATE_KEYS = ['reason', 'message', 'exitCode'] as const;

type SharingPool = Pick<ValuePool, 'intern' | 'internDeep' | 'share'>;

/** Shares nothing: for callers without a pool. */
const NO_POOL: SharingPool = {
  intern: value => value,
  internDeep: value => value,
  share: value => value,
};

/**
 * The object as the cache keeps it, and the one place objects are
 * normalised before anything reads them: `apiVersion`/`kind` set (list items
 * of built-in kinds arrive without them, metadata-only reads arrive as
 * `PartialObjectMetadata`), and stripped of what must never be kept and of
 * what the analyzers never read. Never kept: a Secret's data (only its
 * metadata is, whatever the server sent), `managedFields`, and kubectl's
 * last-applied annotation (bulk, and it may embed a Secret's data), in
 * object and pod template metadata alike. Not read: Pod volumes,
 * env (workload templates keep variable names, and the values of
 * `ENV_VALUES_KEPT`), resources and scheduling (also in workload
 * templates), condition and
 * container-state timestamps, image and container ids; webhook `caBundle`s;
 * everything but metadata for metadata-only kinds.
 *
 * Builds new objects instead of deleting properties: deleting turns V8
 * objects into slow dictionaries, which costs memory at 60,000 pods.
 *
 * With a pool, repeated values are shared between objects (and frozen):
 * labels, annotations, owner references, a pod's containers, conditions and
 * container statuses. `raw` must be freshly parsed JSON: parts of it may
 * become the shared copies.
 */
export function stripObject(
  raw: Json,
  watched: CachedKind,
  apiVersion: string,
  pool: SharingPool = NO_POOL,
): CachedObject {
  const metadata = stripMetadata(
    raw.metadata,
    pool,
    watched.keep === 'pod' ? POD_META_KEYS : META_KEYS,
  );
  // Secret data never enters the cache, whatever the kind's read options.
  if (watched.metadataOnly || isSecret(watched)) {
    return { apiVersion, kind: watched.kind, metadata };
  }
  switch (watched.keep) {
    case 'pod':
      return withSpecAndStatus(
        apiVersion,
        watched.kind,
        metadata,
        isJson(raw.spec) ? stripPodSpec(raw.spec, pool) : raw.spec,
        isJson(raw.status) ? stripPodStatus(raw.status, pool) : raw.status,
      );
    case 'workload':
      return withSpecAndStatus(
        apiVersion,
        watched.kind,
        metadata,
        isJson(raw.spec) ? stripWorkloadSpec(raw.spec, pool) : raw.spec,
        raw.status,
      );
    default:
      break;
  }
  // Same key order for list items (which lack apiVersion/kind) and watch
  // events (which carry them), so V8 gives them one shape.
  const {
    apiVersion: _version,
    kind: _kind,
    metadata: _metadata,
    ...rest
  } = raw;
  const object: CachedObject = {
    apiVersion,
    kind: watched.kind,
    metadata,
    ...rest,
  };
  if (watched.keep === 'webhookConfiguration' && Array.isArray(raw.webhooks)) {
    object.webhooks = raw.webhooks.map(stripWebhook);
  }
  return object;
}

/**
 * The metadata the cache keeps. With a pool, the values that repeat across
 * objects are shared; names and uids are unique and are not.
 */
function stripMetadata(
  value: unknown,
  pool: SharingPool = NO_POOL,
  keys: readonly string[] = META_KEYS,
): ObjectMeta {
  if (!isJson(value)) return {};
  return pick(value, keys, (key, field) => {
    switch (key) {
      case 'namespace':
        return typeof field === 'string' ? pool.intern(field) : field;
      case 'annotations':
        return pool.share(withoutLastApplied(field));
      case 'labels':
      case 'ownerReferences':
      case 'finalizers':
        return pool.share(field);
      default:
        return field;
    }
  }) as ObjectMeta;
}

/** kubectl's copy of the whole applied manifest: often the largest annotation. */
function withoutLastApplied(annotations: unknown): unknown {
  if (!isJson(annotations) || !(LAST_APPLIED in annotations))
    return annotations;
  const { [LAST_APPLIED]: _dropped, ...rest } = annotations;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function withSpecAndStatus(
  apiVersion: string,
  kind: string,
  metadata: ObjectMeta,
  spec: unknown,
  status: unknown,
): CachedObject {
  const object: CachedObject = { apiVersion, kind, metadata };
  if (spec !== undefined) object.spec = spec;
  if (status !== undefined) object.status = status;
  return object;
}

// Environment values may be credentials, so a workload template keeps only
// its variables' names, and the value of the settings an analyzer reads
// (istiod's BLOCKED_CIDRS_IN_JWKS_URIS: IST0175), literal values only.
const ENV_VALUES_KEPT: ReadonlySet<string> = new Set([
  'BLOCKED_CIDRS_IN_JWKS_URIS',
]);

function stripEnv(env: unknown): unknown {
  return mapObjects(env, variable => {
    const name = variable.name;
    if (typeof name !== 'string') return {};
    return ENV_VALUES_KEPT.has(name) && typeof variable.value === 'string'
      ? { name, value: variable.value }
      : { name };
  });
}

function stripPodSpec(
  spec: Json,
  pool: SharingPool,
  options: { envNames?: boolean } = {},
): Json {
  const stripContainer = (container: Json): Json => {
    const stripped = pick(container, CONTAINER_KEYS);
    if (options.envNames && container.env !== undefined) {
      stripped.env = stripEnv(container.env);
    }
    return stripped;
  };
  return pick(spec, POD_SPEC_KEYS, (key, value) => {
    if (key === 'containers' || key === 'initContainers') {
      return pool.share(mapObjects(value, stripContainer));
    }
    return typeof value === 'string' ? pool.intern(value) : value;
  });
}

function stripWorkloadSpec(spec: Json, pool: SharingPool): Json {
  const template = spec.template;
  if (!isJson(template)) return spec;
  const stripped: Json = {};
  if (template.metadata !== undefined) {
    stripped.metadata = stripMetadata(template.metadata, pool);
  }
  if (isJson(template.spec)) {
    stripped.spec = stripPodSpec(template.spec, pool, { envNames: true });
  }
  const { template: _template, ...rest } = spec;
  return { ...pool.internDeep(rest), template: stripped };
}

function stripPodStatus(status: Json, pool: SharingPool): Json {
  return pick(status, POD_STATUS_KEYS, (key, value) => {
    switch (key) {
      case 'message':
        return value;
      case 'conditions':
        return pool.share(mapObjects(value, c => pick(c, CONDITION_KEYS)));
      case 'containerStatuses':
      case 'initContainerStatuses':
        return pool.share(
          mapObjects(value, containerStatus =>
            pick(containerStatus, CONTAINER_STATUS_KEYS, (field, state) =>
              field === 'state' && isJson(state)
                ? stripContainerState(state)
                : state,
            ),
          ),
        );
      default:
        return pool.internDeep(value);
    }
  });
}

/** `{running: {}}`, `{waiting: {reason}}`, `{terminated: {reason, exitCode}}`: no timestamps or ids. */
function stripContainerState(state: Json): Json {
  const stripped: Json = {};
  for (const [name, detail] of Object.entries(state)) {
    stripped[name] = isJson(detail)
      ? pick(detail, CONTAINER_STATE_KEYS)
      : detail;
  }
  return stripped;
}

function mapObjects(value: unknown, map: (item: Json) => Json): unknown {
  return Array.isArray(value)
    ? value.map(item => (isJson(item) ? map(item) : item))
    : value;
}

function stripWebhook(webhook: unknown): unknown {
  if (!isJson(webhook) || !isJson(webhook.clientConfig)) return webhook;
  const { caBundle: _dropped, ...clientConfig } = webhook.clientConfig;
  return { ...webhook, clientConfig };
}

function pick(
  source: Json,
  keys: readonly string[],
  map?: (key: string, value: unknown) => unknown,
): Json {
  const target: Json = {};
  for (const key of keys) {
    const value = source[key];
    if (value === undefined) continue;
    const kept = map ? map(key, value) : value;
    if (kept !== undefined) target[key] = kept;
  }
  return target;
}

function isSecret(kind: KindRef): boolean {
  return kind.group === '' && kind.kind === 'Secret';
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
