import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { InMemoryClusterView, Kinds } from '@meshwise/plugin-mesh-common';
import express from 'express';
import request from 'supertest';
import { buildCatalogSnapshot } from '../catalog/CatalogSnapshot';
import { createScaffolderPickerRouter } from './createScaffolderPickerRouter';

const GUEST = 'user:default/guest';
const CAROL = 'user:default/carol';
const MALLORY = 'user:default/mallory';

const GROUPS: Record<string, string[]> = {
  [GUEST]: ['group:default/storefront'],
  [CAROL]: ['group:default/mesh-admins'],
  [MALLORY]: ['group:default/storefront'],
};

const namespaceResource = (
  name: string,
  owner: string,
  cluster?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: cluster ? `${name}-${cluster}` : name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': name,
      ...(cluster ? { 'backstage.io/kubernetes-cluster': cluster } : {}),
    },
  },
  spec: { type: 'kubernetes-namespace', owner },
});

const service = (namespace: string, name: string, port: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace, name },
  spec: { ports: [{ name: 'http', port, protocol: 'TCP' }] },
});

function setUp(options: { catalogRead?: boolean } = {}) {
  const snapshot = buildCatalogSnapshot([
    namespaceResource('storefront-checkout', 'group:storefront'),
    namespaceResource('bookinfo', 'group:storefront'),
    namespaceResource('observability', 'group:observability'),
    namespaceResource('istio-system', 'group:mesh-admins'),
    // Claimed by two teams: nobody's until the catalog names one owner.
    namespaceResource('shared', 'group:storefront'),
    namespaceResource('shared', 'group:observability', 'demo'),
  ]);
  const demo = InMemoryClusterView.fromObjects(
    'demo',
    [
      service('storefront-checkout', 'checkout', 8080),
      service('storefront-checkout', 'orders', 9090),
      service('observability', 'grafana', 3000),
    ],
    { syncedKinds: [Kinds.Service] },
  );
  const edge = InMemoryClusterView.fromObjects('edge', [
    service('storefront-checkout', 'checkout', 8080),
  ]);
  edge.setKindState(
    Kinds.Service,
    'stale',
    'the cluster does not answer',
    '2026-12-01T10:00:00.000Z',
  );
  const locked = new InMemoryClusterView('locked');
  locked.setKindState(Kinds.Service, 'forbidden', 'services is forbidden');

  const permissions: PermissionsService = {
    authorize: async (requests, { credentials }) =>
      requests.map(() => ({
        result:
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === MALLORY
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  const userInfo: UserInfoService = {
    getUserInfo: async (credentials: BackstageCredentials) => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  };

  const app = express();
  app.use(
    createScaffolderPickerRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      userInfo,
      permissions,
      catalogService: {} as CatalogService,
      catalog: () => ({
        snapshot,
        readAt:
          options.catalogRead === false
            ? undefined
            : '2026-12-03T17:00:00.000Z',
      }),
      clusters: () => [
        { name: 'demo', view: demo },
        { name: 'edge', view: edge },
        { name: 'locked', view: locked },
      ],
      allowedDomains: ['AppK8s.com', '*.example.org'],
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
        { NotAllowedError: 403, InputError: 400, AuthenticationError: 401 }[
          error.name
        ] ?? 500;
      res
        .status(status)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  const get = (path: string, user?: string | 'service') => {
    const call = request(app).get(path);
    if (user === 'service') {
      return call.set('authorization', mockCredentials.service.header());
    }
    return user
      ? call.set('authorization', mockCredentials.user.header(user))
      : call;
  };
  return { get };
}

describe('the scaffolder pickers', () => {
  it('offer the namespaces the user’s teams own, and no ambiguous one', async () => {
    const { get } = setUp();
    const response = await get('/scaffolder/namespaces', GUEST);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          namespace: 'bookinfo',
          owner: 'group:default/storefront',
          claimedBy: ['resource:default/bookinfo'],
        },
        {
          namespace: 'storefront-checkout',
          owner: 'group:default/storefront',
          claimedBy: ['resource:default/storefront-checkout'],
        },
      ],
      catalogReadAt: '2026-12-03T17:00:00.000Z',
    });

    const admin = await get('/scaffolder/namespaces', CAROL);
    expect(
      admin.body.items.map((n: { namespace: string }) => n.namespace),
    ).toEqual(['istio-system']);
  });

  it('say when the catalog has not been read yet', async () => {
    const { get } = setUp({ catalogRead: false });
    const response = await get('/scaffolder/namespaces', GUEST);
    expect(response.body.catalogReadAt).toBeNull();
  });

  it('offer the Services of an owned namespace, naming clusters whose list is not current', async () => {
    const { get } = setUp();
    const response = await get(
      '/scaffolder/services?namespace=storefront-checkout',
      GUEST,
    );
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        name: 'checkout',
        namespace: 'storefront-checkout',
        cluster: 'demo',
        ports: [{ port: 8080, name: 'http', protocol: 'TCP' }],
      },
      {
        name: 'checkout',
        namespace: 'storefront-checkout',
        cluster: 'edge',
        ports: [{ port: 8080, name: 'http', protocol: 'TCP' }],
      },
      {
        name: 'orders',
        namespace: 'storefront-checkout',
        cluster: 'demo',
        ports: [{ port: 9090, name: 'http', protocol: 'TCP' }],
      },
    ]);
    expect(response.body.notCurrent).toEqual([
      {
        cluster: 'edge',
        status: 'stale',
        reason: 'the cluster does not answer',
        since: '2026-12-01T10:00:00.000Z',
      },
      {
        cluster: 'locked',
        status: 'forbidden',
        reason: 'services is forbidden',
      },
    ]);
  });

  it('refuse the Services of another team’s namespace', async () => {
    const { get } = setUp();
    const response = await get(
      '/scaffolder/services?namespace=observability',
      GUEST,
    );
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'namespace observability is not owned by your teams in the catalog',
    );
  });

  it('serve the allowed domains as the rules compare them', async () => {
    const { get } = setUp();
    const response = await get('/scaffolder/host-rules', GUEST);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      allowedDomains: ['appk8s.com', 'example.org'],
    });
  });

  it.each([
    ['/scaffolder/services', 'namespace'],
    ['/scaffolder/services?namespace=Bad_Name', 'namespace'],
    ['/scaffolder/services?namespace=a&namespace=b', 'namespace'],
    ['/scaffolder/services?namespace=bookinfo&cluster=demo', 'cluster'],
    ['/scaffolder/namespaces?owner=group:default/x', 'owner'],
    ['/scaffolder/host-rules?domain=x', 'domain'],
  ])('answer 400 to %s, naming %s', async (path, parameter) => {
    const { get } = setUp();
    const response = await get(path, GUEST);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(parameter);
  });

  it('authenticate users only and need mesh.config.team.create', async () => {
    const { get } = setUp();
    for (const path of [
      '/scaffolder/namespaces',
      '/scaffolder/services?namespace=bookinfo',
      '/scaffolder/host-rules',
    ]) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'service')).status).toBe(403);
      const denied = await get(path, MALLORY);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe('mesh.config.team.create denied');
    }
  });
});
