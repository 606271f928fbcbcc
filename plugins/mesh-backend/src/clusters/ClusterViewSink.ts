import { InMemoryClusterView, KubeObject } from '@meshwise/plugin-mesh-common';
import {
  CachedObject,
  ClusterCacheSink,
  KindRef,
  KindSyncState,
} from '../cache';

/**
 * Feeds a cluster's cache into its `InMemoryClusterView`: always with the
 * explicit kind (list items of built-in kinds carry none), `replaceAll` on
 * every (re)list and every kind state, and tells `onChange` so the cluster's
 * analysis can be recomputed.
 */
export class ClusterViewSink implements ClusterCacheSink {
  constructor(
    private readonly view: InMemoryClusterView,
    private readonly onChange: () => void,
  ) {}

  replace(kind: KindRef, objects: CachedObject[]): void {
    this.view.replaceAll(kind, objects as readonly KubeObject[]);
    this.onChange();
  }

  upsert(kind: KindRef, object: CachedObject): void {
    this.view.upsert(object as KubeObject, kind);
    this.onChange();
  }

  remove(kind: KindRef, object: CachedObject): void {
    this.view.remove(object as KubeObject, kind);
    this.onChange();
  }

  setKindState(kind: KindRef, state: KindSyncState): void {
    this.view.setKindState(kind, state.status, state.reason, state.since);
    this.onChange();
  }
}
