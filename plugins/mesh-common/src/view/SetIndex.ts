/**
 * The members under one key: one member as itself, a few as an array, many
 * as a set. (Members are never arrays or sets themselves.)
 */
export type Members<T> = T | readonly T[] | ReadonlySet<T>;

/** Groups up to this size are arrays: smaller than a `Set`, and scanned as fast. */
const MAX_ARRAY = 16;

type Stored<T> = T | T[] | Set<T>;

function isGroup<T>(
  members: Members<T>,
): members is readonly T[] | ReadonlySet<T> {
  return Array.isArray(members) || members instanceof Set;
}

/** How many members there are. */
export function countOf<T>(members: Members<T> | undefined): number {
  if (members === undefined) return 0;
  if (Array.isArray(members)) return members.length;
  return members instanceof Set ? members.size : 1;
}

/** The members, to iterate. */
export function membersOf<T>(members: Members<T> | undefined): Iterable<T> {
  if (members === undefined) return [];
  return isGroup(members) ? members : [members as T];
}

/**
 * key → set of members, sized for indexes where most keys have one member or
 * a few (a label unique to one pod, or shared by the pods of one workload).
 * A `Set` costs about a hundred bytes even when it holds one member, and
 * several hundred with ten: with an entry per pod and label, that was the
 * largest part of a big cluster's indexes.
 */
export class SetIndex<T> {
  private readonly entries = new Map<string, Stored<T>>();

  get(key: string): Members<T> | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(key: string, member: T): void {
    const current = this.entries.get(key);
    if (current === undefined) {
      this.entries.set(key, member);
    } else if (Array.isArray(current)) {
      if (current.includes(member)) return;
      if (current.length < MAX_ARRAY) current.push(member);
      else this.entries.set(key, new Set([...current, member]));
    } else if (current instanceof Set) {
      current.add(member);
    } else if (current !== member) {
      this.entries.set(key, [current, member]);
    }
  }

  delete(key: string, member: T): void {
    const current = this.entries.get(key);
    if (current === undefined) return;
    if (Array.isArray(current)) {
      const at = current.indexOf(member);
      if (at < 0) return;
      current.splice(at, 1);
      if (current.length === 1) this.entries.set(key, current[0]);
    } else if (current instanceof Set) {
      current.delete(member);
      // Back to a single member only: shrinking to an array around the
      // threshold would copy on every change.
      if (current.size === 1) {
        this.entries.set(key, current.values().next().value as T);
      }
    } else if (current === member) {
      this.entries.delete(key);
    }
  }
}
