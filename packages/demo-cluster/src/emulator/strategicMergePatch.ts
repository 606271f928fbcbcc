import { isPlainObject, structuredCloneJson } from './mergePatch';

/**
 * Merge keys of the list fields of built-in kinds that the real server merges element
 * by element (`patchMergeKey` in the Go types). The real implementation reads these from
 * the Go struct tags per field path; this table keys them by field name only, which is
 * the approximation: the same field name merges the same way wherever it appears.
 */
const MERGE_KEYS: Record<string, string | ((items: unknown[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  webhooks: 'name',
  // container ports merge on containerPort, Service ports on port.
  ports: items =>
    items.some(i => isPlainObject(i) && 'containerPort' in i)
      ? 'containerPort'
      : 'port',
};

/** Primitive lists with `patchStrategy:"merge"`: the patch's values are added. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const key = MERGE_KEYS[field];
  return typeof key === 'function' ? key(items) : key;
}

function mergeList(field: string, target: unknown, patch: unknown[]): unknown {
  const current = Array.isArray(target) ? target : [];
  if (patch.some(p => isPlainObject(p) && p[DIRECTIVE] === 'replace')) {
    return patch
      .filter(p => !(isPlainObject(p) && p[DIRECTIVE] === 'replace'))
      .map(stripDirectives);
  }
  const all = [...current, ...patch];
  const key = mergeKeyFor(field, all);
  if (!key || !all.every(isPlainObject)) {
    if (MERGED_PRIMITIVE_LISTS.has(field)) {
      const merged = [...current];
      for (const value of patch)
        if (!merged.includes(value)) merged.push(value);
      return merged;
    }
    return patch.map(stripDirectives);
  }
  const result = current.map(item => structuredCloneJson(item)) as Array<
    Record<string, unknown>
  >;
  for (const element of patch as Array<Record<string, unknown>>) {
    const index = result.findIndex(item => item[key] === element[key]);
    if (element[DIRECTIVE] === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = mergeObject(result[index], element) as Record<
        string,
        unknown
      >;
    } else {
      result.push(stripDirectives(element) as Record<string, unknown>);
    }
  }
  return result;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (
      k === DIRECTIVE ||
      k === RETAIN_KEYS ||
      k.startsWith(SET_ORDER_PREFIX) ||
      k.startsWith(DELETE_PRIMITIVE_PREFIX)
    ) {
      continue;
    }
    out[k] = stripDirectives(v);
  }
  return out;
}

function mergeObject(target: unknown, patch: Record<string, unknown>): unknown {
  if (patch[DIRECTIVE] === 'replace') return stripDirectives(patch);
  const result: Record<string, unknown> = isPlainObject(target)
    ? structuredCloneJson(target)
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === DIRECTIVE ||
      key === RETAIN_KEYS ||
      key.startsWith(SET_ORDER_PREFIX)
    )
      continue;
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
      if (Array.isArray(result[field]) && Array.isArray(value)) {
        result[field] = (result[field] as unknown[]).filter(
          v => !value.includes(v),
        );
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      if (value[DIRECTIVE] === 'delete') {
        delete result[key];
      } else {
        result[key] = mergeObject(result[key], value);
      }
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else {
      result[key] = value;
    }
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }
  return result;
}

/**
 * An approximation of Kubernetes' strategic merge patch for built-in kinds: a JSON
 * merge patch, except that known list fields (containers, env, ports, volumes,
 * conditions, ...) merge element by element on their merge key, `finalizers` merge as
 * a set, and the directives `$patch` (replace / delete), `$retainKeys` and
 * `$deleteFromPrimitiveList/` are honoured; `$setElementOrder/` is accepted and ignored.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
): unknown {
  if (!isPlainObject(patch)) return structuredCloneJson(patch);
  return mergeObject(target, patch);
}
