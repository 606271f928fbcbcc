import {
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
} from '../types/kube';
import { compareStrings } from './compareStrings';

/**
 * Defensive readers for untrusted Kubernetes objects. Every analyzer reads
 * through these so that partial or malformed objects (nulls, wrong types,
 * missing metadata) degrade to "absent" instead of throwing.
 */
export type Rec = Record<string, unknown>;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Rec | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  return undefined;
}

/** Reads a nested value by path; undefined as soon as a step is not a record/array. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

export const str = (value: unknown, ...path: (string | number)[]) =>
  asString(at(value, ...path));
export const rec = (value: unknown, ...path: (string | number)[]) =>
  asRecord(at(value, ...path));
export const arr = (value: unknown, ...path: (string | number)[]) =>
  asArray(at(value, ...path));
export const strings = (value: unknown, ...path: (string | number)[]) =>
  asArray(at(value, ...path)).filter((v): v is string => typeof v === 'string');

/** A string map (labels, annotations, matchLabels), keeping only string values. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = asRecord(value);
  if (!r) return out;
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export const nameOf = (obj: unknown): string | undefined =>
  str(obj, 'metadata', 'name');
export const namespaceOf = (obj: unknown): string | undefined =>
  str(obj, 'metadata', 'namespace');
export const uidOf = (obj: unknown): string | undefined =>
  str(obj, 'metadata', 'uid');
// Objects in a cluster view are never mutated (upserts replace them), so the
// string maps derived from them are cached per source map. Callers must treat
// the returned maps as read-only.
const stringMapCache = new WeakMap<object, Record<string, string>>();
function cachedStringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  let cached = stringMapCache.get(value);
  if (!cached) {
    cached = stringMap(value);
    stringMapCache.set(value, cached);
  }
  return cached;
}

/** The object's labels (string values only). Read-only: the result is shared. */
export const labelsOf = (obj: unknown): Readonly<Record<string, string>> =>
  cachedStringMap(at(obj, 'metadata', 'labels'));
/** The object's annotations (string values only). Read-only: the result is shared. */
export const annotationsOf = (obj: unknown): Readonly<Record<string, string>> =>
  cachedStringMap(at(obj, 'metadata', 'annotations'));

/** Parses a `metav1.LabelSelector`-shaped value; undefined when it is not one. */
export function labelSelectorOf(value: unknown): LabelSelector | undefined {
  const r = asRecord(value);
  if (!r) return undefined;
  const matchLabels = stringMap(r.matchLabels);
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const e of asArray(r.matchExpressions)) {
    const key = str(e, 'key');
    const operator = str(e, 'operator');
    if (
      !key ||
      (operator !== 'In' &&
        operator !== 'NotIn' &&
        operator !== 'Exists' &&
        operator !== 'DoesNotExist')
    ) {
      continue;
    }
    matchExpressions.push({ key, operator, values: strings(e, 'values') });
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** Creation time in ms for ordering; objects without one sort last (treated as newest). */
export function creationTimeOf(obj: unknown): number {
  const t = str(obj, 'metadata', 'creationTimestamp');
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
}

/** Istio's tie-break for competing configs: oldest first, then namespace/name. */
export function compareOldestFirst(a: KubeObject, b: KubeObject): number {
  const d = creationTimeOf(a) - creationTimeOf(b);
  if (d !== 0) return d;
  const ka = `${namespaceOf(a) ?? ''}/${nameOf(a) ?? ''}`;
  const kb = `${namespaceOf(b) ?? ''}/${nameOf(b) ?? ''}`;
  return compareStrings(ka, kb);
}

export function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Parses a comma separated port list annotation ("9300,443", "*", ""). */
export function parsePortList(value: string | undefined): {
  all: boolean;
  ports: Set<number>;
} {
  const ports = new Set<number>();
  if (value === undefined) return { all: false, ports };
  let all = false;
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '*') all = true;
    else if (/^\d+$/.test(p)) ports.add(Number(p));
  }
  return { all, ports };
}
