const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Shares one copy of the values that repeat across cached objects. JSON.parse
 * gives every pod its own copy of its namespace, images, labels, annotations,
 * container specs and conditions, although the pods of one ReplicaSet are
 * nearly identical: at 20,000 pods per cluster that dominates the memory.
 *
 * - `intern` shares strings (namespaces, node names, label values).
 * - `share` shares whole JSON structures by value (a pod's containers, its
 *   labels, its conditions) and freezes them, since they are now seen by
 *   many objects: a consumer mutating one would corrupt the others.
 *   Structures are found by a hash of their content and compared in full;
 *   no serialised copy is made or kept.
 *
 * Bounded: a full pool starts over, which only costs sharing, never
 * correctness, and keeps values of deleted objects from piling up.
 */
export class ValuePool {
  private strings = new Map<string, string>();
  /** Content hash → the shared structures with that hash (nearly always one). */
  private structures = new Map<number, unknown[]>();
  private structureCount = 0;

  constructor(
    private readonly limits: {
      maxStrings?: number;
      maxStructures?: number;
      /** Longer strings (and structures with more content) are left alone. */
      maxLength?: number;
    } = {},
  ) {}

  intern(value: string): string {
    if (value.length > (this.limits.maxLength ?? 8_192)) return value;
    const shared = this.strings.get(value);
    if (shared !== undefined) return shared;
    if (this.strings.size >= (this.limits.maxStrings ?? 200_000)) {
      this.strings = new Map();
    }
    this.strings.set(value, value);
    return value;
  }

  /**
   * Interns every string inside `value` in place (object values and array
   * items, at any depth). Only for freshly parsed JSON nobody else holds.
   */
  internDeep<T>(value: T): T {
    if (typeof value === 'string') return this.intern(value) as T;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        value[i] = this.internDeep(value[i]);
      }
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        record[key] = this.internDeep(record[key]);
      }
    }
    return value;
  }

  /**
   * A frozen copy equal to `value` (same JSON), shared with every other
   * caller that passed an equal value. `value` itself may become that copy,
   * so pass only freshly parsed JSON nobody else holds.
   */
  share<T>(value: T): T {
    if (typeof value === 'string') return this.intern(value) as T;
    if (value === null || typeof value !== 'object') return value;
    const content = { hash: FNV_OFFSET, size: 0 };
    if (!hashJson(value, content, this.limits.maxLength ?? 8_192)) {
      return this.internDeep(value);
    }
    const bucket = this.structures.get(content.hash);
    const shared = bucket?.find(candidate => sameJson(candidate, value));
    if (shared !== undefined) return shared as T;
    if (this.structureCount >= (this.limits.maxStructures ?? 100_000)) {
      this.structures = new Map();
      this.structureCount = 0;
    }
    const canonical = deepFreeze(this.internDeep(value));
    const target = this.structures.get(content.hash);
    if (target) target.push(canonical);
    else this.structures.set(content.hash, [canonical]);
    this.structureCount += 1;
    return canonical;
  }

  get size(): { strings: number; structures: number } {
    return { strings: this.strings.size, structures: this.structureCount };
  }
}

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function mixString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = mix(h, text.charCodeAt(i));
  return mix(h, 0x22);
}

/**
 * Folds a JSON value into `content.hash` (FNV-1a over its structure, keys and
 * values, in order) and `content.size` (about its serialised length).
 * False, early, once the size passes `maxSize`.
 */
function hashJson(
  value: unknown,
  content: { hash: number; size: number },
  maxSize: number,
): boolean {
  if (typeof value === 'string') {
    content.hash = mixString(content.hash, value);
    content.size += value.length + 2;
  } else if (Array.isArray(value)) {
    content.hash = mix(content.hash, 0x5b);
    for (const item of value) {
      if (!hashJson(item, content, maxSize)) return false;
    }
    content.hash = mix(content.hash, 0x5d);
    content.size += value.length + 2;
  } else if (value !== null && typeof value === 'object') {
    content.hash = mix(content.hash, 0x7b);
    for (const [key, item] of Object.entries(value)) {
      content.hash = mixString(content.hash, key);
      content.size += key.length + 4;
      if (!hashJson(item, content, maxSize)) return false;
    }
    content.hash = mix(content.hash, 0x7d);
  } else {
    // null, numbers and booleans, tagged apart from strings ("1" is not 1).
    const text = String(value);
    content.hash = mixString(mix(content.hash, 0x23), text);
    content.size += text.length;
  }
  return content.size <= maxSize;
}

/** Equal as JSON: same structure, keys in the same order, same values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    a === null ||
    b === null ||
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return false;
  }
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return (
      a.length === other.length &&
      a.every((item, i) => sameJson(item, other[i]))
    );
  }
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every(
      (key, i) =>
        key === bKeys[i] &&
        sameJson(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
        ),
    )
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
