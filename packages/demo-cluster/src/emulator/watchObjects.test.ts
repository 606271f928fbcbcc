import { parseLabelSelector } from './labelSelector';
import { ObjectStore } from './ObjectStore';
import { StoreEventType } from './StoredObject';
import { pod, pods, seeded, statusOf } from './storeTestUtils';

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
