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

describe('scaffolder module start-up', () => {
  async function startupWarnings(config: object): Promise<string[]> {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleMesh,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.rootConfig.factory({ data: config }),
        logger.factory,
      ],
    });
    await backend.stop();
    // The logger mock is shared by every plugin; keep what names our settings.
    return logger.warn.mock.calls
      .map(([message]) => String(message))
      .filter(message => message.startsWith('mesh.scaffolder.'));
  }

  it('warns once per missing setting, saying what happens without it', async () => {
    const warnings = await startupWarnings({});
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /^mesh\.scaffolder\.allowedDomains is not set: every developer request that exposes or certifies a host .* will be refused/,
    );
    expect(warnings[1]).toMatch(
      /^mesh\.scaffolder\.adminGroups is not set: nobody is a mesh admin/,
    );
    expect(warnings[2]).toMatch(
      /^mesh\.scaffolder\.issuerRef is not set: gateway Certificates will name the Issuer vault-issuer/,
    );
  });

  it('says nothing about settings that are made, and an empty list counts as missing', async () => {
    const warnings = await startupWarnings({
      mesh: {
        scaffolder: {
          allowedDomains: [],
          adminGroups: ['group:default/platform'],
          issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
        },
      },
    });
    expect(warnings).toEqual([
      expect.stringMatching(/^mesh\.scaffolder\.allowedDomains is not set/),
    ]);
  });
});
