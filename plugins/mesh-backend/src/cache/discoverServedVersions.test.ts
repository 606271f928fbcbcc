import {
  resourceTypes,
  startKubeEmulator,
  KubeEmulator,
  KubeEmulatorOptions,
} from '@meshwise/demo-cluster';
import { discoverServedVersions } from './discoverServedVersions';
import { KubeHttpClient } from './KubeHttpClient';
import { CachedKind, watchedKinds } from './watchedKinds';
import { startRawServer } from './__testUtils__/rawServer';

/** Every kind the cache can read, Secrets (metadata only) included. */
const ALL_KINDS = watchedKinds({ secretMetadata: true });

describe('discoverServedVersions', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function discover(
    options: KubeEmulatorOptions,
    kinds: readonly CachedKind[] = ALL_KINDS,
    arrange?: (emulator: KubeEmulator) => void,
  ) {
    const emulator = await startKubeEmulator(options);
    cleanups.push(() => emulator.close());
    arrange?.(emulator);
    const client = KubeHttpClient.create({
      url: emulator.url,
      credential: async () => ({
        type: 'bearer token',
        token: emulator.token ?? '',
      }),
    });
    cleanups.push(() => client.close());
    return { result: await discoverServedVersions(client, kinds), emulator };
  }

  it('finds every watched kind in its most preferred served version', async () => {
    const { result, emulator } = await discover({});
    for (const kind of ALL_KINDS) {
      expect(result.get(`${kind.group}/${kind.kind}`)).toEqual({
        status: 'served',
        version: kind.versions[0],
      });
    }
    // Less preferred versions are not fetched when the preferred one serves the kind.
    expect(
      emulator.controls.requestCount('/apis/networking.istio.io/v1beta1'),
    ).toBe(0);
    expect(emulator.controls.requestCount('/apis/networking.istio.io/v1')).toBe(
      1,
    );
  });

  it('falls back to an older version and reports uninstalled kinds and groups', async () => {
    const types = resourceTypes
      .filter(type => type.group !== 'cert-manager.io')
      .map(type =>
        type.group === 'networking.istio.io'
          ? { ...type, versions: ['v1beta1', 'v1alpha3'] }
          : type,
      );
    const { result } = await discover({
      resourceTypes: types,
      uninstalled: ['kibanas.kibana.k8s.elastic.co'],
    });
    expect(result.get('networking.istio.io/VirtualService')).toEqual({
      status: 'served',
      version: 'v1beta1',
    });
    expect(result.get('cert-manager.io/Certificate')).toEqual({
      status: 'notServed',
      reason:
        'certificates.cert-manager.io is not served by the cluster: no API group cert-manager.io (not installed)',
    });
    expect(result.get('kibana.k8s.elastic.co/Kibana')).toMatchObject({
      status: 'notServed',
      reason: expect.stringContaining('kibanas.kibana.k8s.elastic.co'),
    });
  });

  it('reports a group whose discovery fails as unknown, not as uninstalled', async () => {
    const { result } = await discover({}, ALL_KINDS, emulator =>
      emulator.controls.failNext({
        path: '/apis/security.istio.io/v1',
        status: 503,
      }),
    );
    expect(result.get('security.istio.io/PeerAuthentication')).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(
        /discovery of security.istio.io\/v1 failed/,
      ),
    });
    expect(result.get('/Pod')).toMatchObject({ status: 'served' });
  });

  it('fails as a whole when /api cannot be read', async () => {
    const { result: _ignored, emulator } = await discover({}, []);
    const client = KubeHttpClient.create({ url: emulator.url });
    cleanups.push(() => client.close());
    await expect(
      discoverServedVersions(client, ALL_KINDS),
    ).rejects.toMatchObject({
      code: 401,
    });
  });

  it('needs the list and watch verbs', async () => {
    const server = await startRawServer((req, res) => {
      const documents: Record<string, unknown> = {
        '/api': { kind: 'APIVersions', versions: ['v1'] },
        '/api/v1': {
          kind: 'APIResourceList',
          resources: [
            { name: 'pods', verbs: ['get', 'list', 'watch'] },
            { name: 'pods/status', verbs: ['get'] },
            { name: 'services', verbs: ['get'] },
          ],
        },
      };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(documents[req.url ?? ''] ?? {}));
    });
    cleanups.push(() => server.close());
    const client = KubeHttpClient.create({ url: server.url });
    cleanups.push(() => client.close());
    const core = ALL_KINDS.filter(
      kind => kind.kind === 'Pod' || kind.kind === 'Service',
    );
    const result = await discoverServedVersions(client, core);
    expect(result.get('/Pod')).toEqual({ status: 'served', version: 'v1' });
    expect(result.get('/Service')).toMatchObject({ status: 'notServed' });
    expect(server.requests).toEqual(['/api', '/api/v1']);
  });
});
