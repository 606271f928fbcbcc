import { ResponseError } from '@backstage/errors';
import { MeshClient } from './MeshClient';

type Call = { url: string; init?: RequestInit };

function clientAnswering(status: number, body: unknown, calls: Call[] = []) {
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return new Response(JSON.stringify(body), {
        status,
        statusText: status === 200 ? 'OK' : 'Forbidden',
        headers: { 'content-type': 'application/json' },
      });
    },
  };
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://127.0.0.1:7007/api/${pluginId}`,
  };
  return { client: new MeshClient({ discoveryApi, fetchApi }), calls };
}

describe('MeshClient', () => {
  it('asks for an entity status by namespace, kind and name, URL-encoded', async () => {
    const status = { entityRef: 'component:default/a b', clusters: [] };
    const { client, calls } = clientAnswering(200, status);
    await expect(
      client.getEntityStatus({
        kind: 'Component',
        namespace: 'default',
        name: 'a b',
      }),
    ).resolves.toEqual(status);
    expect(calls[0].url).toBe(
      'http://127.0.0.1:7007/api/mesh/entities/default/Component/a%20b/status',
    );
  });

  it('sends repeated parameters for multi-valued filters', async () => {
    const page = { items: [], totalCount: 0, offset: 0, limit: 50 };
    const { client, calls } = clientAnswering(200, page);
    await client.getFindings({
      severity: ['error', 'warning'],
      cluster: ['demo'],
      search: 'checkout certs',
      sort: '-severity',
      offset: 50,
      limit: 50,
    });
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/mesh/findings');
    expect(url.searchParams.getAll('severity')).toEqual(['error', 'warning']);
    expect(url.searchParams.get('cluster')).toBe('demo');
    expect(url.searchParams.get('search')).toBe('checkout certs');
    expect(url.searchParams.get('sort')).toBe('-severity');
    expect(url.searchParams.get('offset')).toBe('50');
  });

  it('calls the fleet endpoints without a query string when unfiltered', async () => {
    const { client, calls } = clientAnswering(200, {
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 100,
    });
    await client.getServices();
    await client.getFleetSummary();
    expect(calls.map(c => c.url)).toEqual([
      'http://127.0.0.1:7007/api/mesh/fleet/services',
      'http://127.0.0.1:7007/api/mesh/fleet/summary',
    ]);
  });

  it('unwraps list bodies for clusters and host claims', async () => {
    const { client, calls } = clientAnswering(200, {
      items: [{ cluster: 'demo', status: 'synced', kinds: [] }],
    });
    await expect(client.getClusters()).resolves.toEqual([
      { cluster: 'demo', status: 'synced', kinds: [] },
    ]);
    await client.getHostClaims('checkout.appk8s.com');
    expect(calls[1].url).toBe(
      'http://127.0.0.1:7007/api/mesh/exposure/hosts?host=checkout.appk8s.com',
    );
  });

  it('throws a ResponseError carrying the backend error on a failure status', async () => {
    const { client } = clientAnswering(403, {
      error: { name: 'NotAllowedError', message: 'mesh.fleet.read denied' },
      response: { statusCode: 403 },
    });
    const error = await client.getFleetSummary().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('mesh.fleet.read denied');
  });
});
