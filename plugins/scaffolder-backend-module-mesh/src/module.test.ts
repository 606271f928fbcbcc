import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import scaffolderModuleMesh from './index';
import { catalogEntities } from './__testUtils__/meshTestHarness';

describe('scaffolder module', () => {
  it('registers the mesh actions with the real scaffolder backend', async () => {
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleMesh,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.rootConfig.factory({
          data: { mesh: { scaffolder: { allowedDomains: ['appk8s.com'] } } },
        }),
      ],
    });
    try {
      const { port } = backend.server.address() as AddressInfo;
      const response = await fetch(
        `http://127.0.0.1:${port}/api/scaffolder/v2/actions`,
        {
          headers: { Authorization: mockCredentials.user.header() },
        },
      );
      expect(response.status).toBe(200);
      const ids = ((await response.json()) as Array<{ id: string }>).map(
        a => a.id,
      );
      expect(ids).toEqual(
        expect.arrayContaining([
          'mesh:gateway:create',
          'mesh:certificate:create',
          'mesh:authorization-policy:create',
          'mesh:peer-authentication:create',
          'mesh:request-authentication:create',
          'mesh:namespace:onboard',
          'mesh:eck:create',
        ]),
      );
    } finally {
      await backend.stop();
    }
  });
});
