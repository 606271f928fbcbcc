import { parseFieldSelector } from './fieldSelector';
import { KubeStatusError } from './KubeStatusError';
import { parseLabelSelector } from './labelSelector';
import { ObjectStore } from './ObjectStore';
import { names, ns, pod, pods, seeded, statusOf } from './storeTestUtils';
import { KubeObject } from './types';

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
