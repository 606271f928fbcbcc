import { parseFieldSelector } from './fieldSelector';
import { KubeStatusError } from './KubeStatusError';
import { parseLabelSelector } from './labelSelector';
import { ObjectStore, StoredObject, StoreEventType } from './ObjectStore';
import { findResourceType } from './resourceTypes';
import { KubeObject } from './types';

const pods = findResourceType('v1', 'Pod')!;
const namespaces = findResourceType('v1', 'Namespace')!;
const configMaps = findResourceType('v1', 'ConfigMap')!;
const peerAuth = findResourceType(
  'security.istio.io/v1',
  'PeerAuthentication',
)!;

function ns(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
function pod(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Running' },
  };
}
function statusOf(fn: () => unknown): {
  code: number;
  reason: string;
  message: string;
} {
  try {
    fn();
  } catch (e) {
    if (e instanceof KubeStatusError)
      return { code: e.code, reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected a KubeStatusError');
}
const names = (items: StoredObject[]) =>
  items.map(s => `${s.obj.metadata.namespace}/${s.obj.metadata.name}`);

function seeded(
  count: number,
  options: { eventHistory?: number } = {},
): ObjectStore {
  const store = new ObjectStore(options);
  const objects: KubeObject[] = [ns('a'), ns('b')];
  for (let i = 0; i < count; i++)
    objects.push(
      pod(i % 2 ? 'a' : 'b', `p${String(i).padStart(3, '0')}`, {
        idx: String(i % 3),
      }),
    );
  store.load(objects, { initial: true });
  return store;
}

describe('ObjectStore writes', () => {
  it('sets uid, creationTimestamp, generation and a fresh resourceVersion on create; drops status', () => {
    const store = seeded(0);
    const before = store.resourceVersion;
    const created = store.create(pods, pod('a', 'web'), 'a');
    expect(created.rv).toBe(before + 1);
    expect(created.obj.metadata).toMatchObject({
      name: 'web',
      namespace: 'a',
      resourceVersion: String(before + 1),
      generation: 1,
    });
    expect(created.obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.obj.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(created.obj.status).toBeUndefined();
    // ConfigMaps have no status subresource and no spec: nothing dropped, no generation.
    const cm = store.create(
      configMaps,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { a: '1' },
      },
      'a',
    );
    expect(cm.obj.metadata.generation).toBeUndefined();
  });

  it('labels namespaces with kubernetes.io/metadata.name, as the real server does', () => {
    const store = seeded(0);
    const created = store.create(namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'mesh', labels: { a: 'b' } },
    });
    expect(created.obj.metadata.labels).toEqual({
      a: 'b',
      'kubernetes.io/metadata.name': 'mesh',
    });
    const updated = store.update(
      namespaces,
      { ...created.obj, metadata: { name: 'mesh', labels: {} } },
      undefined,
      'mesh',
    );
    expect(updated.obj.metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'mesh',
    });
    expect(store.get(namespaces, undefined, 'a').obj.metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'a',
    });
  });

  it('answers like the real server for duplicates, missing namespaces, bad names and set resourceVersions', () => {
    const store = seeded(0);
    store.create(pods, pod('a', 'web'), 'a');
    expect(
      statusOf(() => store.create(pods, pod('a', 'web'), 'a')),
    ).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'pods "web" already exists',
    });
    expect(
      statusOf(() => store.create(pods, pod('zzz', 'web'), 'zzz')),
    ).toMatchObject({ code: 404, message: 'namespaces "zzz" not found' });
    expect(
      statusOf(() => store.create(pods, pod('a', 'Bad_Name'), 'a')),
    ).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(
      statusOf(() => store.create(pods, pod('b', 'x'), 'a')),
    ).toMatchObject({ code: 400 });
    const withRv = pod('a', 'x');
    withRv.metadata.resourceVersion = '5';
    expect(statusOf(() => store.create(pods, withRv, 'a'))).toMatchObject({
      code: 500,
    });
    const generated = store.create(
      pods,
      { ...pod('a', ''), metadata: { generateName: 'web-', namespace: 'a' } },
      'a',
    );
    expect(generated.obj.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('updates with optimistic concurrency, keeps status out of the main resource and no-op writes free', () => {
    const store = seeded(0);
    const created = store.create(
      peerAuth,
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default' },
        spec: { mtls: { mode: 'PERMISSIVE' } },
      },
      'a',
    );
    const stale = {
      ...created.obj,
      metadata: { ...created.obj.metadata, resourceVersion: '1' },
    };
    expect(
      statusOf(() => store.update(peerAuth, stale, 'a', 'default')),
    ).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on peerauthentications.security.istio.io "default": the object has been modified; please apply your changes to the latest version and try again',
    });
    const same = store.update(peerAuth, created.obj, 'a', 'default');
    expect(same.rv).toBe(created.rv);

    const changed = store.update(
      peerAuth,
      {
        ...created.obj,
        spec: { mtls: { mode: 'STRICT' } },
        status: { ignored: true },
      },
      'a',
      'default',
    );
    expect(changed.rv).toBeGreaterThan(created.rv);
    expect(changed.obj.metadata.generation).toBe(2);
    expect(changed.obj.status).toBeUndefined();

    const labelled = store.update(
      peerAuth,
      {
        ...changed.obj,
        metadata: {
          ...changed.obj.metadata,
          resourceVersion: undefined,
          labels: { a: 'b' },
        },
      },
      'a',
      'default',
    );
    expect(labelled.obj.metadata.generation).toBe(2);

    const withStatus = store.update(
      peerAuth,
      {
        ...labelled.obj,
        spec: { other: 1 },
        status: { validationMessages: [] },
      },
      'a',
      'default',
      { subresource: 'status' },
    );
    expect(withStatus.obj.status).toEqual({ validationMessages: [] });
    expect(withStatus.obj.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  it('patches with merge, JSON and strategic patches; refuses strategic merge for custom resources', () => {
    const store = seeded(0);
    store.create(pods, pod('a', 'web', { app: 'web' }), 'a');
    const merged = store.patch(
      pods,
      'a',
      'web',
      { metadata: { labels: { app: null, tier: 'fe' } } },
      'application/merge-patch+json',
    );
    expect(merged.obj.metadata.labels).toEqual({ tier: 'fe' });
    const json = store.patch(
      pods,
      'a',
      'web',
      [{ op: 'replace', path: '/spec/containers/0/image', value: 'app:2' }],
      'application/json-patch+json',
    );
    expect((json.obj.spec as any).containers[0].image).toBe('app:2');
    const smp = store.patch(
      pods,
      'a',
      'web',
      { spec: { containers: [{ name: 'sidecar', image: 's' }] } },
      'application/strategic-merge-patch+json',
    );
    expect((smp.obj.spec as any).containers.map((c: any) => c.name)).toEqual([
      'app',
      'sidecar',
    ]);
    expect(
      statusOf(() =>
        store.patch(
          pods,
          'a',
          'web',
          { metadata: { resourceVersion: '1' } },
          'application/merge-patch+json',
        ),
      ),
    ).toMatchObject({ code: 409 });
    expect(
      statusOf(() =>
        store.patch(
          pods,
          'a',
          'web',
          [{ op: 'test', path: '/kind', value: 'Service' }],
          'application/json-patch+json',
        ),
      ),
    ).toMatchObject({ code: 422 });
    store.create(
      peerAuth,
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'p' },
        spec: {},
      },
      'a',
    );
    expect(
      statusOf(() =>
        store.patch(
          peerAuth,
          'a',
          'p',
          {},
          'application/strategic-merge-patch+json',
        ),
      ),
    ).toMatchObject({ code: 415 });
    const status = store.patch(
      pods,
      'a',
      'web',
      { status: { phase: 'Running' }, spec: { nodeName: 'ignored' } },
      'application/merge-patch+json',
      { subresource: 'status' },
    );
    expect(status.obj.status).toEqual({ phase: 'Running' });
    expect((status.obj.spec as any).nodeName).toBeUndefined();
  });

  it('keeps objects with finalizers until the last finalizer goes', () => {
    const store = seeded(0);
    const created = store.create(
      pods,
      {
        ...pod('a', 'f'),
        metadata: { name: 'f', namespace: 'a', finalizers: ['x/y'] },
      },
      'a',
    );
    const first = store.delete(pods, 'a', 'f');
    expect(first.deleted).toBe(false);
    expect(first.stored.obj.metadata.deletionTimestamp).toBeDefined();
    expect(first.stored.rv).toBeGreaterThan(created.rv);
    const gone = store.patch(
      pods,
      'a',
      'f',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    expect(gone.obj.metadata.deletionTimestamp).toBeDefined();
    expect(statusOf(() => store.get(pods, 'a', 'f'))).toMatchObject({
      code: 404,
      message: 'pods "f" not found',
    });
  });

  it('deletes the content of a namespace with it', () => {
    const store = seeded(4);
    const events: string[] = [];
    const watch = store.watch(pods, {}, (type, s) =>
      events.push(`${type} ${s.obj.metadata.name}`),
    );
    const result = store.delete(namespaces, undefined, 'a');
    expect(result.stored.obj.status).toEqual({ phase: 'Terminating' });
    expect(events.sort()).toEqual(['DELETED p001', 'DELETED p003']);
    expect(store.namespaceExists('a')).toBe(false);
    expect(names(store.list(pods, {}).items)).toEqual(['b/p000', 'b/p002']);
    watch.stop();
  });
});

describe('ObjectStore lists', () => {
  it('lists in key order, per namespace or across all, with selectors', () => {
    const store = seeded(6);
    expect(names(store.list(pods, {}).items)).toEqual([
      'a/p001',
      'a/p003',
      'a/p005',
      'b/p000',
      'b/p002',
      'b/p004',
    ]);
    expect(names(store.list(pods, { namespace: 'b' }).items)).toEqual([
      'b/p000',
      'b/p002',
      'b/p004',
    ]);
    expect(
      names(
        store.list(pods, { labelSelector: parseLabelSelector('idx in (0,1)') })
          .items,
      ),
    ).toEqual(['a/p001', 'a/p003', 'b/p000', 'b/p004']);
  });

  it('pages with limit/continue, remainingItemCount, and a consistent snapshot across writes', () => {
    const store = seeded(10);
    const first = store.list(pods, { limit: 4 });
    expect(names(first.items)).toEqual([
      'a/p001',
      'a/p003',
      'a/p005',
      'a/p007',
    ]);
    expect(first.remainingItemCount).toBe(6);
    // Writes between pages do not show in the rest of the snapshot.
    store.delete(pods, 'b', 'p002');
    store.create(pods, pod('b', 'p001x'), 'b');
    store.patch(
      pods,
      'b',
      'p004',
      { metadata: { labels: { changed: 'yes' } } },
      'application/merge-patch+json',
    );
    const second = store.list(pods, { limit: 4, continue: first.continue });
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(names(second.items)).toEqual([
      'a/p009',
      'b/p000',
      'b/p002',
      'b/p004',
    ]);
    expect(second.items[3].obj.metadata.labels).toEqual({ idx: '1' });
    expect(second.remainingItemCount).toBe(2);
    const third = store.list(pods, { limit: 4, continue: second.continue });
    expect(names(third.items)).toEqual(['b/p006', 'b/p008']);
    expect(third.continue).toBeUndefined();
    // A fresh list sees the writes.
    expect(names(store.list(pods, { namespace: 'b' }).items)).toEqual([
      'b/p000',
      'b/p001x',
      'b/p004',
      'b/p006',
      'b/p008',
    ]);
  });

  it('pages with selectors (no remainingItemCount) and within a namespace', () => {
    const store = seeded(12);
    const selector = parseLabelSelector('idx=0');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = store.list(pods, {
        limit: 2,
        labelSelector: selector,
        continue: token,
      });
      expect(page.remainingItemCount).toBeUndefined();
      seen.push(...names(page.items));
      token = page.continue;
    } while (token);
    expect(seen).toEqual(['a/p003', 'a/p009', 'b/p000', 'b/p006']);
    const nsPage = store.list(pods, { namespace: 'b', limit: 5 });
    expect(nsPage.remainingItemCount).toBe(1);
  });

  it('expires continue tokens older than the history, offering an inconsistent continuation', () => {
    const store = seeded(6, { eventHistory: 2 });
    const first = store.list(pods, { limit: 2 });
    for (let i = 0; i < 3; i++) store.create(pods, pod('a', `q${i}`), 'a');
    let error: KubeStatusError | undefined;
    try {
      store.list(pods, { limit: 2, continue: first.continue });
    } catch (e) {
      error = e as KubeStatusError;
    }
    expect(error?.code).toBe(410);
    expect(error?.reason).toBe('Expired');
    const next = store.list(pods, {
      limit: 10,
      continue: error!.statusMetadata!.continue,
    });
    expect(names(next.items)).toEqual([
      'a/p005',
      'a/q0',
      'a/q1',
      'a/q2',
      'b/p000',
      'b/p002',
      'b/p004',
    ]);
  });

  it('applies resourceVersion semantics: 0 ignores limit, Exact reads the past, future is 504', () => {
    const store = seeded(6);
    const rvBefore = store.resourceVersion;
    store.delete(pods, 'a', 'p001');
    expect(
      store.list(pods, { resourceVersion: '0', limit: 2 }).items,
    ).toHaveLength(5);
    const exact = store.list(pods, {
      resourceVersion: String(rvBefore),
      resourceVersionMatch: 'Exact',
    });
    expect(names(exact.items)).toContain('a/p001');
    expect(exact.resourceVersion).toBe(rvBefore);
    const notOlder = store.list(pods, {
      resourceVersion: String(rvBefore),
      resourceVersionMatch: 'NotOlderThan',
    });
    expect(names(notOlder.items)).not.toContain('a/p001');
    expect(
      statusOf(() => store.list(pods, { resourceVersion: '999999' })),
    ).toMatchObject({ code: 504 });
    expect(
      statusOf(() => store.list(pods, { resourceVersionMatch: 'Exact' })),
    ).toMatchObject({ code: 400 });
    expect(
      statusOf(() =>
        store.list(pods, {
          resourceVersion: '0',
          resourceVersionMatch: 'Exact',
        }),
      ),
    ).toMatchObject({ code: 400 });
    expect(
      statusOf(() =>
        store.list(pods, {
          resourceVersion: '1',
          resourceVersionMatch: 'Exact',
        }),
      ),
    ).toMatchObject({ code: 410 });
  });

  it('rejects field selectors the type does not support', () => {
    const store = seeded(2);
    expect(
      statusOf(() =>
        store.list(pods, { fieldSelector: parseFieldSelector('spec.foo=bar') }),
      ),
    ).toMatchObject({
      code: 400,
      message: 'field label not supported: spec.foo',
    });
    expect(
      store.list(pods, {
        fieldSelector: parseFieldSelector(
          'status.phase=Running,metadata.namespace=a',
        ),
      }).items,
    ).toHaveLength(1);
  });

  it('pages 20,000 pods without re-sorting', () => {
    const store = new ObjectStore();
    const objects: KubeObject[] = [];
    for (let n = 0; n < 100; n++) objects.push(ns(`ns-${n}`));
    for (let i = 0; i < 20000; i++)
      objects.push(pod(`ns-${i % 100}`, `pod-${i}`));
    store.load(objects, { initial: true });
    let token: string | undefined;
    let count = 0;
    let pages = 0;
    do {
      const page = store.list(pods, { limit: 500, continue: token });
      count += page.items.length;
      pages++;
      token = page.continue;
    } while (token);
    expect(count).toBe(20000);
    expect(pages).toBe(40);
  });
});

describe('ObjectStore watches', () => {
  function collect(
    store: ObjectStore,
    request: Parameters<ObjectStore['watch']>[1],
  ) {
    const events: string[] = [];
    const start = store.watch(pods, request, (type: StoreEventType, s) =>
      events.push(`${type} ${s.obj.metadata.name} ${s.rv}`),
    );
    return { events, start };
  }

  it('starts from the current state for resourceVersion unset/0 and from history for N', () => {
    const store = seeded(2);
    const fromState = collect(store, { resourceVersion: '0' });
    expect(fromState.start.initial.map(s => s.obj.metadata.name)).toEqual([
      'p001',
      'p000',
    ]);
    const rv = store.resourceVersion;
    const created = store.create(pods, pod('a', 'new'), 'a');
    const fromRv = collect(store, { resourceVersion: String(rv) });
    expect(
      fromRv.start.replay.map(e => `${e.type} ${e.stored.obj.metadata.name}`),
    ).toEqual(['ADDED new']);
    store.delete(pods, 'a', 'new');
    expect(fromState.events).toEqual([
      `ADDED new ${created.rv}`,
      `DELETED new ${created.rv + 1}`,
    ]);
    expect(fromRv.events).toEqual([`DELETED new ${created.rv + 1}`]);
  });

  it('answers 410 for a resourceVersion older than the history kept', () => {
    const store = seeded(2, { eventHistory: 2 });
    const rv = store.resourceVersion;
    for (let i = 0; i < 3; i++) store.create(pods, pod('a', `x${i}`), 'a');
    expect(
      statusOf(() => collect(store, { resourceVersion: String(rv) })),
    ).toMatchObject({ code: 410, reason: 'Expired' });
    expect(
      collect(store, { resourceVersion: String(rv + 1) }).start.replay,
    ).toHaveLength(2);
  });

  it('turns selector transitions into ADDED/DELETED like the watch cache', () => {
    const store = seeded(0);
    store.create(pods, pod('a', 'w', { app: 'web' }), 'a');
    const w = collect(store, {
      resourceVersion: String(store.resourceVersion),
      labelSelector: parseLabelSelector('app=web'),
      namespace: 'a',
    });
    const moved = store.patch(
      pods,
      'a',
      'w',
      { metadata: { labels: { app: 'db' } } },
      'application/merge-patch+json',
    );
    store.patch(
      pods,
      'a',
      'w',
      { metadata: { labels: { app: 'web' } } },
      'application/merge-patch+json',
    );
    store.patch(
      pods,
      'a',
      'w',
      { metadata: { labels: { v: '2' } } },
      'application/merge-patch+json',
    );
    expect(w.events.map(e => e.split(' ')[0])).toEqual([
      'DELETED',
      'ADDED',
      'MODIFIED',
    ]);
    expect(w.events[0]).toBe(`DELETED w ${moved.rv}`);
  });

  it('does not replay bulk-loaded objects and stops delivering after stop()', () => {
    const store = seeded(3);
    const w = collect(store, {
      resourceVersion: String(store.resourceVersion),
    });
    expect(w.start.replay).toHaveLength(0);
    w.start.stop();
    store.create(pods, pod('a', 'late'), 'a');
    expect(w.events).toHaveLength(0);
  });
});
