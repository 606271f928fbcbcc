import { ResponseError } from '@backstage/errors';
import { MeshClient } from './MeshClient';

function clientAnswering(status: number, body: unknown, urls: string[]) {
  const fetchApi = {
    fetch: async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://127.0.0.1:7007/api/${pluginId}`,
  };
  return new MeshClient({ discoveryApi, fetchApi });
}

describe('MeshClient history', () => {
  it('asks for the fleet history with the range and step it is given', async () => {
    const urls: string[] = [];
    const client = clientAnswering(200, { fleet: [] }, urls);
    await client.getFleetHistory({
      from: '2026-12-01T00:00:00Z',
      step: '1h',
    });
    const url = new URL(urls[0]);
    expect(url.pathname).toBe('/api/mesh/history/fleet');
    expect(url.searchParams.get('from')).toBe('2026-12-01T00:00:00Z');
    expect(url.searchParams.get('step')).toBe('1h');
    expect(url.searchParams.has('to')).toBe(false);
  });

  it("asks for an entity's history by namespace, kind and name, URL-encoded", async () => {
    const urls: string[] = [];
    const client = clientAnswering(200, { points: [], findings: [] }, urls);
    await client.getEntityHistory({
      namespace: 'default',
      kind: 'Component',
      name: 'a b',
    });
    expect(urls[0]).toBe(
      'http://127.0.0.1:7007/api/mesh/history/entities/default/Component/a%20b',
    );
  });

  it('rejects with a ResponseError carrying 404 while history is off', async () => {
    const client = clientAnswering(
      404,
      {
        error: {
          name: 'NotFoundError',
          message: 'Mesh history is off (mesh.history.enabled: false)',
        },
        response: { statusCode: 404 },
      },
      [],
    );
    const error = await client.getFleetHistory().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).statusCode).toBe(404);
  });
});
