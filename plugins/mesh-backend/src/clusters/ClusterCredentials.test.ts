import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ClusterCredentialSource,
  ClusterCredentials,
} from './ClusterCredentials';
import { readClusterConfig } from './readClusterConfig';

function clusterWith(settings: object) {
  return readClusterConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [{ name: 'x', url: 'https://x', ...settings }],
          },
        ],
      },
    }),
  ).clusters[0];
}

function credentialOf(source: ClusterCredentialSource) {
  if (source.kind !== 'server') {
    return Promise.reject(new Error(`unsupported: ${source.reason}`));
  }
  return source.credential();
}

describe('ClusterCredentials', () => {
  const credentials = ClusterCredentials.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });

  it('uses a configured service account token', async () => {
    const source = credentials.sourceFor(
      clusterWith({
        authProvider: 'serviceAccount',
        serviceAccountToken: 'secret',
      }),
    );
    await expect(credentialOf(source)).resolves.toEqual({
      type: 'bearer token',
      token: 'secret',
    });
  });

  it('reads kubectl proxy clusters anonymously, through the kubernetes backend strategy', async () => {
    const source = credentials.sourceFor(
      clusterWith({ authProvider: 'localKubectlProxy' }),
    );
    await expect(credentialOf(source)).resolves.toEqual({ type: 'anonymous' });
  });

  it.each(['google', 'oidc', 'aks'])(
    'refuses the client-side provider %s with a reason',
    provider => {
      expect(
        credentials.sourceFor(clusterWith({ authProvider: provider })),
      ).toEqual({
        kind: 'unsupported',
        reason: expect.stringContaining('signed-in user'),
      });
    },
  );

  it('refuses unknown providers and clusters with a configuration problem', () => {
    expect(
      credentials.sourceFor(clusterWith({ authProvider: 'magic' })),
    ).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('"magic"'),
    });
    expect(credentials.sourceFor(clusterWith({}))).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('no authProvider'),
    });
  });

  describe("with the mesh backend's own token (mesh.clusters)", () => {
    const withOwnToken = (settings: object) => ({
      ...clusterWith(settings),
      meshServiceAccountToken: 'mesh-token',
    });

    it.each([
      [
        'a configured service account token',
        { authProvider: 'serviceAccount', serviceAccountToken: 'shared' },
      ],
      ['a client-side provider', { authProvider: 'google' }],
      ['kubectl proxy', { authProvider: 'localKubectlProxy' }],
      ['no provider at all', {}],
    ])('sends it instead of %s', async (_, settings) => {
      const source = credentials.sourceFor(withOwnToken(settings));
      await expect(credentialOf(source)).resolves.toEqual({
        type: 'bearer token',
        token: 'mesh-token',
      });
    });

    it('still refuses a cluster with a configuration problem', () => {
      expect(
        credentials.sourceFor({
          ...withOwnToken({ authProvider: 'serviceAccount' }),
          problem: 'caFile /x cannot be read',
        }),
      ).toEqual({ kind: 'unsupported', reason: 'caFile /x cannot be read' });
    });
  });
});
