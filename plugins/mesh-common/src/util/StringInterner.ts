/**
 * Keeps one copy of strings that are built over and over with equal content
 * (keys assembled from a pod's labels and annotations: equal for the pods of
 * one template). Bounded: a full interner starts over, which only costs
 * sharing, never correctness.
 */
export class StringInterner {
  private strings = new Map<string, string>();

  constructor(private readonly maxEntries = 50_000) {}

  intern(value: string): string {
    const shared = this.strings.get(value);
    if (shared !== undefined) return shared;
    if (this.strings.size >= this.maxEntries) this.strings = new Map();
    this.strings.set(value, value);
    return value;
  }
}
