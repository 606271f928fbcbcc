import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeEmulator, startKubeEmulator } from '@meshwise/demo-cluster';
import request from 'supertest';
import meshPlugin from './index';

describe('mesh backend plugin', () => {
  let emulator: KubeEmulator;

  beforeAll(async () => {
    emulator = await startKubeEmulator({ token: 'test-token' });
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function startBackend(permissionResult = AuthorizeResult.ALLOW) {
    return startTestBackend({
      features: [
        meshPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo',
                      title: 'Demo',
                      url: emulator.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'test-token',
                      skipTLSVerify: true,
                    },
                    {
                      name: 'wrong-token',
                      url: emulator.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'not-the-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
        mockServices.permissions.factory({ result: permissionResult }),
      ],
    });
  }

  it('reports each configured cluster as the Kubernetes API answers it', async () => {
    const backend = await startBackend();
    try {
      const response = await request(backend.server).get('/api/mesh/clusters');
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({ name: 'demo', title: 'Demo', reachable: true }),
        expect.objectContaining({
          name: 'wrong-token',
          reachable: false,
          reason: expect.stringMatching(/401|Unauthorized/),
        }),
      ]);
      expect(response.body.items[0].version).toMatch(/^v1\./);
    } finally {
      await backend.stop();
    }
  });

  it('rejects unauthenticated requests', async () => {
    const backend = await startBackend();
    try {
      const response = await request(backend.server)
        .get('/api/mesh/clusters')
        .set('Authorization', mockCredentials.none.header());
      expect(response.status).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the policy denies mesh.fleet.read', async () => {
    const backend = await startBackend(AuthorizeResult.DENY);
    try {
      const response = await request(backend.server).get('/api/mesh/clusters');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('mesh.fleet.read');
    } finally {
      await backend.stop();
    }
  });
});
