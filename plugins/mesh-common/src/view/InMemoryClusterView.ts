import { Kinds, kindKey, kindOfObject, sameKind } from '../kinds';
import { KindRef, KubeObject, LabelSelector } from '../types/kube';
import {
  asRecord,
  labelsOf,
  nameOf,
  namespaceOf,
  stringMap,
  uidOf,
} from '../util/safe';
import { KindSyncState, KindSyncStatus } from '../types/sync';
import { ClusterView } from './ClusterView';
import { matchesLabelSelector } from './labelSelector';
import { Members, SetIndex, countOf, membersOf } from './SetIndex';

const SEP = '\u0000';
const ALL = '\u0001*';

class KindStore {
  /** namespace ('' for cluster-scoped) -> name -> object. */
  readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  /**
   * `${ns}\0${k}\0${v}` -> objects: the only index holding an entry per
   * object and label. Cluster-wide and `Exists` lookups are answered from it
   * through the two small indexes below, rather than from indexes of their
   * own (which took three times the memory: most of a large cluster's heap
   * after the objects themselves).
   */
  readonly labelIndex = new SetIndex<KubeObject>();
  /** `${k}\0${v}` -> the namespaces where some object has that label. */
  readonly labelNamespaces = new SetIndex<string>();
  /** `${ns}\0${k}` -> the values the label key has in the namespace. */
  readonly labelValues = new SetIndex<string>();
  /** Services only: `${ns}\0${k}\0${v}` of the selector's smallest pair -> services. */
  readonly selectorIndex = new SetIndex<KubeObject>();
  private readonly listCache = new Map<string, KubeObject[]>();
  version = 0;

  touch() {
    this.version++;
    this.listCache.clear();
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  list(namespace: string | undefined): KubeObject[] {
    const cacheKey = namespace ?? ALL;
    let cached = this.listCache.get(cacheKey);
    if (!cached) {
      cached =
        namespace === undefined
          ? [...this.byNamespace.values()].flatMap(objects => [
              ...objects.values(),
            ])
          : [...(this.byNamespace.get(namespace)?.values() ?? [])];
      this.listCache.set(cacheKey, cached);
    }
    return cached;
  }
}

/** The objects labelled k=v in the namespace, or (undefined) in any. */
function withLabel(
  store: KindStore,
  namespace: string | undefined,
  k: string,
  v: string,
): Members<KubeObject> | undefined {
  if (namespace !== undefined)
    return store.labelIndex.get(`${namespace}${SEP}${k}${SEP}${v}`);
  const namespaces = store.labelNamespaces.get(`${k}${SEP}${v}`);
  if (namespaces === undefined) return undefined;
  if (countOf(namespaces) === 1) {
    const [only] = membersOf(namespaces);
    return store.labelIndex.get(`${only}${SEP}${k}${SEP}${v}`);
  }
  const out = new Set<KubeObject>();
  for (const ns of membersOf(namespaces)) {
    for (const obj of membersOf(
      store.labelIndex.get(`${ns}${SEP}${k}${SEP}${v}`),
    ))
      out.add(obj);
  }
  return out;
}

/** The objects with the label key (any value) in the namespace, or (undefined) in any. */
function withLabelKey(
  store: KindStore,
  namespace: string | undefined,
  k: string,
): Set<KubeObject> {
  const out = new Set<KubeObject>();
  const namespaces =
    namespace !== undefined ? [namespace] : store.byNamespace.keys();
  for (const ns of namespaces) {
    for (const v of membersOf(store.labelValues.get(`${ns}${SEP}${k}`))) {
      for (const obj of membersOf(
        store.labelIndex.get(`${ns}${SEP}${k}${SEP}${v}`),
      ))
        out.add(obj);
    }
  }
  return out;
}

/** A state keeps its start time while its status stays the same. */
function sinceOf(
  since: Date | string | undefined,
  previous: KindSyncState | undefined,
  status: KindSyncStatus,
): string {
  if (typeof since === 'string') return since;
  if (since !== undefined) return since.toISOString();
  return previous && previous.status === status
    ? previous.since
    : new Date().toISOString();
}

function serviceSelectorKey(obj: KubeObject): string | undefined {
  const selector = stringMap(asRecord(obj.spec)?.selector);
  const pairs = Object.entries(selector).map(([k, v]) => `${k}${SEP}${v}`);
  if (pairs.length === 0) return undefined;
  pairs.sort();
  return `${namespaceOf(obj) ?? ''}${SEP}${pairs[0]}`;
}

/**
 * Whether objects of the kind can own others (ownerReferences are resolved
 * by uid). Pods own nothing a mesh analysis follows, and are most objects.
 */
function ownsObjects(kind: KindRef): boolean {
  return !sameKind(kind, Kinds.Pod);
}

/**
 * An in-memory, indexed `ClusterView` fed incrementally by list+watch events.
 * Indexes: by namespace, by label (per namespace and cluster-wide), by uid and,
 * for Services, by selector, so selector lookups touch only candidate objects.
 */
export class InMemoryClusterView implements ClusterView {
  private readonly stores = new Map<string, KindStore>();
  private readonly states = new Map<string, KindSyncState>();
  private readonly uids = new Map<string, KubeObject>();
  private readonly createdAt: string;
  private changes = 0;

  constructor(readonly cluster: string, options?: { now?: Date }) {
    this.createdAt = (options?.now ?? new Date()).toISOString();
  }

  /**
   * A view holding `objects` (kinds taken from their apiVersion/kind) with
   * every kind in `syncedKinds` marked synced. For tests and fixtures.
   */
  static fromObjects(
    cluster: string,
    objects: readonly unknown[],
    options?: { syncedKinds?: readonly KindRef[] },
  ): InMemoryClusterView {
    const view = new InMemoryClusterView(cluster);
    for (const obj of objects) {
      if (asRecord(obj)) view.upsert(obj as KubeObject);
    }
    for (const kind of options?.syncedKinds ?? []) {
      view.setKindState(kind, 'synced');
    }
    return view;
  }

  private store(kind: KindRef, create: true): KindStore;
  private store(kind: KindRef, create?: false): KindStore | undefined;
  private store(kind: KindRef, create?: boolean): KindStore | undefined {
    const key = kindKey(kind);
    let store = this.stores.get(key);
    if (!store && create) {
      store = new KindStore();
      this.stores.set(key, store);
    }
    return store;
  }

  /**
   * Adds or replaces an object, kept as it is given: the feeder decides what
   * an object holds (the backend's cache strips it to what the analyzers
   * read, and never receives Secret data). `kind` is required for items of
   * built-in kinds from list responses, which carry no apiVersion/kind.
   * Returns false when the object has no kind or name and was ignored.
   */
  upsert(obj: KubeObject, kind?: KindRef): boolean {
    const k = kind ?? kindOfObject(obj);
    const name = nameOf(obj);
    if (!k || !name) return false;
    const store = this.store(k, true);
    const ns = namespaceOf(obj) ?? '';
    const previous = store.get(ns, name);
    if (previous) this.unindex(store, previous);
    let nsMap = store.byNamespace.get(ns);
    if (!nsMap) {
      nsMap = new Map();
      store.byNamespace.set(ns, nsMap);
    }
    nsMap.set(name, obj);
    for (const [lk, lv] of Object.entries(labelsOf(obj))) {
      store.labelIndex.add(`${ns}${SEP}${lk}${SEP}${lv}`, obj);
      store.labelNamespaces.add(`${lk}${SEP}${lv}`, ns);
      store.labelValues.add(`${ns}${SEP}${lk}`, lv);
    }
    if (sameKind(k, Kinds.Service)) {
      const selKey = serviceSelectorKey(obj);
      if (selKey) store.selectorIndex.add(selKey, obj);
    }
    const uid = uidOf(obj);
    if (uid && ownsObjects(k)) this.uids.set(uid, obj);
    this.touched(store);
    return true;
  }

  /** Removes an object (by kind, namespace and name). Returns whether it was there. */
  remove(object: KubeObject, kind?: KindRef): boolean {
    const k = kind ?? kindOfObject(object);
    const name = nameOf(object);
    if (!k || !name) return false;
    const store = this.store(k);
    if (!store) return false;
    const previous = store.get(namespaceOf(object) ?? '', name);
    if (!previous) return false;
    this.unindex(store, previous);
    this.touched(store);
    return true;
  }

  /** Replaces every object of a kind (a re-list), keeping the kind's state. */
  replaceAll(kind: KindRef, objects: readonly KubeObject[]): void {
    const store = this.store(kind);
    if (store) {
      for (const obj of store.list(undefined)) this.unindex(store, obj);
      this.touched(store);
    } else {
      this.touched(this.store(kind, true));
    }
    for (const obj of objects) this.upsert(obj, kind);
  }

  private unindex(store: KindStore, obj: KubeObject) {
    const ns = namespaceOf(obj) ?? '';
    const nsMap = store.byNamespace.get(ns);
    const name = nameOf(obj);
    if (nsMap && name !== undefined) {
      nsMap.delete(name);
      if (nsMap.size === 0) store.byNamespace.delete(ns);
    }
    for (const [lk, lv] of Object.entries(labelsOf(obj))) {
      const labelKey = `${ns}${SEP}${lk}${SEP}${lv}`;
      store.labelIndex.delete(labelKey, obj);
      if (!store.labelIndex.has(labelKey)) {
        store.labelNamespaces.delete(`${lk}${SEP}${lv}`, ns);
        store.labelValues.delete(`${ns}${SEP}${lk}`, lv);
      }
    }
    const selKey = serviceSelectorKey(obj);
    if (selKey) store.selectorIndex.delete(selKey, obj);
    const uid = uidOf(obj);
    if (uid && this.uids.get(uid) === obj) this.uids.delete(uid);
  }

  setKindState(
    kind: KindRef,
    status: KindSyncStatus,
    reason?: string,
    since?: Date | string,
  ): void {
    const previous = this.states.get(kindKey(kind));
    const sinceIso = sinceOf(since, previous, status);
    this.states.set(kindKey(kind), {
      group: kind.group,
      kind: kind.kind,
      status,
      ...(reason ? { reason } : {}),
      since: sinceIso,
    });
    this.touched(this.store(kind, true));
  }

  list(kind: KindRef, namespace?: string): readonly KubeObject[] {
    return this.store(kind)?.list(namespace) ?? [];
  }

  get(kind: KindRef, namespace: string | undefined, name: string) {
    return this.store(kind)?.get(namespace ?? '', name);
  }

  namespacesWith(kind: KindRef): readonly string[] {
    return [...(this.store(kind)?.byNamespace.keys() ?? [])];
  }

  namespace(name: string) {
    return this.get(Kinds.Namespace, undefined, name);
  }

  selectByLabels(
    kind: KindRef,
    namespace: string | undefined,
    selector: LabelSelector,
  ): readonly KubeObject[] {
    const store = this.store(kind);
    if (!store) return [];
    let candidates: Members<KubeObject> | undefined;
    let smallest = Infinity;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
      const objects = withLabel(store, namespace, k, v);
      if (objects === undefined) return [];
      if (countOf(objects) < smallest) {
        smallest = countOf(objects);
        candidates = objects;
      }
    }
    for (const req of selector.matchExpressions ?? []) {
      let objects: Set<KubeObject> | undefined;
      if (req.operator === 'Exists') {
        objects = withLabelKey(store, namespace, req.key);
      } else if (req.operator === 'In') {
        objects = new Set();
        for (const v of req.values ?? []) {
          for (const obj of membersOf(withLabel(store, namespace, req.key, v)))
            objects.add(obj);
        }
      }
      if (objects && objects.size < smallest) {
        smallest = objects.size;
        candidates = objects;
      }
    }
    const out: KubeObject[] = [];
    for (const obj of candidates !== undefined
      ? membersOf(candidates)
      : store.list(namespace)) {
      if (matchesLabelSelector(selector, labelsOf(obj))) out.push(obj);
    }
    return out;
  }

  servicesSelecting(pod: KubeObject): readonly KubeObject[] {
    const store = this.store(Kinds.Service);
    if (!store) return [];
    const ns = namespaceOf(pod) ?? '';
    const labels = labelsOf(pod);
    const out: KubeObject[] = [];
    for (const [k, v] of Object.entries(labels)) {
      for (const svc of membersOf(
        store.selectorIndex.get(`${ns}${SEP}${k}${SEP}${v}`),
      )) {
        const selector = stringMap(asRecord(svc.spec)?.selector);
        if (matchesLabelSelector({ matchLabels: selector }, labels))
          out.push(svc);
      }
    }
    return out;
  }

  byUid(uid: string) {
    return this.uids.get(uid);
  }

  kindState(kind: KindRef): KindSyncState {
    return (
      this.states.get(kindKey(kind)) ?? {
        group: kind.group,
        kind: kind.kind,
        status: 'pending',
        reason: 'not listed yet',
        since: this.createdAt,
      }
    );
  }

  kindStates(): readonly KindSyncState[] {
    return [...this.states.values()];
  }

  version(): number {
    return this.changes;
  }

  private touched(store: KindStore): void {
    store.touch();
    this.changes++;
  }

  kindVersion(kind: KindRef): number {
    return this.store(kind)?.version ?? 0;
  }
}
