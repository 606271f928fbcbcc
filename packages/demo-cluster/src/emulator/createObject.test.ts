import {
  configMaps,
  namespaces,
  pod,
  pods,
  seeded,
  statusOf,
} from './storeTestUtils';

describe('ObjectStore creates', () => {
  it('sets uid, creationTimestamp, generation and a fresh resourceVersion on create; drops status', () => {
    // Kubernetes timestamps have whole seconds.
    const store = seeded(0, {
      now: () => new Date('2026-05-04T08:00:00.750Z'),
    });
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
    expect(created.obj.metadata.creationTimestamp).toBe('2026-05-04T08:00:00Z');
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
});
