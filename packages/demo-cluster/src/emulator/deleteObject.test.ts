import {
  names,
  namespaces,
  pod,
  pods,
  seeded,
  statusOf,
} from './storeTestUtils';

describe('ObjectStore deletes', () => {
  it('keeps objects with finalizers until the last finalizer goes', () => {
    const store = seeded(0, { now: () => new Date('2026-05-04T08:00:00Z') });
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
    expect(first.stored.obj.metadata).toMatchObject({
      deletionTimestamp: '2026-05-04T08:00:00Z',
      deletionGracePeriodSeconds: 0,
      finalizers: ['x/y'],
    });
    expect(first.stored.rv).toBeGreaterThan(created.rv);
    const gone = store.patch(
      pods,
      'a',
      'f',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    expect(gone.obj.metadata.deletionTimestamp).toBe('2026-05-04T08:00:00Z');
    expect(gone.obj.metadata.finalizers).toBeUndefined();
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

  it('refuses a delete whose uid or resourceVersion precondition is stale, like the real server', () => {
    const store = seeded(0);
    const created = store.create(pods, pod('a', 'web'), 'a');
    const uid = created.obj.metadata.uid;
    expect(
      statusOf(() =>
        store.delete(pods, 'a', 'web', { preconditions: { uid: 'other' } }),
      ),
    ).toEqual({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: other, UID in object meta: ${uid}`,
    });
    expect(
      statusOf(() =>
        store.delete(pods, 'a', 'web', {
          preconditions: { resourceVersion: '1' },
        }),
      ),
    ).toEqual({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on pods "web": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${created.rv}`,
    });
    expect(
      store.delete(pods, 'a', 'web', {
        preconditions: { uid, resourceVersion: String(created.rv) },
      }).deleted,
    ).toBe(true);
  });
});
