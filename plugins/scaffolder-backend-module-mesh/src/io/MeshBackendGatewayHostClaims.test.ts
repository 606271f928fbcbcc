import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeshBackendGatewayHostClaims } from './MeshBackendGatewayHostClaims';
import { GatewayHostClaimsUnavailableError } from './GatewayHostClaims';

describe('MeshBackendGatewayHostClaims', () => {
  let server: http.Server;
  let baseUrl: string;
  let respond: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const requests: Array<{ url: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
      });
      respond(req, res);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/mesh`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  const client = (url = baseUrl) =>
    MeshBackendGatewayHostClaims.create({
      discovery: {
        getBaseUrl: async () => url,
        getExternalBaseUrl: async () => url,
      },
      auth: mockServices.auth(),
    });

  const json =
    (status: number, body: unknown) =>
    (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

  it('asks the mesh backend with a service token and one host parameter per host', async () => {
    const claim = {
      host: 'a.appk8s.com',
      port: 443,
      cluster: 'prod',
      namespace: 'shop',
      gateway: 'gw',
      owner: 'group:default/team-shop',
    };
    respond = json(200, {
      items: [claim, { ...claim, host: 'unrelated.appk8s.com' }],
      clusters: [
        { cluster: 'prod', complete: true },
        { cluster: 'staging', complete: true },
      ],
    });
    await expect(
      client().claimsFor(['a.appk8s.com', 'b.appk8s.com']),
    ).resolves.toEqual([claim]);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(
      '/api/mesh/exposure/hosts?host=a.appk8s.com&host=b.appk8s.com',
    );
    expect(requests[0].authorization).toMatch(/^Bearer .+/);
    // mockServices.auth() issues "mock-service-token:{...}" naming the target plugin.
    expect(requests[0].authorization).toContain('"target":"mesh"');
  });

  it('makes no request for no hosts', async () => {
    await expect(client().claimsFor([])).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it.each([
    [
      'an error status',
      json(503, { error: 'down' }),
      'the mesh backend answered 503',
    ],
    [
      'a body that is not JSON',
      (_q: http.IncomingMessage, res: http.ServerResponse) => res.end('<html>'),
      'not JSON',
    ],
    [
      'claims of the wrong shape',
      json(200, {
        items: [{ host: 1 }],
        clusters: [{ cluster: 'prod', complete: true }],
      }),
      'unexpected shape',
    ],
    [
      'no items',
      json(200, { clusters: [{ cluster: 'prod', complete: true }] }),
      'unexpected shape',
    ],
    [
      'no clusters (an answer that does not say it is complete)',
      json(200, { items: [] }),
      'did not say which clusters its host claims cover',
    ],
    [
      'clusters that are not a list',
      json(200, { items: [], clusters: { prod: true } }),
      'did not say which clusters',
    ],
    [
      'a cluster without its completeness',
      json(200, { items: [], clusters: [{ cluster: 'prod' }] }),
      'did not say which clusters',
    ],
    [
      'completeness as a string',
      json(200, {
        items: [],
        clusters: [{ cluster: 'prod', complete: 'true' }],
      }),
      'did not say which clusters',
    ],
    [
      'a cluster without a name',
      json(200, { items: [], clusters: [{ cluster: '', complete: true }] }),
      'did not say which clusters',
    ],
    [
      'an empty list of clusters',
      json(200, { items: [], clusters: [] }),
      'the mesh backend reports no clusters',
    ],
    ['null', json(200, null), 'unexpected shape'],
  ])(
    'reports the backend unavailable on %s',
    async (_name, handler, message) => {
      respond = handler;
      const error = await client()
        .claimsFor(['a.appk8s.com'])
        .catch(e => e);
      expect(error).toBeInstanceOf(GatewayHostClaimsUnavailableError);
      expect(error.message).toContain(message);
    },
  );

  it('refuses when a cluster is not completely read, naming every such cluster and why', async () => {
    respond = json(200, {
      // The claims it has are not enough: a Gateway it could not read may serve the host.
      items: [],
      clusters: [
        {
          cluster: 'prod',
          complete: false,
          reason: 'Gateway (networking.istio.io/v1) is forbidden',
        },
        { cluster: 'staging', complete: true },
        { cluster: 'dev', complete: false },
      ],
    });
    const error = await client()
      .claimsFor(['a.appk8s.com'])
      .catch(e => e);
    expect(error).toBeInstanceOf(GatewayHostClaimsUnavailableError);
    expect(error.message).toBe(
      'prod: Gateway (networking.istio.io/v1) is forbidden; dev: its Gateways are not all read',
    );
  });

  it('answers the claims when every cluster is complete', async () => {
    respond = json(200, {
      items: [],
      clusters: [
        { cluster: 'prod', complete: true },
        { cluster: 'staging', complete: true, reason: 'ignored' },
      ],
    });
    await expect(client().claimsFor(['a.appk8s.com'])).resolves.toEqual([]);
  });

  it('reports the backend unavailable when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const error = await client(`http://127.0.0.1:${port}/api/mesh`)
      .claimsFor(['a.appk8s.com'])
      .catch(e => e);
    expect(error).toBeInstanceOf(GatewayHostClaimsUnavailableError);
    expect(error.message).toContain('could not be reached');
  });
});
