import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { AccessCacheSettings } from './access/CallerAccess';
import { createRouter } from './router';
import { EntityStatusService } from './service/EntityStatusService';
import { FleetQueryService } from './service/FleetQueryService';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const MALLORY = 'user:default/mallory';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner: 'group:default/storefront' },
});

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/**
 * The router over a catalog and a permission framework that count their
 * calls: `hidden` entities are invisible to everyone, `denied` users are
 * refused every mesh permission.
 */
async function setUp(options: { accessCache?: AccessCacheSettings } = {}) {
  const entities = new Map(
    ['productpage', 'reviews', 'secret-service'].map(name => [
      `component:default/${name}`,
      entity(name),
    ]),
  );
  const hidden = new Set<string>(['component:default/secret-service']);
  const denied = new Set<string>([MALLORY]);
  const catalogLookups: string[] = [];
  const permissionChecks: string[] = [];
  const catalog = {
    getEntityByRef: async (
      ref: string,
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      catalogLookups.push(`${userOf(credentials)} ${ref}`);
      return hidden.has(ref) ? undefined : entities.get(ref);
    },
  } as unknown as CatalogService;
  const permissions: PermissionsService = {
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        permissionChecks.push(
          `${userOf(credentials)} ${r.permission.name} ${
            'resourceRef' in r ? r.resourceRef ?? '' : ''
          }`.trim(),
        );
        return {
          result: denied.has(userOf(credentials) ?? '')
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        };
      }),
    authorizeConditional: async () => {
      throw new Error('not used by the mesh routes');
    },
  };
  const entityStatuses = {
    // Above the 1 KiB from which answers are compressed.
    entityStatusBody: (e: Entity) => ({
      body: Buffer.from(
        JSON.stringify({ entityRef: e.metadata.name, pad: 'x'.repeat(2_000) }),
      ),
      etag: `W/"${e.metadata.name}-1"`,
    }),
  } as unknown as EntityStatusService;
  const fleet = {
    findings: () => ({
      items: [{ code: 'MW401', message: 'm'.repeat(2_000) }],
      totalCount: 1,
    }),
    services: () => ({ items: [], totalCount: 0 }),
  } as unknown as FleetQueryService;

  const app = express();
  app.use(
    await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions,
      catalog,
      entityStatuses,
      fleet,
      accessCache: options.accessCache,
    }),
  );
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status =
        { NotFoundError: 404, NotAllowedError: 403, InputError: 400 }[
          error.name
        ] ?? 500;
      res.status(status).json({ error: { name: error.name } });
    },
  );

  const get = (path: string, user?: string) => {
    const req = request(app).get(path);
    return user
      ? req.set('Authorization', mockCredentials.user.header(user))
      : req;
  };
  return { get, catalogLookups, permissionChecks, hidden, denied };
}

const STATUS = '/entities/default/component/productpage/status';

describe('createRouter: what a caller was allowed is kept per caller', () => {
  it("does not ask the catalog or the permission framework again for the same user's next request; another user's request does", async () => {
    const { get, catalogLookups, permissionChecks } = await setUp();
    expect((await get(STATUS, ALICE)).status).toBe(200);
    expect((await get(STATUS, ALICE)).status).toBe(200);
    expect(catalogLookups).toEqual([`${ALICE} component:default/productpage`]);
    expect(permissionChecks).toEqual([
      `${ALICE} mesh.status.read component:default/productpage`,
    ]);

    expect((await get(STATUS, BOB)).status).toBe(200);
    expect(catalogLookups).toEqual([
      `${ALICE} component:default/productpage`,
      `${BOB} component:default/productpage`,
    ]);
    expect(permissionChecks).toHaveLength(2);

    // Another entity of the same user is decided on its own.
    expect(
      (await get('/entities/default/component/reviews/status', ALICE)).status,
    ).toBe(200);
    expect(catalogLookups).toHaveLength(3);
  });

  it("never answers one user's request from another's grant", async () => {
    const { get, catalogLookups } = await setUp();
    expect((await get(STATUS, ALICE)).status).toBe(200);
    // Mallory is denied: Alice's grant for the same entity must not leak.
    expect((await get(STATUS, MALLORY)).status).toBe(403);
    expect((await get(STATUS, MALLORY)).status).toBe(403);
    expect(catalogLookups.filter(l => l.startsWith(MALLORY))).toHaveLength(2);
  });

  it('asks again after a refusal or a not-found, and a grant given meanwhile counts at once', async () => {
    const { get, catalogLookups, permissionChecks, hidden, denied } =
      await setUp();
    const secret = '/entities/default/component/secret-service/status';
    expect((await get(secret, ALICE)).status).toBe(404);
    expect((await get(secret, ALICE)).status).toBe(404);
    expect(catalogLookups).toHaveLength(2);
    hidden.delete('component:default/secret-service');
    expect((await get(secret, ALICE)).status).toBe(200);

    denied.add(BOB);
    expect((await get(STATUS, BOB)).status).toBe(403);
    expect((await get(STATUS, BOB)).status).toBe(403);
    expect(
      permissionChecks.filter(c => c.startsWith(`${BOB} mesh.status.read`)),
    ).toHaveLength(2);
    denied.delete(BOB);
    expect((await get(STATUS, BOB)).status).toBe(200);
  });

  it('still answers 304 to an unchanged status from a kept grant', async () => {
    const { get, catalogLookups } = await setUp();
    const first = await get(STATUS, ALICE);
    expect(first.status).toBe(200);
    const again = await get(STATUS, ALICE).set(
      'If-None-Match',
      first.headers.etag,
    );
    expect(again.status).toBe(304);
    expect(catalogLookups).toHaveLength(1);
  });

  it('keeps the fleet permission per user for /findings and /fleet/services', async () => {
    const { get, permissionChecks } = await setUp();
    expect((await get('/findings?limit=10', ALICE)).status).toBe(200);
    expect((await get('/findings', ALICE)).status).toBe(200);
    expect((await get('/fleet/services', ALICE)).status).toBe(200);
    expect(permissionChecks).toEqual([`${ALICE} mesh.fleet.read`]);
    expect((await get('/fleet/services', BOB)).status).toBe(200);
    expect((await get('/findings', MALLORY)).status).toBe(403);
    expect((await get('/findings', MALLORY)).status).toBe(403);
    expect(permissionChecks).toEqual([
      `${ALICE} mesh.fleet.read`,
      `${BOB} mesh.fleet.read`,
      `${MALLORY} mesh.fleet.read`,
      `${MALLORY} mesh.fleet.read`,
    ]);
  });

  it('with mesh.accessCache.ttlSeconds 0 asks on every request', async () => {
    const { get, catalogLookups, permissionChecks } = await setUp({
      accessCache: { ttlSeconds: 0, maxEntries: 1 },
    });
    for (let i = 0; i < 3; i++) {
      expect((await get(STATUS, ALICE)).status).toBe(200);
      expect((await get('/findings', ALICE)).status).toBe(200);
    }
    expect(catalogLookups).toHaveLength(3);
    expect(permissionChecks).toHaveLength(6);
  });

  it('keeps nothing for a caller without a bearer token', async () => {
    const { get, catalogLookups } = await setUp();
    // The mock auth takes a request without a token as its default user.
    expect((await get(STATUS)).status).toBe(200);
    expect((await get(STATUS)).status).toBe(200);
    expect(catalogLookups).toHaveLength(2);
  });

  it('sends the status gzipped to a client that accepts it, identical once decompressed, and 304 when unchanged', async () => {
    const { get } = await setUp();
    const plain = await get(STATUS, ALICE).set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const zipped = await get(STATUS, ALICE).set(
        'Accept-Encoding',
        'gzip, deflate, br',
      );
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
      expect(Number(zipped.headers['content-length'])).toBeLessThan(
        Buffer.byteLength(plain.text),
      );
      // supertest decompresses.
      expect(zipped.body).toEqual(plain.body);
      expect(zipped.headers.etag).toBe(plain.headers.etag);
    }
    const unchanged = await get(STATUS, ALICE)
      .set('Accept-Encoding', 'gzip')
      .set('If-None-Match', plain.headers.etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers['content-encoding']).toBeUndefined();
  });

  it('sends fleet pages with an ETag of their content: gzipped when accepted, 304 when unchanged', async () => {
    const { get } = await setUp();
    const plain = await get('/findings', ALICE).set(
      'Accept-Encoding',
      'identity',
    );
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.items[0].code).toBe('MW401');
    const zipped = await get('/findings', ALICE).set('Accept-Encoding', 'gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toEqual(plain.body);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    const unchanged = await get('/findings', ALICE).set(
      'If-None-Match',
      plain.headers.etag,
    );
    expect(unchanged.status).toBe(304);
    // A small page is sent as it is.
    const services = await get('/fleet/services', ALICE).set(
      'Accept-Encoding',
      'gzip',
    );
    expect(services.headers['content-encoding']).toBeUndefined();
    expect(services.body).toEqual({ items: [], totalCount: 0 });
  });
});
