import { KubeEmulator, startKubeEmulator } from './startKubeEmulator';
import { makeSelfSignedCert, openWatch } from './testing';
import { KubeObject } from './types';

const TOKEN = 'test-token';

function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
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
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 2 }],
    },
  };
}
const peerAuthentication = (
  ns: string,
  name: string,
  mode = 'STRICT',
): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name, namespace: ns },
  spec: { mtls: { mode } },
});

describe('the emulator over HTTP', () => {
  let emulator: KubeEmulator;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const call = async (
    path: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${emulator.url}${path}`, {
      ...init,
      headers: { ...auth, ...init.headers },
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, headers: res.headers };
  };
  const send = (
    method: string,
    path: string,
    body: unknown,
    contentType = 'application/json',
  ) =>
    call(path, {
      method,
      body: JSON.stringify(body),
      headers: { 'Content-Type': contentType },
    });

  beforeEach(async () => {
    emulator = await startKubeEmulator({
      token: TOKEN,
      bookmarkIntervalMs: 100,
      eventHistoryByType: { 'peerauthentications.security.istio.io': 3 },
      objects: [
        namespace('bookinfo', { 'istio-injection': 'enabled' }),
        namespace('istio-system'),
        pod('bookinfo', 'reviews-v1', { app: 'reviews', version: 'v1' }),
        pod('bookinfo', 'reviews-v2', { app: 'reviews', version: 'v2' }),
        pod('istio-system', 'istiod', { app: 'istiod' }),
        peerAuthentication('istio-system', 'default'),
      ],
    });
  });
  afterEach(async () => {
    await emulator.close();
  });

  describe('discovery', () => {
    it('serves /version, /api, /api/v1, /apis and group versions', async () => {
      expect((await call('/version')).body).toMatchObject({
        major: '1',
        gitVersion: expect.stringMatching(/^v1\./),
      });
      expect((await call('/api')).body).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });
      const core = (await call('/api/v1')).body;
      expect(core).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'v1',
      });
      expect(core.resources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'pods',
            singularName: 'pod',
            namespaced: true,
            kind: 'Pod',
            shortNames: ['po'],
          }),
          expect.objectContaining({
            name: 'pods/status',
            kind: 'Pod',
            verbs: ['get', 'patch', 'update'],
          }),
          expect.objectContaining({
            name: 'serviceaccounts/token',
            group: 'authentication.k8s.io',
            kind: 'TokenRequest',
            verbs: ['create'],
          }),
          expect.objectContaining({ name: 'namespaces', namespaced: false }),
        ]),
      );
      const groups = (await call('/apis')).body;
      expect(groups.kind).toBe('APIGroupList');
      const istio = groups.groups.find(
        (g: any) => g.name === 'networking.istio.io',
      );
      expect(istio.versions.map((v: any) => v.version)).toEqual([
        'v1',
        'v1beta1',
        'v1alpha3',
      ]);
      expect(istio.preferredVersion).toEqual({
        groupVersion: 'networking.istio.io/v1',
        version: 'v1',
      });
      const gwApi = groups.groups.find(
        (g: any) => g.name === 'gateway.networking.k8s.io',
      );
      expect(gwApi.versions.map((v: any) => v.version)).toEqual([
        'v1',
        'v1beta1',
      ]);
      const sec = (await call('/apis/security.istio.io/v1beta1')).body;
      expect(sec.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining([
          'peerauthentications',
          'authorizationpolicies',
          'requestauthentications',
          'peerauthentications/status',
        ]),
      );
      expect((await call('/apis/cert-manager.io')).body).toMatchObject({
        kind: 'APIGroup',
        name: 'cert-manager.io',
      });
      expect((await call('/apis/nope.example.com/v1')).status).toBe(404);
    });

    it('serves a minimal OpenAPI v2 document as JSON and protobuf', async () => {
      expect((await call('/openapi/v2')).body).toMatchObject({
        swagger: '2.0',
        paths: {},
      });
      const res = await fetch(`${emulator.url}/openapi/v2`, {
        headers: {
          ...auth,
          Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
        },
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5)).toEqual(
        Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]),
      );
    });
  });

  describe('authentication and errors', () => {
    it('answers 401 Status without or with a wrong token; version stays public', async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        { Authorization: 'Bearer wrong' },
        { Authorization: 'Basic abc' },
      ];
      for (const headers of attempts) {
        const res = await fetch(`${emulator.url}/api/v1/pods`, { headers });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      }
      expect((await fetch(`${emulator.url}/version`)).status).toBe(200);
      expect(
        (
          await fetch(`${emulator.url}/version`, {
            headers: { Authorization: 'Bearer wrong' },
          })
        ).status,
      ).toBe(401);
    });

    it('answers unknown paths and objects with NotFound Status', async () => {
      const unknown = await call('/apis/example.com/v1/widgets');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
      const missing = await call(
        '/apis/apps/v1/namespaces/bookinfo/deployments/nope',
      );
      expect(missing.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', group: 'apps', kind: 'deployments' },
        code: 404,
      });
      expect((await call('/api/v1/pods/reviews-v1')).status).toBe(404);
      expect((await call('/api/v1/namespaces/bookinfo/nodes')).status).toBe(
        404,
      );
      expect(
        (
          await call('/api/v1/pods', {
            headers: { Accept: 'application/vnd.kubernetes.protobuf' },
          })
        ).status,
      ).toBe(406);
    });
  });

  describe('lists', () => {
    it('starts with the namespaces every cluster has, labelled like the real server', async () => {
      const list = (await call('/api/v1/namespaces')).body;
      expect(list.items.map((n: any) => n.metadata.name)).toEqual([
        'bookinfo',
        'default',
        'istio-system',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
      expect(list.items[0].metadata.labels).toEqual({
        'istio-injection': 'enabled',
        'kubernetes.io/metadata.name': 'bookinfo',
      });
    });

    it('leaves apiVersion/kind out of built-in list items but not custom-resource ones', async () => {
      const list = (await call('/api/v1/namespaces/bookinfo/pods')).body;
      expect(list).toMatchObject({
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: expect.any(String) },
      });
      expect(list.items.map((p: any) => p.metadata.name)).toEqual([
        'reviews-v1',
        'reviews-v2',
      ]);
      expect(list.items[0].kind).toBeUndefined();
      expect(list.items[0].apiVersion).toBeUndefined();
      const crs = (
        await call('/apis/security.istio.io/v1beta1/peerauthentications')
      ).body;
      expect(crs).toMatchObject({
        kind: 'PeerAuthenticationList',
        apiVersion: 'security.istio.io/v1beta1',
      });
      expect(crs.items[0]).toMatchObject({
        apiVersion: 'security.istio.io/v1beta1',
        kind: 'PeerAuthentication',
      });
    });

    it('pages with limit/continue and filters with selectors', async () => {
      const first = (await call('/api/v1/pods?limit=2')).body;
      expect(first.items.map((p: any) => p.metadata.name)).toEqual([
        'reviews-v1',
        'reviews-v2',
      ]);
      expect(first.metadata.remainingItemCount).toBe(1);
      const second = (
        await call(
          `/api/v1/pods?limit=2&continue=${encodeURIComponent(
            first.metadata.continue,
          )}`,
        )
      ).body;
      expect(second.items.map((p: any) => p.metadata.name)).toEqual(['istiod']);
      expect(second.metadata.continue).toBeUndefined();
      expect(second.metadata.resourceVersion).toBe(
        first.metadata.resourceVersion,
      );
      const selected = (
        await call(
          `/api/v1/pods?labelSelector=${encodeURIComponent(
            'app=reviews,version!=v1',
          )}`,
        )
      ).body;
      expect(selected.items.map((p: any) => p.metadata.name)).toEqual([
        'reviews-v2',
      ]);
      const byName = (
        await call(
          `/api/v1/pods?fieldSelector=${encodeURIComponent(
            'metadata.name=istiod',
          )}`,
        )
      ).body;
      expect(byName.items).toHaveLength(1);
      const bad = await call(
        `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.bogus=x')}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        reason: 'BadRequest',
        message: 'field label not supported: spec.bogus',
      });
      expect((await call('/api/v1/pods?labelSelector=a%20in%20b')).status).toBe(
        400,
      );
      expect(
        (await call('/api/v1/pods?resourceVersion=0&limit=1')).body.items,
      ).toHaveLength(3);
    });

    it('serves meta.k8s.io Tables and PartialObjectMetadataList', async () => {
      const accept =
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
      const table = (
        await call('/api/v1/namespaces/bookinfo/pods', {
          headers: { Accept: accept },
        })
      ).body;
      expect(table.kind).toBe('Table');
      expect(table.apiVersion).toBe('meta.k8s.io/v1');
      expect(table.columnDefinitions.map((c: any) => c.name)).toEqual([
        'Name',
        'Ready',
        'Status',
        'Restarts',
        'Age',
        'IP',
        'Node',
      ]);
      expect(table.rows[0].cells.slice(0, 4)).toEqual([
        'reviews-v1',
        '1/1',
        'Running',
        '2',
      ]);
      expect(table.rows[0].object).toMatchObject({
        kind: 'PartialObjectMetadata',
        metadata: { name: 'reviews-v1', namespace: 'bookinfo' },
      });
      const meta = (
        await call('/api/v1/pods', {
          headers: {
            Accept:
              'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
          },
        })
      ).body;
      expect(meta.kind).toBe('PartialObjectMetadataList');
      expect(meta.items[0]).toMatchObject({
        kind: 'PartialObjectMetadata',
        metadata: { name: 'reviews-v1' },
      });
      expect(meta.items[0].spec).toBeUndefined();
    });
  });

  describe('writes', () => {
    it('creates, conflicts, updates, patches, updates status and deletes, as the real server answers', async () => {
      const created = await send(
        'POST',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications',
        peerAuthentication('bookinfo', 'strict'),
      );
      expect(created.status).toBe(201);
      expect(created.body.metadata).toMatchObject({
        name: 'strict',
        namespace: 'bookinfo',
        generation: 1,
      });
      const dup = await send(
        'POST',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications',
        peerAuthentication('bookinfo', 'strict'),
      );
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({
        reason: 'AlreadyExists',
        details: {
          name: 'strict',
          group: 'security.istio.io',
          kind: 'peerauthentications',
        },
      });
      const noNs = await send(
        'POST',
        '/apis/security.istio.io/v1/namespaces/ghost/peerauthentications',
        peerAuthentication('ghost', 'x'),
      );
      expect(noNs.status).toBe(404);
      expect(noNs.body.message).toBe('namespaces "ghost" not found');

      const stale = {
        ...created.body,
        metadata: { ...created.body.metadata, resourceVersion: '1' },
        spec: { mtls: { mode: 'PERMISSIVE' } },
      };
      const conflict = await send(
        'PUT',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        stale,
      );
      expect(conflict.status).toBe(409);
      expect(conflict.body.reason).toBe('Conflict');

      const unconditional = await send(
        'PUT',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        {
          ...stale,
          metadata: { name: 'strict', namespace: 'bookinfo' },
          status: { ignored: true },
        },
      );
      expect(unconditional.status).toBe(200);
      expect(unconditional.body.spec.mtls.mode).toBe('PERMISSIVE');
      expect(unconditional.body.metadata.generation).toBe(2);
      expect(unconditional.body.status).toBeUndefined();

      const patched = await send(
        'PATCH',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        { metadata: { labels: { team: 'a' } } },
        'application/merge-patch+json',
      );
      expect(patched.body.metadata.labels).toEqual({ team: 'a' });
      const smp = await send(
        'PATCH',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        {},
        'application/strategic-merge-patch+json',
      );
      expect(smp.status).toBe(415);
      expect(smp.body.reason).toBe('UnsupportedMediaType');

      const status = await send(
        'PATCH',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict/status',
        { status: { observedGeneration: 2 } },
        'application/merge-patch+json',
      );
      expect(status.body.status).toEqual({ observedGeneration: 2 });
      expect(
        (
          await call(
            '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict/status',
          )
        ).body.status,
      ).toEqual({ observedGeneration: 2 });

      const same = await send(
        'PATCH',
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        { metadata: { labels: { team: 'a' } } },
        'application/merge-patch+json',
      );
      expect(same.body.metadata.resourceVersion).toBe(
        status.body.metadata.resourceVersion,
      );

      const deleted = await call(
        '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
        { method: 'DELETE' },
      );
      expect(deleted.status).toBe(200);
      expect(deleted.body.kind).toBe('PeerAuthentication');
      expect(
        (
          await call(
            '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications/strict',
          )
        ).status,
      ).toBe(404);
    });

    it('deletes built-ins with a Success Status, honours dryRun and JSON patch', async () => {
      const cm = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { a: '1' },
      };
      const dry = await send(
        'POST',
        '/api/v1/namespaces/bookinfo/configmaps?dryRun=All',
        cm,
      );
      expect(dry.status).toBe(201);
      expect(
        (await call('/api/v1/namespaces/bookinfo/configmaps/c')).status,
      ).toBe(404);
      expect(
        (
          await send(
            'POST',
            '/api/v1/namespaces/bookinfo/configmaps?dryRun=Some',
            cm,
          )
        ).status,
      ).toBe(400);
      await send('POST', '/api/v1/namespaces/bookinfo/configmaps', cm);
      const jp = await send(
        'PATCH',
        '/api/v1/namespaces/bookinfo/configmaps/c',
        [{ op: 'add', path: '/data/b', value: '2' }],
        'application/json-patch+json',
      );
      expect(jp.body.data).toEqual({ a: '1', b: '2' });
      const del = await call('/api/v1/namespaces/bookinfo/configmaps/c', {
        method: 'DELETE',
        body: JSON.stringify({
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Background',
        }),
      });
      expect(del.body).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'c', kind: 'configmaps', uid: jp.body.metadata.uid },
      });
    });

    it('issues TokenRequests for existing service accounts and accepts the token', async () => {
      await send('POST', '/api/v1/namespaces/bookinfo/serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'reader' },
      });
      const issued = await send(
        'POST',
        '/api/v1/namespaces/bookinfo/serviceaccounts/reader/token',
        {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { audiences: ['api'], expirationSeconds: 3600 },
        },
      );
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        spec: { audiences: ['api'] },
      });
      const payload = JSON.parse(
        Buffer.from(
          issued.body.status.token.split('.')[1],
          'base64url',
        ).toString(),
      );
      expect(payload.sub).toBe('system:serviceaccount:bookinfo:reader');
      emulator.controls.forbid('pods');
      const asSa = await fetch(`${emulator.url}/api/v1/pods`, {
        headers: { Authorization: `Bearer ${issued.body.status.token}` },
      });
      expect((await asSa.json()).message).toContain(
        'User "system:serviceaccount:bookinfo:reader"',
      );
      expect(
        (
          await send(
            'POST',
            '/api/v1/namespaces/bookinfo/serviceaccounts/nobody/token',
            {},
          )
        ).status,
      ).toBe(404);
    });

    it('hides the token subresource when token requests are off', async () => {
      const off = await startKubeEmulator({
        token: null,
        tokenRequest: false,
        objects: [namespace('a')],
      });
      try {
        const core = await (await fetch(`${off.url}/api/v1`)).json();
        expect(core.resources.map((r: any) => r.name)).not.toContain(
          'serviceaccounts/token',
        );
        off.store.create({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 's', namespace: 'a' },
        });
        const res = await fetch(
          `${off.url}/api/v1/namespaces/a/serviceaccounts/s/token`,
          { method: 'POST', body: '{}' },
        );
        expect(res.status).toBe(404);
      } finally {
        await off.close();
      }
    });
  });

  describe('watch', () => {
    it('streams synthetic ADDED then live events from store and HTTP writes', async () => {
      const watch = await openWatch(
        `${emulator.url}/api/v1/namespaces/bookinfo/pods?watch=true`,
        auth,
      );
      expect(watch.status).toBe(200);
      const initial = await watch.next(2);
      expect(initial.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual([
        'ADDED reviews-v1',
        'ADDED reviews-v2',
      ]);
      expect(initial[0].object).toMatchObject({
        apiVersion: 'v1',
        kind: 'Pod',
      });
      emulator.store.create(pod('bookinfo', 'ratings'));
      await send(
        'PATCH',
        '/api/v1/namespaces/bookinfo/pods/ratings',
        { metadata: { labels: { x: 'y' } } },
        'application/merge-patch+json',
      );
      emulator.store.create(pod('istio-system', 'other'));
      await call('/api/v1/namespaces/bookinfo/pods/ratings', {
        method: 'DELETE',
      });
      const live = await watch.next(3);
      expect(live.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual([
        'ADDED ratings',
        'MODIFIED ratings',
        'DELETED ratings',
      ]);
      watch.close();
    });

    it('sends periodic bookmarks, ends at timeoutSeconds, and replays from a resourceVersion', async () => {
      const rv = emulator.store.resourceVersion;
      emulator.store.create(pod('bookinfo', 'late'));
      const watch = await openWatch(
        `${emulator.url}/api/v1/pods?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`,
        auth,
      );
      const [replayed, bookmark] = await watch.next(2);
      expect(replayed).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'late' } },
      });
      expect(bookmark).toEqual({
        type: 'BOOKMARK',
        object: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(emulator.store.resourceVersion) },
        },
      });
      expect(await watch.ended).toEqual({ aborted: false });
    });

    it('sends ERROR 410 Expired when the resourceVersion is older than the history', async () => {
      const rv = emulator.store.resourceVersion;
      for (let i = 0; i < 4; i++)
        emulator.store.create(peerAuthentication('bookinfo', `p${i}`));
      const watch = await openWatch(
        `${emulator.url}/apis/security.istio.io/v1/peerauthentications?watch=true&resourceVersion=${rv}`,
        auth,
      );
      expect(watch.status).toBe(200);
      const [error] = await watch.next(1);
      expect(error.type).toBe('ERROR');
      expect(error.object).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        code: 410,
        reason: 'Expired',
      });
      await watch.ended;
    });

    it('ends the initial events with the k8s.io/initial-events-end bookmark', async () => {
      const bad = await call('/api/v1/pods?watch=true&sendInitialEvents=true');
      expect(bad.status).toBe(422);
      const watch = await openWatch(
        `${emulator.url}/api/v1/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
        auth,
      );
      const events = await watch.next(4);
      expect(events.slice(0, 3).map(e => e.type)).toEqual([
        'ADDED',
        'ADDED',
        'ADDED',
      ]);
      expect(events[3]).toMatchObject({
        type: 'BOOKMARK',
        object: {
          metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
        },
      });
      watch.close();
    });

    it('applies selectors: a pod that stops matching is DELETED', async () => {
      const watch = await openWatch(
        `${emulator.url}/api/v1/pods?watch=true&labelSelector=app%3Dreviews&resourceVersion=${emulator.store.resourceVersion}`,
        auth,
      );
      emulator.store.patch(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: 'bookinfo',
          name: 'reviews-v1',
        },
        { metadata: { labels: { app: 'gone' } } },
      );
      const [event] = await watch.next(1);
      expect(event).toMatchObject({
        type: 'DELETED',
        object: {
          metadata: { name: 'reviews-v1', labels: { app: 'reviews' } },
        },
      });
      watch.close();
    });

    it('streams Table events for kubectl get -w', async () => {
      const watch = await openWatch(
        `${emulator.url}/api/v1/namespaces/bookinfo/pods?watch=true&resourceVersion=${emulator.store.resourceVersion}`,
        {
          ...auth,
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      );
      // put keeps status (create, like POST, drops it).
      emulator.store.put(pod('bookinfo', 'tabled'));
      const [event] = await watch.next(1);
      expect(event.type).toBe('ADDED');
      expect(event.object).toMatchObject({
        kind: 'Table',
        rows: [
          {
            cells: [
              'tabled',
              '1/1',
              'Running',
              '2',
              expect.any(String),
              '<none>',
              '<none>',
            ],
          },
        ],
      });
      watch.close();
    });
  });

  describe('controls', () => {
    it('forbids a type with the real message shape, and allows it again', async () => {
      emulator.controls.forbid('pods');
      const list = await call('/api/v1/namespaces/bookinfo/pods');
      expect(list.status).toBe(403);
      expect(list.body).toMatchObject({
        reason: 'Forbidden',
        message:
          'pods is forbidden: User "system:serviceaccount:backstage:meshwise" cannot list resource "pods" in API group "" in the namespace "bookinfo"',
        details: { kind: 'pods' },
      });
      expect((await call('/api/v1/pods?watch=true')).body.message).toContain(
        'cannot watch resource "pods" in API group "" at the cluster scope',
      );
      emulator.controls.forbid('peerauthentications.security.istio.io', {
        verbs: ['get'],
      });
      expect(
        (
          await call(
            '/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default',
          )
        ).body.message,
      ).toBe(
        'peerauthentications.security.istio.io "default" is forbidden: User "system:serviceaccount:backstage:meshwise" cannot get resource "peerauthentications" in API group "security.istio.io" in the namespace "istio-system"',
      );
      expect(
        (await call('/apis/security.istio.io/v1/peerauthentications')).status,
      ).toBe(200);
      emulator.controls.allow('pods');
      expect((await call('/api/v1/pods')).status).toBe(200);
    });

    it('uninstalls a CRD type: gone from discovery, 404, watches ended; install brings it back', async () => {
      const watch = await openWatch(
        `${emulator.url}/apis/cert-manager.io/v1/certificates?watch=true`,
        auth,
      );
      emulator.controls.uninstall('certificates.cert-manager.io');
      expect(await watch.ended).toEqual({ aborted: false });
      expect(
        (await call('/apis/cert-manager.io/v1')).body.resources.map(
          (r: any) => r.name,
        ),
      ).not.toContain('certificates');
      const res = await call('/apis/cert-manager.io/v1/certificates');
      expect(res.status).toBe(404);
      expect(res.body.reason).toBe('NotFound');
      emulator.controls.uninstall('issuers.cert-manager.io');
      emulator.controls.uninstall('clusterissuers.cert-manager.io');
      emulator.controls.uninstall('certificaterequests.cert-manager.io');
      expect((await call('/apis/cert-manager.io/v1')).status).toBe(404);
      const groups = (await call('/apis')).body.groups.map((g: any) => g.name);
      expect(groups).not.toContain('cert-manager.io');
      expect(() => emulator.controls.uninstall('pods')).toThrow(/built in/);
      emulator.controls.install('certificates.cert-manager.io');
      expect((await call('/apis/cert-manager.io/v1/certificates')).status).toBe(
        200,
      );
    });

    it('injects failures, stalls and counts requests', async () => {
      emulator.controls.failNext({
        status: 429,
        retryAfterSeconds: 3,
        verb: 'list',
      });
      emulator.controls.failNext({ status: 503, path: '/apis/apps' });
      const throttled = await call('/api/v1/pods');
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('3');
      expect(throttled.body).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
      });
      expect((await call('/api/v1/pods')).status).toBe(200);
      expect((await call('/api/v1/pods')).status).toBe(200);
      expect((await call('/apis/apps/v1/deployments')).status).toBe(503);
      emulator.controls.failNext({ count: 2 });
      expect((await call('/version')).status).toBe(500);
      expect((await call('/api')).status).toBe(500);
      expect((await call('/api')).status).toBe(200);

      emulator.controls.stallNext({ ms: 150, path: '/api/v1/namespaces' });
      const started = Date.now();
      await call('/api/v1/namespaces');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);

      expect(emulator.controls.requestCount('/api/v1/pods')).toBe(3);
      expect(emulator.controls.requestCount('/api/v1/pods', 'list')).toBe(3);
      expect(emulator.controls.requestCounts()['/api']).toBe(2);
      emulator.controls.resetRequestCounts();
      expect(emulator.controls.requestCount()).toBe(0);
    });

    it('drops open watch streams without a final event', async () => {
      const watch = await openWatch(
        `${emulator.url}/api/v1/pods?watch=true`,
        auth,
      );
      await watch.next(3);
      expect(emulator.openWatches).toBe(1);
      expect(emulator.controls.dropWatches()).toBe(1);
      expect(await watch.ended).toEqual({ aborted: true });
      expect(emulator.openWatches).toBe(0);
    });
  });

  it('serves HTTPS with a given key and certificate', async () => {
    const tls = makeSelfSignedCert();
    const secure = await startKubeEmulator({
      token: TOKEN,
      tls,
      objects: [namespace('a')],
    });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const watch = await openWatch(
        `${secure.url}/api/v1/namespaces?watch=true`,
        auth,
      );
      const [event] = await watch.next(1);
      expect(event).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'a' } },
      });
      watch.close();
    } finally {
      await secure.close();
    }
  });
});
