import * as k8s from '@kubernetes/client-node';
import { KubeEmulator, startKubeEmulator } from './startKubeEmulator';
import { KubeObject } from './types';

/**
 * Fidelity: the real `@kubernetes/client-node` (1.4.0, the version Backstage's
 * kubernetes plugin pins) against the emulator, as it would talk to a cluster.
 */
const TOKEN = 'client-node-token';

function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
function pod(
  ns: string,
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
        },
      ],
    },
    status: { phase: 'Running' },
  };
}
function certificate(ns: string, name: string): k8s.KubernetesObject {
  const cert: k8s.KubernetesObject & { spec: unknown } = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: ns },
    spec: {
      secretName: `${name}-tls`,
      dnsNames: ['bookinfo.example.com'],
      issuerRef: { name: 'vault', kind: 'Issuer' },
    },
  };
  return cert;
}

function kubeConfig(server: string, token?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'emulator', server, skipTLSVerify: true }],
    users: [{ name: 'reader', ...(token ? { token } : {}) }],
    contexts: [{ name: 'emulator', cluster: 'emulator', user: 'reader' }],
    currentContext: 'emulator',
  });
  return kc;
}

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 20));
    }
  }
}

async function apiError(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof k8s.ApiException) {
      return {
        code: e.code,
        body:
          typeof e.body === 'string' && e.body ? JSON.parse(e.body) : e.body,
      };
    }
    throw e;
  }
  throw new Error('expected an ApiException');
}

describe('@kubernetes/client-node against the emulator', () => {
  let emulator: KubeEmulator;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeEach(async () => {
    const objects: KubeObject[] = [
      namespace('bookinfo'),
      namespace('istio-system'),
    ];
    for (let i = 0; i < 25; i++)
      objects.push(
        pod('bookinfo', `reviews-${String(i).padStart(2, '0')}`, {
          app: 'reviews',
          shard: String(i % 5),
        }),
      );
    objects.push(
      pod('istio-system', 'istiod-1-24', {
        app: 'istiod',
        'istio.io/rev': '1-24',
      }),
    );
    emulator = await startKubeEmulator({
      token: TOKEN,
      objects,
      eventHistoryByType: { pods: 5 },
    });
    kc = kubeConfig(emulator.url, TOKEN);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('lists with paging and selectors', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedPod({
        namespace: 'bookinfo',
        limit: 10,
        _continue: token,
      });
      names.push(...page.items.map(p => p.metadata!.name!));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);

    const shard = await core.listPodForAllNamespaces({
      labelSelector: 'app=reviews,shard in (1,3)',
    });
    expect(shard.items).toHaveLength(10);
    expect(shard.items[0].kind).toBeUndefined();
    const istiod = await core.listPodForAllNamespaces({
      labelSelector: 'istio.io/rev',
      fieldSelector: 'metadata.namespace=istio-system',
    });
    expect(istiod.items.map(p => p.metadata!.name)).toEqual(['istiod-1-24']);
  });

  it('watches events from store writes and from client writes', async () => {
    const events: string[] = [];
    const start = await core.listNamespacedPod({
      namespace: 'bookinfo',
      limit: 1,
    });
    const controller = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/bookinfo/pods',
      {
        resourceVersion: start.metadata!.resourceVersion,
        allowWatchBookmarks: true,
      },
      (type, obj) => events.push(`${type} ${obj.metadata.name}`),
      () => undefined,
    );
    emulator.store.create(pod('bookinfo', 'ratings-v1'));
    await core.createNamespacedPod({
      namespace: 'bookinfo',
      body: pod('bookinfo', 'details-v1') as k8s.V1Pod,
    });
    await core.patchNamespacedPod(
      {
        namespace: 'bookinfo',
        name: 'details-v1',
        body: { metadata: { labels: { version: 'v1' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedPod({
      namespace: 'bookinfo',
      name: 'ratings-v1',
    });
    await eventually(() =>
      expect(events).toEqual([
        'ADDED ratings-v1',
        'ADDED details-v1',
        'MODIFIED details-v1',
        'DELETED ratings-v1',
      ]),
    );
    controller.abort();
  });

  it('keeps an informer in sync, re-listing after 410 Gone', async () => {
    const informer = k8s.makeInformer(kc, '/api/v1/pods', () =>
      core.listPodForAllNamespaces(),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', obj => added.push(obj.metadata!.name!));
    informer.on('delete', obj => deleted.push(obj.metadata!.name!));
    // client-node's ListWatch does not restart itself after a transport error.
    informer.on('error', () => setTimeout(() => informer.start(), 50));
    await informer.start();
    await eventually(() => expect(informer.list()).toHaveLength(26));
    await eventually(() => expect(emulator.openWatches).toBe(1));

    // Drop the watch and, before the client reconnects, write more than the pod history holds.
    emulator.controls.dropWatches();
    for (let i = 0; i < 8; i++)
      emulator.store.create(pod('bookinfo', `burst-${i}`));
    emulator.store.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'bookinfo',
      name: 'reviews-00',
    });

    await eventually(() => {
      expect(informer.list()).toHaveLength(33);
      expect(informer.get('burst-7', 'bookinfo')).toMatchObject({
        metadata: { name: 'burst-7', namespace: 'bookinfo' },
      });
      expect(informer.get('reviews-00', 'bookinfo')).toBeUndefined();
    });
    expect(deleted).toEqual(['reviews-00']);
    const requests = emulator.controls
      .requests()
      .filter(r => r.path === '/api/v1/pods');
    expect(requests.filter(r => r.verb === 'list')).toHaveLength(2);
    expect(
      requests.filter(r => r.verb === 'watch').length,
    ).toBeGreaterThanOrEqual(2);

    // And it keeps watching afterwards.
    emulator.store.create(pod('istio-system', 'after-relist'));
    await eventually(() => expect(added).toContain('after-relist'));
    await informer.stop();
  });

  it('does CRUD on a custom resource with 409 conflicts and merge patches', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const created = await objects.create(
      certificate('istio-system', 'bookinfo-gw'),
    );
    // The uid the server assigned, not one the client made up.
    expect(created.metadata?.uid).toEqual(expect.any(String));
    expect(
      emulator.store.get({
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        namespace: 'istio-system',
        name: 'bookinfo-gw',
      })?.metadata.uid,
    ).toBe(created.metadata?.uid);
    expect(
      (
        await apiError(
          objects.create(certificate('istio-system', 'bookinfo-gw')),
        )
      ).body,
    ).toMatchObject({ reason: 'AlreadyExists', code: 409 });

    const read = await objects.read({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'bookinfo-gw', namespace: 'istio-system' },
    });
    const replaced = await objects.replace({
      ...read,
      spec: { ...(read as any).spec, dnsNames: ['a.example.com'] },
    });
    expect((replaced as any).spec.dnsNames).toEqual(['a.example.com']);
    const conflict = await apiError(
      objects.replace({
        ...read,
        spec: { ...(read as any).spec, dnsNames: ['b.example.com'] },
      }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');

    const patched = await objects.patch(
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: {
          name: 'bookinfo-gw',
          namespace: 'istio-system',
          labels: { team: 'bookinfo' },
        },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
    expect(patched.metadata.labels).toEqual({ team: 'bookinfo' });
    expect((patched as any).spec.dnsNames).toEqual(['a.example.com']);

    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const status = await custom.patchNamespacedCustomObjectStatus(
      {
        group: 'cert-manager.io',
        version: 'v1',
        namespace: 'istio-system',
        plural: 'certificates',
        name: 'bookinfo-gw',
        body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(status.status.conditions[0].type).toBe('Ready');

    const list = await objects.list(
      'cert-manager.io/v1',
      'Certificate',
      'istio-system',
    );
    expect(list.items.map(c => c.metadata?.name)).toEqual(['bookinfo-gw']);
    await objects.delete({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'bookinfo-gw', namespace: 'istio-system' },
    });
    expect(
      (
        await apiError(
          objects.read({
            apiVersion: 'cert-manager.io/v1',
            kind: 'Certificate',
            metadata: { name: 'bookinfo-gw', namespace: 'istio-system' },
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('gets 401 without a token, 403 on a forbidden type, 404 when the CRD is not installed', async () => {
    const anonymous = kubeConfig(emulator.url).makeApiClient(k8s.CoreV1Api);
    const unauthorized = await apiError(anonymous.listNamespace());
    expect(unauthorized.code).toBe(401);
    // (client-node's generated code drops the body of a 401; the Status is checked in httpApi.test.ts.)

    emulator.controls.forbid('secrets');
    const forbidden = await apiError(
      core.listNamespacedSecret({ namespace: 'istio-system' }),
    );
    expect(forbidden.code).toBe(403);
    expect(forbidden.body.message).toBe(
      'secrets is forbidden: User "system:serviceaccount:backstage:meshwise" cannot list resource "secrets" in API group "" in the namespace "istio-system"',
    );

    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    await custom.listClusterCustomObject({
      group: 'elasticsearch.k8s.elastic.co',
      version: 'v1',
      plural: 'elasticsearches',
    });
    emulator.controls.uninstall('elasticsearches.elasticsearch.k8s.elastic.co');
    const missing = await apiError(
      custom.listClusterCustomObject({
        group: 'elasticsearch.k8s.elastic.co',
        version: 'v1',
        plural: 'elasticsearches',
      }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body.reason).toBe('NotFound');
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).not.toContain(
      'elasticsearch.k8s.elastic.co',
    );
  });
});
