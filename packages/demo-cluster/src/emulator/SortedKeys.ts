/**
 * Keys of one resource type kept in byte order (etcd's key order, which paging
 * follows), so pages are slices found by binary search instead of a sort per page.
 * Bulk loads append and sort once, lazily, on the next read.
 */
export class SortedKeys {
  private keys: string[] = [];
  private unsorted = false;

  get size(): number {
    return this.keys.length;
  }

  /** Adds a key known not to be present. */
  insert(key: string): void {
    if (this.unsorted) {
      this.keys.push(key);
      return;
    }
    const at = this.lowerBound(key);
    this.keys.splice(at, 0, key);
  }

  /** Adds many keys known not to be present; sorting is deferred to the next read. */
  insertMany(keys: string[]): void {
    for (const key of keys) this.keys.push(key);
    this.unsorted = true;
  }

  remove(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }

  /** Index of the first key `>= key`. */
  lowerBound(key: string): number {
    this.ensureSorted();
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(index: number): string {
    this.ensureSorted();
    return this.keys[index];
  }

  private ensureSorted(): void {
    if (this.unsorted) {
      // Default sort compares UTF-16 code units: byte order for the ASCII names Kubernetes allows.
      this.keys.sort();
      this.unsorted = false;
    }
  }
}

/** The smallest string greater than every string starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  if (prefix === '') return '\uffff';
  return (
    prefix.slice(0, -1) +
    String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
  );
}
