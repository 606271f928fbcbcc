import {
  CachedObject,
  ClusterCacheSink,
  KindRef,
  KindSyncState,
  kindKeyOf,
} from '../ClusterCacheSink';

/** A sink that mirrors what it is told, per kind keyed by namespace/name, and counts calls. */
export class RecordingSink implements ClusterCacheSink {
  readonly objects = new Map<string, Map<string, CachedObject>>();
  readonly states = new Map<string, KindSyncState>();
  readonly stateHistory: Array<{ kind: string; status: string }> = [];
  readonly calls = { replace: 0, upsert: 0, remove: 0 };

  replace(kind: KindRef, objects: CachedObject[]): void {
    this.calls.replace += 1;
    this.objects.set(
      kindKeyOf(kind),
      new Map(objects.map(object => [keyOf(object), object])),
    );
  }

  upsert(kind: KindRef, object: CachedObject): void {
    this.calls.upsert += 1;
    this.bucket(kind).set(keyOf(object), object);
  }

  remove(kind: KindRef, object: CachedObject): void {
    this.calls.remove += 1;
    this.bucket(kind).delete(keyOf(object));
  }

  setKindState(kind: KindRef, state: KindSyncState): void {
    this.states.set(kindKeyOf(kind), state);
    this.stateHistory.push({ kind: kindKeyOf(kind), status: state.status });
  }

  list(kind: KindRef): CachedObject[] {
    return [...(this.objects.get(kindKeyOf(kind))?.values() ?? [])];
  }

  get(
    kind: KindRef,
    namespace: string | undefined,
    name: string,
  ): CachedObject | undefined {
    return this.objects.get(kindKeyOf(kind))?.get(`${namespace ?? ''}/${name}`);
  }

  status(kind: KindRef): string | undefined {
    return this.states.get(kindKeyOf(kind))?.status;
  }

  private bucket(kind: KindRef): Map<string, CachedObject> {
    const key = kindKeyOf(kind);
    let bucket = this.objects.get(key);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(key, bucket);
    }
    return bucket;
  }
}

function keyOf(object: CachedObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}
