import { gzipSync } from 'node:zlib';
import {
  KubeEmulator,
  makeSelfSignedCert,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import { KubeHttpClient, RawWatchEvent } from './KubeHttpClient';
import { KubeApiError, isResourceExpired } from './KubeApiError';
import { namespace } from './__testUtils__/kubeFixtures';
import { RawServer, startRawServer } from './__testUtils__/rawServer';

jest.setTimeout(30_000);

describe('KubeHttpClient', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function clientFor(
    url: string,
    options: Partial<Parameters<typeof KubeHttpClient.create>[0]> = {},
  ): KubeHttpClient {
    const client = KubeHttpClient.create({ url, ...options });
    cleanups.push(() => client.close());
    return client;
  }

  async function emulator(options = {}): Promise<KubeEmulator> {
    const started = await startKubeEmulator({
      objects: [namespace('shop')],
      ...options,
    });
    cleanups.push(() => started.close());
    return started;
  }

  async function rawServer(
    handler: Parameters<typeof startRawServer>[0],
  ): Promise<RawServer> {
    const server = await startRawServer(handler);
    cleanups.push(() => server.close());
    return server;
  }

  function bearer(cluster: KubeEmulator) {
    return jest.fn(async () => ({
      type: 'bearer token' as const,
      token: cluster.token ?? '',
    }));
  }

  it('asks the credential callback before every request', async () => {
    const cluster = await emulator();
    const credential = bearer(cluster);
    const client = clientFor(cluster.url, { credential });
    const first = await client.getJson<{
      items: Array<{ metadata: { name: string } }>;
    }>('/api/v1/namespaces');
    expect(first.items.map(item => item.metadata.name)).toContain('shop');
    await client.getJson('/api/v1/namespaces/shop');
    expect(credential).toHaveBeenCalledTimes(2);
  });

  it('turns Status answers into typed errors', async () => {
    const cluster = await emulator();
    const client = clientFor(cluster.url, { credential: bearer(cluster) });

    await expect(
      client.getJson('/apis/example.com/v1/things'),
    ).rejects.toMatchObject({
      name: 'KubeApiError',
      code: 404,
      reason: 'NotFound',
    });

    cluster.controls.forbid('pods');
    const forbidden = await client.getJson('/api/v1/pods').catch(e => e);
    expect(forbidden).toBeInstanceOf(KubeApiError);
    expect(forbidden).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(forbidden.message).toMatch(
      /pods is forbidden: User ".*" cannot list resource "pods"/,
    );

    cluster.controls.failNext({
      path: '/api/v1/services',
      status: 503,
      retryAfterSeconds: 3,
    });
    await expect(client.getJson('/api/v1/services')).rejects.toMatchObject({
      code: 503,
      reason: 'ServiceUnavailable',
      retryAfterSeconds: 3,
    });

    const anonymous = clientFor(cluster.url);
    await expect(anonymous.getJson('/api/v1/services')).rejects.toMatchObject({
      code: 401,
      reason: 'Unauthorized',
    });
  });

  it('keeps the status and an excerpt of a non-Status error body', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    await expect(clientFor(server.url).getJson('/api')).rejects.toMatchObject({
      code: 502,
      reason: 'InternalError',
      message: 'HTTP 502: <html>bad gateway</html>',
    });
  });

  it('requests only API paths, under the configured URL', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"kind":"APIVersions","versions":["v1"]}');
    });
    const client = clientFor(`${server.url}/k8s/clusters/c-1/`);
    for (const path of [
      '/healthz',
      '/api/../metrics',
      '//evil.example.com/api',
      'http://evil.example.com/api',
      '/api/v1/pods?watch=1',
      '/api/v1/pods#x',
    ]) {
      await expect(client.getJson(path)).rejects.toThrow(/non-API path/);
    }
    await client.getJson('/api', { query: { limit: 5, continue: undefined } });
    expect(server.requests).toEqual(['/k8s/clusters/c-1/api?limit=5']);
  });

  it('decodes gzip-compressed lists', async () => {
    const list = { kind: 'PodList', items: [{ metadata: { name: 'a' } }] };
    const server = await rawServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      });
      res.end(gzipSync(JSON.stringify(list)));
    });
    await expect(
      clientFor(server.url).getJson('/api/v1/pods'),
    ).resolves.toEqual(list);
  });

  it('parses watch events split across chunks and ends on an ERROR event', async () => {
    const lines = [
      '{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"é-1","resourceVersion":"5"}}}\n',
      '{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"9"}}}\n',
      '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}\n',
      '{"type":"ADDED","object":{"metadata":{"name":"never-delivered"}}}\n',
    ];
    const wire = Buffer.from(lines.join(''));
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Cut through the middle of the first event, inside the two-byte 'é'.
      const cuts = [10, wire.indexOf('é') + 1, 120, wire.length];
      let from = 0;
      const writeNext = () => {
        const to = cuts.shift();
        if (to === undefined) return;
        res.write(wire.subarray(from, to));
        from = to;
        setTimeout(writeNext, 5);
      };
      writeNext();
    });
    const events: RawWatchEvent[] = [];
    const opened = jest.fn();
    const error = await clientFor(server.url)
      .watch('/api/v1/pods', {
        query: { resourceVersion: '5' },
        onOpen: opened,
        onEvent: event => events.push(event),
      })
      .catch(e => e);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(events.map(e => [e.type, (e.object.metadata as any).name])).toEqual([
      ['ADDED', 'é-1'],
      ['BOOKMARK', undefined],
    ]);
    expect(isResourceExpired(error)).toBe(true);
    expect(error.message).toBe('too old resource version: 5 (9)');
    expect(server.requests).toEqual(['/api/v1/pods?resourceVersion=5&watch=1']);
  });

  it('resolves on a clean end of the stream and rejects on a dropped connection', async () => {
    const server = await rawServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
      if (req.url?.includes('drop'))
        setTimeout(() => res.socket?.destroy(), 10);
      else setTimeout(() => res.end(), 10);
    });
    const client = clientFor(server.url);
    const onEvent = jest.fn();
    await expect(
      client.watch('/api/v1/pods', { onEvent }),
    ).resolves.toBeUndefined();
    await expect(client.watch('/api/v1/drop', { onEvent })).rejects.toThrow();
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('aborts an open watch through its signal', async () => {
    const cluster = await emulator();
    const client = clientFor(cluster.url, { credential: bearer(cluster) });
    const controller = new AbortController();
    const watching = client.watch('/api/v1/namespaces', {
      signal: controller.signal,
      onEvent: () => controller.abort(),
    });
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(cluster.openWatches).toBe(0);
  });

  describe('over TLS', () => {
    const { key, cert } = makeSelfSignedCert();

    it('trusts the cluster through caData', async () => {
      const cluster = await emulator({ tls: { key, cert } });
      expect(cluster.url).toMatch(/^https:/);
      const caData = Buffer.from(cert).toString('base64');
      const client = clientFor(cluster.url, {
        credential: bearer(cluster),
        caData,
      });
      await expect(client.getJson('/api')).resolves.toMatchObject({
        kind: 'APIVersions',
      });
    });

    it('accepts any certificate with skipTLSVerify and none without', async () => {
      const cluster = await emulator({ tls: { key, cert } });
      const trusting = clientFor(cluster.url, {
        credential: bearer(cluster),
        skipTLSVerify: true,
      });
      await expect(trusting.getJson('/api')).resolves.toMatchObject({
        kind: 'APIVersions',
      });
      const strict = clientFor(cluster.url, { credential: bearer(cluster) });
      await expect(strict.getJson('/api')).rejects.toThrow(
        /self[- ]signed certificate/,
      );
    });

    it('refuses client certificates over plain http', async () => {
      const client = clientFor('http://127.0.0.1:1', {
        credential: async () => ({
          type: 'x509 client certificate',
          cert,
          key,
        }),
      });
      await expect(client.getJson('/api')).rejects.toThrow(
        /need an https cluster URL/,
      );
    });
  });
});
