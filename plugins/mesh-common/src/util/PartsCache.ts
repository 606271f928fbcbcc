/** Stands for a missing part, so that it can still key a WeakMap. */
const MISSING = {};

type Level<T> = WeakMap<object, Level<T> | { value: T }>;

/**
 * Values derived from an object's parts, cached by those parts (nested
 * WeakMaps) rather than by the object. The pods of one template share their
 * containers, labels and annotations (the backend's cache stores one copy of
 * each), so a value derived from them is kept once per template instead of
 * once per pod. Parts that are not objects are keyed as missing, so callers
 * pass only parts whose absence means the same thing. Entries go with the
 * parts.
 */
export class PartsCache<T> {
  private readonly root: Level<T> = new WeakMap();

  get(parts: readonly unknown[], compute: () => T): T {
    let level = this.root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const key = asKey(parts[i]);
      let next = level.get(key) as Level<T> | undefined;
      if (!next) {
        next = new WeakMap();
        level.set(key, next);
      }
      level = next;
    }
    const last = asKey(parts[parts.length - 1]);
    const cached = level.get(last) as { value: T } | undefined;
    if (cached) return cached.value;
    const value = compute();
    level.set(last, { value });
    return value;
  }
}

function asKey(part: unknown): object {
  return typeof part === 'object' && part !== null ? part : MISSING;
}
