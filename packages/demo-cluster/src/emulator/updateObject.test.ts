import { peerAuth, pod, pods, seeded, statusOf } from './storeTestUtils';

describe('ObjectStore updates and patches', () => {
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
});
