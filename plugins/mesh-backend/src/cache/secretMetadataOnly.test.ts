import { IncomingMessage, ServerResponse } from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterCache } from './ClusterCache';
import { KindRef } from './ClusterCacheSink';
import { watchedKinds } from './watchedKinds';
import { RecordingSink } from './__testUtils__/RecordingSink';
import { RawServer, startRawServer } from './__testUtils__/rawServer';
import { waitFor } from '../__testUtils__/waitFor';

const SECRET: KindRef = { group: '', kind: 'Secret' };
const SECRET_KINDS = watchedKinds({ secretMetadata: true }).filter(
  kind => kind.kind === 'Secret',
);
const METADATA_LIST =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA_OBJECT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/** What must never reach the cache. */
const KEY_MATERIAL = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t';

const metadataOf = (name: string) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { name, namespace: 'istio-system', resourceVersion: '5' },
});
const fullSecret = (name: string) => ({
  kind: 'Secret',
  apiVersion: 'v1',
  metadata: { name, namespace: 'istio-system', resourceVersion: '6' },
  type: 'kubernetes.io/tls',
  data: { 'tls.key': KEY_MATERIAL },
});

/**
 * An API server serving Secrets only: discovery, then lists and watches as
 * `secrets` says, recording each request's Accept header.
 */
async function secretsServer(secrets: {
  list(accept: string): object;
  /** Answer lists with this status (a Status body) instead of the list. */
  listStatus?: number;
  watchEvents(accept: string): object[];
}): Promise<RawServer & { accepts: Array<[string, string]> }> {
  const accepts: Array<[string, string]> = [];
  const server = await startRawServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '', 'http://x');
      const json = (body: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/readyz') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('ok');
      }
      if (url.pathname === '/api') return json({ versions: ['v1'] });
      if (url.pathname === '/apis') return json({ groups: [] });
      if (url.pathname === '/api/v1') {
        return json({
          resources: [{ name: 'secrets', verbs: ['list', 'watch'] }],
        });
      }
      const accept = String(req.headers.accept ?? '');
      const watch = url.searchParams.get('watch');
      accepts.push([watch ? 'watch' : 'list', accept]);
      if (watch) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        for (const event of secrets.watchEvents(accept)) {
          res.write(`${JSON.stringify(event)}\n`);
        }
        return undefined; // stays open until the cache stops
      }
      if (secrets.listStatus) {
        res.writeHead(secrets.listStatus, {
          'Content-Type': 'application/json',
        });
        return res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            code: secrets.listStatus,
            reason: 'NotAcceptable',
            message:
              'only the following media types are accepted: application/json',
          }),
        );
      }
      return json(secrets.list(accept));
    },
  );
  return Object.assign(server, { accepts });
}

describe('Secrets are read as metadata only', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function cacheOn(server: RawServer) {
    const sink = new RecordingSink();
    const cache = ClusterCache.create({
      cluster: { name: 'raw', url: server.url },
      sink,
      logger: mockServices.logger.mock(),
      kinds: SECRET_KINDS,
      backoff: { initialMs: 20, maxMs: 100 },
    });
    cleanups.push(() => server.close());
    cleanups.push(() => cache.stop());
    cache.start();
    return { cache, sink };
  }

  it('sends every list and watch of Secrets with the metadata-only Accept header, nothing else accepted', async () => {
    const server = await secretsServer({
      list: () => ({
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: '5' },
        items: [metadataOf('bookinfo-credential')],
      }),
      watchEvents: () => [{ type: 'ADDED', object: metadataOf('new-cred') }],
    });
    const { cache, sink } = cacheOn(server);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    await waitFor(
      () => sink.get(SECRET, 'istio-system', 'new-cred'),
      found => found !== undefined,
      'the watched Secret',
    );
    expect(server.accepts).toEqual([
      ['list', METADATA_LIST],
      ['watch', METADATA_OBJECT],
    ]);
    expect(sink.get(SECRET, 'istio-system', 'bookinfo-credential')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: expect.objectContaining({ name: 'bookinfo-credential' }),
    });
  });

  it('refuses a list that is not metadata-only and keeps nothing of it', async () => {
    const server = await secretsServer({
      // A server (or proxy) that ignores the Accept header.
      list: () => ({
        kind: 'SecretList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '5' },
        items: [fullSecret('bookinfo-credential')],
      }),
      watchEvents: () => [],
    });
    const { cache, sink } = cacheOn(server);
    await waitFor(
      () => sink.status(SECRET),
      status => status === 'error',
      'the Secrets in error',
    );
    expect(cache.kindStates()[0].reason).toMatch(
      /ignored the metadata-only request for secrets \(v1\); its objects are not cached/,
    );
    expect(sink.calls).toEqual({ replace: 0, upsert: 0, remove: 0 });
    expect(JSON.stringify([...sink.objects])).not.toContain(KEY_MATERIAL);
    expect(server.accepts.every(([, accept]) => accept === METADATA_LIST)).toBe(
      true,
    );
  });

  it('refuses a watch event that is not metadata-only and keeps nothing of it', async () => {
    const server = await secretsServer({
      list: () => ({
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: '5' },
        items: [metadataOf('bookinfo-credential')],
      }),
      watchEvents: () => [
        { type: 'MODIFIED', object: fullSecret('bookinfo-credential') },
        { type: 'ADDED', object: fullSecret('other') },
      ],
    });
    const { cache, sink } = cacheOn(server);
    await expect(cache.waitForInitialSync(10_000)).resolves.toBe(true);
    await waitFor(
      () => cache.stats()[0]?.lastError,
      error => error !== undefined,
      'the refused watch',
    );
    expect(cache.stats()[0].lastError).toMatch(
      /ignored the metadata-only watch for secrets \(v1\)/,
    );
    expect(sink.calls.upsert).toBe(0);
    expect(sink.get(SECRET, 'istio-system', 'other')).toBeUndefined();
    expect(JSON.stringify([...sink.objects])).not.toContain(KEY_MATERIAL);
    expect(
      server.accepts.filter(([verb]) => verb === 'watch').length,
    ).toBeGreaterThan(0);
    for (const [verb, accept] of server.accepts) {
      expect(accept).toBe(verb === 'watch' ? METADATA_OBJECT : METADATA_LIST);
    }
  });

  it('says what a 406 for metadata only leaves unknown and what to do, and asks again only rarely', async () => {
    const server = await secretsServer({
      list: () => ({}),
      listStatus: 406,
      watchEvents: () => [],
    });
    const { cache, sink } = cacheOn(server);
    await waitFor(
      () => sink.status(SECRET),
      status => status === 'error',
      'the Secrets in error',
    );
    const reason = cache.kindStates()[0].reason ?? '';
    expect(reason).toMatch(/will not serve secrets \(v1\) as metadata only/);
    expect(reason).toContain('406');
    expect(reason).toContain('mesh.readSecretMetadata: false');
    expect(reason).toContain(
      'gateway credentials without a cert-manager Certificate stay unknown',
    );
    expect(sink.calls).toEqual({ replace: 0, upsert: 0, remove: 0 });
    // The backoff (20-100 ms here) does not apply: a 406 is asked again after a minute.
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(server.accepts).toHaveLength(1);
  });
});
