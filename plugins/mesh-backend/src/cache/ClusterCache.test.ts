import { mockServices } from '@backstage/backend-test-utils';
import {
  KubeEmulator,
  KubeEmulatorOptions,
  makeSelfSignedCert,
  resourceTypes,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import { ClusterCache, ClusterCacheOptions } from './ClusterCache';
import { KindRef } from './ClusterCacheSink';
import { watchedKinds } from './watchedKinds';
import { recordingLogger } from './__testUtils__/RecordingLogger';
import { RecordingSink } from './__testUtils__/RecordingSink';
import {
  configMap,
  istioGateway,
  namespace,
  peerAuthentication,
  pod,
  secret,
} from './__testUtils__/kubeFixtures';
import { startRawServer } from './__testUtils__/rawServer';
import { waitFor } from '../__testUtils__/waitFor';

/** Every kind the cache can read, Secrets (metadata only) included. */
const ALL_KINDS = watchedKinds({ secretMetadata: true });

const POD: KindRef = { group: '', kind: 'Pod' };
const SECRET: KindRef = { group: '', kind: 'Secret' };
const CONFIG_MAP: KindRef = { group: '', kind: 'ConfigMap' };
const ISTIO_GATEWAY: KindRef = {
  group: 'networking.istio.io',
  kind: 'Gateway',
};
const PEER_AUTHENTICATION: KindRef = {
  group: 'security.istio.io',
  kind: 'PeerAuthentication',
};

/** Pods and PeerAuthentications: a built-in kind and a CRD-backed one. */
const FEW_KINDS = ALL_KINDS.filter(
  kind => kind.kind === 'Pod' || kind.kind === 'PeerAuthentication',
);

// Generous: every wait below polls for a state, none measures speed.
jest.setTimeout(30_000);

describe('ClusterCache', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    // Caches first, then emulators: stopping must not depend on the server.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function emulatorWith(
    options: KubeEmulatorOptions = {},
  ): Promise<KubeEmulator> {
    const emulator = await startKubeEmulator({
      objects: [namespace('istio-system'), namespace('shop')],
      ...options,
    });
    cleanups.push(() => emulator.close());
    return emulator;
  }

  function cacheFor(
    emulator: KubeEmulator,
    options: Partial<ClusterCacheOptions> = {},
  ): { cache: ClusterCache; sink: RecordingSink } {
    const sink = new RecordingSink();
    const cache = ClusterCache.create({
      cluster: { name: 'test', url: emulator.url },
      credential: async () => ({
        type: 'bearer token',
        token: emulator.token ?? '',
      }),
      sink,
      logger: mockServices.logger.mock(),
      kinds: FEW_KINDS,
      backoff: { initialMs: 20, maxMs: 200 },
      discoveryIntervalMs: 100,
      ...options,
    });
    cleanups.push(() => cache.stop());
    cache.start();
    return { cache, sink };
  }

  function statsOf(cache: ClusterCache, kind: KindRef) {
    const stats = cache
      .stats()
      .find(entry => entry.group === kind.group && entry.kind === kind.kind);
    if (!stats) throw new Error(`no reflector for ${kind.kind}`);
    return stats;
  }

  function stateOf(cache: ClusterCache, kind: KindRef) {
    return cache
      .kindStates()
      .find(entry => entry.group === kind.group && entry.kind === kind.kind)!;
  }

  const podRef = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: 'shop',
    name,
  });

  it('syncs every watched kind, listing in pages and stripping bulk', async () => {
    const emulator = await emulatorWith({
      objects: [
        namespace('istio-system'),
        namespace('shop'),
        ...Array.from({ length: 1_234 }, (_, i) => pod('shop', `web-${i}`)),
        configMap('istio-system', 'istio', { mesh: 'defaultConfig: {}' }),
        configMap('shop', 'app-settings', { big: 'x'.repeat(1000) }),
        secret('istio-system', 'bookinfo-credential'),
      ],
    });
    const { cache, sink } = cacheFor(emulator, {
      kinds: ALL_KINDS,
      pageSize: 500,
    });

    await expect(cache.waitForInitialSync(20_000)).resolves.toBe(true);

    expect(cache.kindStates().map(state => state.status)).toEqual(
      ALL_KINDS.map(() => 'synced'),
    );
    expect(emulator.controls.requestCount('/api/v1/pods', 'list')).toBe(3);
    expect(statsOf(cache, POD)).toMatchObject({ lists: 1, listPages: 3 });

    const pods = sink.list(POD);
    expect(pods).toHaveLength(1_234);
    const web = sink.get(POD, 'shop', 'web-7')!;
    expect(web).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-7',
        labels: { app: 'web' },
        annotations: { 'sidecar.istio.io/status': expect.any(String) },
      },
      spec: {
        serviceAccountName: 'default',
        containers: [
          {
            name: 'app',
            image: 'docker.io/example/app:1.0',
            ports: [{ containerPort: 8080, name: 'http' }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          },
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.3' },
        ],
      },
      status: { phase: 'Running', containerStatuses: [{ ready: true }] },
    });
    for (const object of pods) {
      expect(object.metadata).not.toHaveProperty('managedFields');
      expect(object.metadata.annotations).not.toHaveProperty(
        'kubectl.kubernetes.io/last-applied-configuration',
      );
    }
    const spec = web.spec as { volumes?: unknown; containers: object[] };
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0]).not.toHaveProperty('env');
    expect(spec.containers[0]).not.toHaveProperty('volumeMounts');

    // Only the root namespace's ConfigMaps, read through a namespaced path.
    expect(sink.list(CONFIG_MAP).map(cm => cm.metadata.name)).toEqual([
      'istio',
    ]);
    expect(
      emulator.controls.requestCount(
        '/api/v1/namespaces/istio-system/configmaps',
        'list',
      ),
    ).toBe(1);
    expect(emulator.controls.requestCount('/api/v1/configmaps')).toBe(0);

    // Secrets: metadata only, on the wire and in the cache.
    const secrets = emulator.controls
      .requests()
      .filter(request => request.path === '/api/v1/secrets');
    expect(secrets.length).toBeGreaterThan(0);
    expect(sink.get(SECRET, 'istio-system', 'bookinfo-credential')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: expect.objectContaining({ name: 'bookinfo-credential' }),
    });
  });

  it.each([true, false])(
    'tells whether the cluster serves the TokenRequest API (%s)',
    async tokenRequest => {
      const emulator = await emulatorWith({ tokenRequest });
      const seen: boolean[] = [];
      cacheFor(emulator, { onTokenRequestSupport: s => seen.push(s) });
      await waitFor(
        () => seen.length,
        n => n > 0,
        'discovery of TokenRequest',
      );
      expect(seen).toEqual([tokenRequest]);
    },
  );

  it('delivers watch events to the sink as they happen', async () => {
    const emulator = await emulatorWith();
    const { cache, sink } = cacheFor(emulator);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);

    emulator.store.create(pod('shop', 'cart-0'));
    await waitFor(
      () => sink.get(POD, 'shop', 'cart-0'),
      found => found !== undefined,
      'the created pod',
    );
    const created = sink.get(POD, 'shop', 'cart-0')!;
    expect(created.metadata).not.toHaveProperty('managedFields');
    expect(created.metadata.annotations).not.toHaveProperty(
      'kubectl.kubernetes.io/last-applied-configuration',
    );

    emulator.store.patch(podRef('cart-0'), {
      metadata: { labels: { version: 'v2' } },
    });
    await waitFor(
      () => sink.get(POD, 'shop', 'cart-0')?.metadata.labels?.version,
      version => version === 'v2',
      'the modified pod',
    );

    emulator.store.create(peerAuthentication('shop', 'strict', 'STRICT'));
    await waitFor(
      () => sink.get(PEER_AUTHENTICATION, 'shop', 'strict')?.apiVersion,
      apiVersion => apiVersion === 'security.istio.io/v1',
      'the PeerAuthentication at the served version',
    );

    emulator.store.delete(podRef('cart-0'));
    await waitFor(
      () => sink.get(POD, 'shop', 'cart-0'),
      found => found === undefined,
      'the deleted pod to leave the sink',
    );
    expect(sink.calls).toMatchObject({ upsert: 3, remove: 1 });
    expect(statsOf(cache, POD).lists).toBe(1);
  });

  it('advances the resourceVersion on bookmarks and resumes watches from it', async () => {
    const emulator = await emulatorWith({ bookmarkIntervalMs: 50 });
    const { cache } = cacheFor(emulator, {
      kinds: ALL_KINDS.filter(kind => ['Pod', 'Secret'].includes(kind.kind)),
    });
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    const listedAt = statsOf(cache, POD).resourceVersion;

    // Writes the pod watch does not see: only bookmarks can tell it about them.
    emulator.store.create(configMap('shop', 'a', {}));
    emulator.store.create(configMap('shop', 'b', {}));
    const current = String(emulator.store.resourceVersion);
    expect(current).not.toBe(listedAt);
    await waitFor(
      () => statsOf(cache, POD),
      stats => stats.resourceVersion === current && stats.bookmarks > 0,
      'a bookmark carrying the current resourceVersion',
    );

    emulator.controls.dropWatches('pods');
    await waitFor(
      () => emulator.controls.requestCount('/api/v1/pods', 'watch'),
      watches => watches >= 2,
      'the pod watch to be re-established',
    );
    const rewatch = emulator.controls
      .requests()
      .filter(r => r.path === '/api/v1/pods' && r.verb === 'watch')
      .pop()!;
    expect(new URLSearchParams(rewatch.query).get('resourceVersion')).toBe(
      current,
    );
    expect(statsOf(cache, POD).lists).toBe(1);
    // Metadata-only watches take bookmarks too.
    expect(statsOf(cache, SECRET)).toMatchObject({
      watches: 1,
      bookmarks: expect.any(Number),
      resourceVersion: current,
    });
    expect(statsOf(cache, SECRET).bookmarks).toBeGreaterThan(0);
    expect(statsOf(cache, SECRET).lastError).toBeUndefined();
  });

  it('re-lists after 410 Gone and catches up with what it missed', async () => {
    const emulator = await emulatorWith({ eventHistoryByType: { pods: 2 } });
    const { cache, sink } = cacheFor(emulator);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);

    // Synchronously, before the client notices the drop: by the time it
    // re-watches, its resourceVersion is older than the two events kept.
    emulator.controls.dropWatches('pods');
    for (let i = 0; i < 5; i += 1)
      emulator.store.create(pod('shop', `late-${i}`));

    await waitFor(
      () => statsOf(cache, POD).lists,
      lists => lists === 2,
      'a second list',
    );
    await waitFor(
      () => sink.list(POD).length,
      count => count === 5,
      'the pods created while disconnected',
    );
    expect(statsOf(cache, POD).lastError).toMatch(/too old|expired|gone/i);
    expect(sink.calls.replace).toBeGreaterThanOrEqual(2);
    expect(stateOf(cache, POD).status).toBe('synced');
  });

  it('starts the list over when a continue token has expired', async () => {
    const podItem = (name: string) => ({
      metadata: { name, namespace: 'shop' },
    });
    let firstPages = 0;
    const server = await startRawServer((req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/api') return json(200, { versions: ['v1'] });
      if (url.pathname === '/api/v1') {
        return json(200, {
          resources: [{ name: 'pods', verbs: ['list', 'watch'] }],
        });
      }
      if (url.searchParams.get('watch')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.write(''); // stays open until the cache stops
      }
      switch (url.searchParams.get('continue')) {
        case null:
          firstPages += 1;
          return json(200, {
            metadata: {
              resourceVersion: '10',
              continue: `token-${firstPages}`,
            },
            items: [podItem('a'), podItem('b')],
          });
        case 'token-1':
          return json(410, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Expired',
            message:
              'The provided continue parameter is too old to display a consistent list result.',
            code: 410,
          });
        default:
          return json(200, {
            metadata: { resourceVersion: '12' },
            items: [podItem('c')],
          });
      }
    });
    cleanups.push(() => server.close());
    const sink = new RecordingSink();
    const cache = ClusterCache.create({
      cluster: { name: 'raw', url: server.url },
      sink,
      logger: mockServices.logger.mock(),
      kinds: ALL_KINDS.filter(kind => kind.kind === 'Pod'),
      pageSize: 2,
    });
    cleanups.push(() => cache.stop());
    cache.start();

    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    expect(
      sink
        .list(POD)
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(statsOf(cache, POD)).toMatchObject({
      lists: 1,
      listPages: 3,
      resourceVersion: '12',
    });
    const lists = server.requests.filter(
      request =>
        request.startsWith('/api/v1/pods') && !request.includes('watch='),
    );
    expect(lists).toEqual([
      '/api/v1/pods?limit=2',
      '/api/v1/pods?limit=2&continue=token-1',
      '/api/v1/pods?limit=2',
      '/api/v1/pods?limit=2&continue=token-2',
    ]);
    expect(sink.calls.replace).toBe(1);
  });

  it('backs off after server errors, reports them, and recovers', async () => {
    const emulator = await emulatorWith({
      objects: [namespace('shop'), pod('shop', 'web-0')],
    });
    emulator.controls.failNext({
      path: '/api/v1/pods',
      verb: 'list',
      status: 500,
      count: 3,
    });
    emulator.controls.failNext({
      path: '/apis/security.istio.io/v1/peerauthentications',
      status: 503,
      retryAfterSeconds: 0,
      count: 2,
    });
    const { cache, sink } = cacheFor(emulator);

    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    expect(
      sink.stateHistory.filter(h => h.kind === '/Pod').map(h => h.status),
    ).toEqual(['pending', 'error', 'synced']);
    expect(emulator.controls.requestCount('/api/v1/pods', 'list')).toBe(4);
    expect(sink.list(POD)).toHaveLength(1);
    expect(stateOf(cache, PEER_AUTHENTICATION).status).toBe('synced');
    expect(statsOf(cache, PEER_AUTHENTICATION).lastError).toMatch(
      /unable to handle the request/,
    );
  });

  it('reports an error state with the reason while a kind cannot be read', async () => {
    const emulator = await emulatorWith();
    emulator.controls.failNext({
      path: '/api/v1/pods',
      status: 500,
      count: 1_000,
    });
    const { cache } = cacheFor(emulator);
    await waitFor(
      () => stateOf(cache, POD),
      state => state.status === 'error',
      'the pods to be in error',
    );
    expect(stateOf(cache, POD).reason).toMatch(/Internal error/);
    await expect(cache.waitForInitialSync(300)).resolves.toBe(false);
    emulator.controls.clearFaults();
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
  });

  it('marks a forbidden kind forbidden, and reads it once access is granted', async () => {
    const emulator = await emulatorWith({
      objects: [
        namespace('shop'),
        peerAuthentication('shop', 'default', 'STRICT'),
      ],
    });
    emulator.controls.forbid('peerauthentications.security.istio.io');
    const { logger, lines } = recordingLogger();
    const { cache, sink } = cacheFor(emulator, { logger });

    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    const forbidden = stateOf(cache, PEER_AUTHENTICATION);
    expect(forbidden.status).toBe('forbidden');
    expect(forbidden.reason).toMatch(
      /peerauthentications.security.istio.io is forbidden/,
    );
    expect(sink.status(PEER_AUTHENTICATION)).toBe('forbidden');
    expect(stateOf(cache, POD).status).toBe('synced');

    emulator.controls.allow('peerauthentications.security.istio.io');
    await waitFor(
      () => sink.status(PEER_AUTHENTICATION),
      status => status === 'synced',
      'the PeerAuthentications to sync',
    );
    expect(sink.list(PEER_AUTHENTICATION).map(pa => pa.metadata.name)).toEqual([
      'default',
    ]);
    // Logged with the cluster and the kind as metadata, not in the message.
    const kind = {
      kind: 'PeerAuthentication',
      group: 'security.istio.io',
    };
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'Kind forbidden',
      meta: { ...kind, status: 'forbidden', reason: forbidden.reason },
      labels: { cluster: 'test' },
    });
    expect(lines).toContainEqual({
      level: 'info',
      message: 'Kind synced',
      meta: { ...kind, status: 'synced' },
      labels: { cluster: 'test' },
    });
    expect(lines.filter(line => line.message.includes('test'))).toEqual([]);
  });

  it('marks an uninstalled CRD notInstalled and syncs it once installed', async () => {
    const emulator = await emulatorWith({
      objects: [
        namespace('shop'),
        peerAuthentication('shop', 'default', 'STRICT'),
      ],
      uninstalled: ['peerauthentications.security.istio.io'],
    });
    const { cache, sink } = cacheFor(emulator);

    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    expect(stateOf(cache, PEER_AUTHENTICATION)).toMatchObject({
      status: 'notInstalled',
      reason: expect.stringMatching(/peerauthentications.security.istio.io/),
    });
    expect(
      emulator.controls.requestCount(
        '/apis/security.istio.io/v1/peerauthentications',
      ),
    ).toBe(0);

    emulator.controls.install('peerauthentications.security.istio.io');
    await waitFor(
      () => sink.status(PEER_AUTHENTICATION),
      status => status === 'synced',
      'the installed kind to sync',
    );
    expect(sink.list(PEER_AUTHENTICATION)).toHaveLength(1);

    // Removed while watched: the watch ends, the objects go with the CRD.
    emulator.controls.uninstall('peerauthentications.security.istio.io');
    await waitFor(
      () => sink.status(PEER_AUTHENTICATION),
      status => status === 'notInstalled',
      'the uninstalled kind to be notInstalled',
    );
    expect(sink.list(PEER_AUTHENTICATION)).toHaveLength(0);
    expect(stateOf(cache, POD).status).toBe('synced');
  });

  describe('a 404 from a list or watch', () => {
    const GATEWAYS = '/apis/networking.istio.io/v1/gateways';
    const GATEWAY_TYPE = 'gateways.networking.istio.io';
    const gatewayKinds = ALL_KINDS.filter(
      kind => kind.kind === 'Pod' || kind.group === ISTIO_GATEWAY.group,
    );

    async function syncedGateways(options: Partial<ClusterCacheOptions> = {}) {
      const emulator = await emulatorWith({
        objects: [
          namespace('shop'),
          istioGateway('shop', 'web', ['shop.example.com']),
          istioGateway('shop', 'api', ['api.example.com']),
        ],
      });
      const { cache, sink } = cacheFor(emulator, {
        kinds: gatewayKinds,
        // Only a woken discovery can answer within these tests.
        discoveryIntervalMs: 600_000,
        rediscoveryMinIntervalMs: 200,
        ...options,
      });
      await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
      expect(sink.list(ISTIO_GATEWAY)).toHaveLength(2);
      // Every count of Gateways the sink has held since, and every state.
      const counts: number[] = [];
      const replace = sink.replace.bind(sink);
      sink.replace = (kind, objects) => {
        replace(kind, objects);
        if (kind.group === ISTIO_GATEWAY.group) counts.push(objects.length);
      };
      const from = sink.stateHistory.length;
      // Statuses in order, a repeat (a new reason, same status) counted once.
      const gatewayStates = () =>
        sink.stateHistory
          .slice(from)
          .filter(h => h.kind === 'networking.istio.io/Gateway')
          .map(h => h.status)
          .filter((status, i, all) => i === 0 || all[i - 1] !== status);
      const discoveries = () =>
        emulator.controls.requestCount('/apis/networking.istio.io/v1');
      return { emulator, cache, sink, counts, gatewayStates, discoveries };
    }

    it('keeps the objects, never says notInstalled, and syncs again once discovery says served', async () => {
      const { emulator, cache, sink, counts, gatewayStates, discoveries } =
        await syncedGateways();
      const discoveriesBefore = discoveries();
      emulator.controls.failNext({
        path: GATEWAYS,
        verb: 'watch',
        status: 404,
      });
      emulator.controls.dropWatches(GATEWAY_TYPE);

      await waitFor(
        () => gatewayStates(),
        states => states.includes('synced'),
        'the Gateways synced again',
      );
      expect(gatewayStates()).toEqual(['stale', 'synced']);
      expect(sink.list(ISTIO_GATEWAY)).toHaveLength(2);
      // Re-listed by a new reflector; never emptied.
      expect(counts).toEqual([2]);
      expect(discoveries()).toBe(discoveriesBefore + 1);
      expect(stateOf(cache, ISTIO_GATEWAY)).toMatchObject({
        status: 'synced',
      });
    });

    it('says why while discovery re-checks, keeping the objects', async () => {
      const { emulator, cache, sink } = await syncedGateways({
        // Hold the woken discovery back to observe the state before it.
        rediscoveryMinIntervalMs: 60_000,
      });
      emulator.controls.failNext({
        path: GATEWAYS,
        verb: 'watch',
        status: 404,
      });
      emulator.controls.dropWatches(GATEWAY_TYPE);
      // The dropped watch makes them stale at once; the 404 of the re-watch says why next.
      await waitFor(
        () => stateOf(cache, ISTIO_GATEWAY).reason ?? '',
        reason => reason.startsWith('the API answered 404'),
        'the Gateways stale for the 404',
      );
      expect(stateOf(cache, ISTIO_GATEWAY)).toMatchObject({
        status: 'stale',
        reason: expect.stringMatching(
          /^the API answered 404 for gateways \(networking.istio.io\/v1\): .+; discovery is re-checking whether the cluster still serves the kind \(the objects listed before are kept until then\)$/,
        ),
      });
      expect(sink.list(ISTIO_GATEWAY)).toHaveLength(2);
      expect(cache.stats().map(s => s.kind)).not.toContain('Gateway');
    });

    it('does not spin when the server keeps answering 404 while discovery says served', async () => {
      const { emulator, cache, sink, gatewayStates, discoveries } =
        await syncedGateways({ rediscoveryMinIntervalMs: 500 });
      const discoveriesBefore = discoveries();
      const listsBefore = emulator.controls.requestCount(GATEWAYS, 'list');
      emulator.controls.failNext({
        path: GATEWAYS,
        status: 404,
        count: 10_000,
      });
      emulator.controls.dropWatches(GATEWAY_TYPE);
      const startedAt = Date.now();
      await new Promise(resolve => setTimeout(resolve, 2_000));
      const elapsed = Date.now() - startedAt;

      // One discovery per 500 ms at most (plus the first, at once).
      const woken = discoveries() - discoveriesBefore;
      expect(woken).toBeGreaterThanOrEqual(2);
      expect(woken).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
      expect(
        emulator.controls.requestCount(GATEWAYS, 'list') - listsBefore,
      ).toBeLessThanOrEqual(woken);
      expect(stateOf(cache, ISTIO_GATEWAY).status).toBe('stale');
      expect(gatewayStates()).toEqual(['stale']);
      expect(sink.list(ISTIO_GATEWAY)).toHaveLength(2);

      emulator.controls.clearFaults();
      await waitFor(
        () => stateOf(cache, ISTIO_GATEWAY).status,
        status => status === 'synced',
        'the Gateways synced once the 404s stop',
      );
    });

    it('is an error, not notInstalled, for a kind never listed', async () => {
      const emulator = await emulatorWith({
        objects: [namespace('shop'), istioGateway('shop', 'web', ['a.b'])],
      });
      emulator.controls.failNext({ path: GATEWAYS, verb: 'list', status: 404 });
      const { cache, sink } = cacheFor(emulator, {
        kinds: gatewayKinds,
        discoveryIntervalMs: 600_000,
        rediscoveryMinIntervalMs: 200,
      });
      await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
      expect(
        sink.stateHistory
          .filter(h => h.kind === 'networking.istio.io/Gateway')
          .map(h => h.status),
      ).toEqual(['pending', 'error', 'synced']);
      expect(sink.list(ISTIO_GATEWAY)).toHaveLength(1);
    });

    it('still ends notInstalled, objects gone, when the CRD is really uninstalled', async () => {
      const { emulator, cache, sink, counts, gatewayStates } =
        await syncedGateways();
      emulator.controls.uninstall(GATEWAY_TYPE);
      await waitFor(
        () => stateOf(cache, ISTIO_GATEWAY).status,
        status => status === 'notInstalled',
        'the uninstalled Gateways notInstalled',
      );
      expect(gatewayStates()).toEqual(['stale', 'notInstalled']);
      expect(stateOf(cache, ISTIO_GATEWAY).reason).toMatch(
        /gateways.networking.istio.io|networking.istio.io\/v1/,
      );
      expect(sink.list(ISTIO_GATEWAY)).toEqual([]);
      expect(counts).toEqual([0]);
      expect(stateOf(cache, POD).status).toBe('synced');
    });
  });

  it('picks the version the cluster serves', async () => {
    const olderIstio = resourceTypes.map(type =>
      type.group === 'security.istio.io'
        ? { ...type, versions: ['v1beta1'] }
        : type,
    );
    const emulator = await emulatorWith({
      resourceTypes: olderIstio,
      objects: [
        namespace('shop'),
        {
          ...peerAuthentication('shop', 'default', 'STRICT'),
          apiVersion: 'security.istio.io/v1beta1',
        },
      ],
    });
    const { cache, sink } = cacheFor(emulator);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    expect(stateOf(cache, PEER_AUTHENTICATION)).toMatchObject({
      status: 'synced',
      version: 'v1beta1',
    });
    expect(sink.get(PEER_AUTHENTICATION, 'shop', 'default')?.apiVersion).toBe(
      'security.istio.io/v1beta1',
    );
  });

  it('abandons a stalled list and a stalled watch and reconnects', async () => {
    const emulator = await emulatorWith({
      objects: [namespace('shop'), pod('shop', 'web-0')],
      bookmarkIntervalMs: 50,
    });
    emulator.controls.stallNext({
      path: '/api/v1/pods',
      verb: 'list',
      ms: 1_500,
    });
    const { cache, sink } = cacheFor(emulator, { stallTimeoutMs: 300 });

    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    expect(emulator.controls.requestCount('/api/v1/pods', 'list')).toBe(2);
    expect(statsOf(cache, POD).lastError).toMatch(
      /no data from the Kubernetes API/,
    );

    await waitFor(
      () => emulator.openWatches,
      open => open === FEW_KINDS.length,
      'the watches to be open',
    );
    const watchesBefore = statsOf(cache, POD).watches;
    emulator.controls.stallNext({
      path: '/api/v1/pods',
      verb: 'watch',
      ms: 1_500,
    });
    emulator.controls.dropWatches('pods');
    await waitFor(
      () => statsOf(cache, POD).watches,
      watches => watches >= watchesBefore + 2,
      'a watch after the stalled one',
    );
    emulator.store.create(pod('shop', 'web-1'));
    await waitFor(
      () => sink.get(POD, 'shop', 'web-1'),
      found => found !== undefined,
      'an event on the new watch',
    );
  });

  it('turns a synced kind stale while its watch stays broken, and back', async () => {
    const emulator = await emulatorWith();
    const { cache, sink } = cacheFor(emulator, { staleAfterMs: 200 });
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);

    emulator.controls.failNext({
      path: '/api/v1/pods',
      status: 503,
      count: 10_000,
    });
    emulator.controls.dropWatches('pods');
    await waitFor(
      () => sink.states.get('/Pod'),
      state => state?.status === 'stale',
      'the pods to turn stale',
    );
    expect(stateOf(cache, POD).reason).toMatch(/unable to handle the request/);
    expect(stateOf(cache, PEER_AUTHENTICATION).status).toBe('synced');

    emulator.controls.clearFaults();
    await waitFor(
      () => sink.status(POD),
      status => status === 'synced',
      'the pods to be synced again',
    );
  });

  it('survives a sink that throws', async () => {
    const emulator = await emulatorWith();
    const { cache, sink } = cacheFor(emulator);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    const upsert = sink.upsert.bind(sink);
    let failed = false;
    sink.upsert = (kind, object) => {
      if (!failed) {
        failed = true;
        throw new Error('sink bug');
      }
      upsert(kind, object);
    };
    emulator.store.create(pod('shop', 'first'));
    emulator.store.create(pod('shop', 'second'));
    await waitFor(
      () => sink.get(POD, 'shop', 'second'),
      found => found !== undefined,
      'the event after the failing one',
    );
    expect(failed).toBe(true);
    expect(statsOf(cache, POD).watches).toBe(1);
  });

  it('reports a wrong token as an error on every kind', async () => {
    const emulator = await emulatorWith();
    const { cache } = cacheFor(emulator, {
      credential: async () => ({ type: 'bearer token', token: 'wrong' }),
    });
    await waitFor(
      () => cache.kindStates().map(state => state.status),
      statuses => statuses.every(status => status === 'error'),
      'every kind in error',
    );
    expect(stateOf(cache, POD).reason).toMatch(
      /discovery failed: Unauthorized/,
    );
  });

  it('reports an unreachable cluster without throwing', async () => {
    const emulator = await startKubeEmulator();
    const url = emulator.url;
    await emulator.close();
    const sink = new RecordingSink();
    const cache = ClusterCache.create({
      cluster: { name: 'gone', url },
      sink,
      logger: mockServices.logger.mock(),
      kinds: FEW_KINDS,
      backoff: { initialMs: 20, maxMs: 100 },
    });
    cleanups.push(() => cache.stop());
    cache.start();
    await expect(cache.waitForInitialSync(300)).resolves.toBe(false);
    await waitFor(
      () => sink.status(POD),
      status => status === 'error',
      'the pods to be in error',
    );
    expect(stateOf(cache, POD).reason).toMatch(/ECONNREFUSED/);
  });

  it('reads a cluster over TLS, trusting it through caData', async () => {
    const { key, cert } = makeSelfSignedCert();
    const emulator = await emulatorWith({
      tls: { key, cert },
      objects: [namespace('shop'), pod('shop', 'web-0')],
    });
    expect(emulator.url).toMatch(/^https:/);
    const { cache, sink } = cacheFor(emulator, {
      cluster: {
        name: 'tls',
        url: emulator.url,
        caData: Buffer.from(cert).toString('base64'),
      },
    });
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    emulator.store.create(pod('shop', 'web-1'));
    await waitFor(
      () => sink.list(POD).length,
      count => count === 2,
      'the pod created after the sync',
    );
  });

  it('closes every watch when stopped', async () => {
    const emulator = await emulatorWith();
    const { cache } = cacheFor(emulator, { kinds: ALL_KINDS });
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    await waitFor(
      () => emulator.openWatches,
      open => open === ALL_KINDS.length,
      'a watch per kind',
    );
    await cache.stop();
    await waitFor(
      () => emulator.openWatches,
      open => open === 0,
      'no open watches',
    );
    await expect(cache.waitForInitialSync(100)).resolves.toBe(true);
  });
});
