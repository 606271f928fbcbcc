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
 *
 * Bounded: a full pool starts over, which only costs sharing, never
 * correctness, and keeps values of deleted objects from piling up.
 */
export class ValuePool {
  private strings = new Map<string, string>();
  private structures = new Map<string, unknown>();

  constructor(
    private readonly limits: {
      maxStrings?: number;
      maxStructures?: number;
      /** Longer strings (and structures whose JSON is longer) are left alone. */
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
    const key = JSON.stringify(value);
    if (key.length > (this.limits.maxLength ?? 8_192)) {
      return this.internDeep(value);
    }
    const shared = this.structures.get(key);
    if (shared !== undefined) return shared as T;
    if (this.structures.size >= (this.limits.maxStructures ?? 100_000)) {
      this.structures = new Map();
    }
    const canonical = deepFreeze(this.internDeep(value));
    this.structures.set(key, canonical);
    return canonical;
  }

  get size(): { strings: number; structures: number } {
    return { strings: this.strings.size, structures: this.structures.size };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
