import { ConfigReader } from '@backstage/config';
import { readClusterConfig } from './readClusterConfig';

const config = (clusterLocatorMethods: object[]) =>
  new ConfigReader({ kubernetes: { clusterLocatorMethods } });

describe('readClusterConfig', () => {
  it('builds ClusterDetails with the authMetadata the kubernetes backend uses', () => {
    const { clusters, ignored } = readClusterConfig(
      config([
        {
          type: 'config',
          clusters: [
            {
              name: 'a',
              url: 'https://a',
              authProvider: 'serviceAccount',
              serviceAccountToken: 't',
              caData: 'Q0E=',
            },
            {
              name: 'b',
              url: 'https://b',
              authProvider: 'aws',
              assumeRole: 'arn:role',
              externalId: 'ext',
            },
            {
              name: 'c',
              url: 'https://c',
              authMetadata: { 'kubernetes.io/auth-provider': 'oidc' },
            },
          ],
        },
        { type: 'localKubectlProxy' },
        { type: 'gke', projectId: 'p' },
        { type: 'catalog' },
      ]),
    );
    expect(clusters.map(c => [c.details.name, c.authProvider])).toEqual([
      ['a', 'serviceAccount'],
      ['b', 'aws'],
      ['c', 'oidc'],
      ['local', 'localKubectlProxy'],
    ]);
    expect(clusters[0].details).toMatchObject({
      url: 'https://a',
      caData: 'Q0E=',
      skipTLSVerify: false,
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: 't',
      },
    });
    expect(clusters[1].details.authMetadata).toMatchObject({
      'kubernetes.io/aws-assume-role': 'arn:role',
      'kubernetes.io/aws-external-id': 'ext',
    });
    expect(ignored).toEqual([
      { message: expect.any(String), locatorType: 'gke' },
      {
        message: expect.stringContaining('URL is in app-config only'),
        locatorType: 'catalog',
      },
    ]);
  });

  it('reads caFile into caData, and reports an unreadable one as the cluster problem', () => {
    const read = readClusterConfig(
      config([
        {
          type: 'config',
          clusters: [
            {
              name: 'ok',
              url: 'https://ok',
              authProvider: 'serviceAccount',
              caFile: '/ca.pem',
            },
            {
              name: 'bad',
              url: 'https://bad',
              authProvider: 'serviceAccount',
              caFile: '/missing.pem',
            },
          ],
        },
      ]),
      {
        readFile: path => {
          if (path === '/ca.pem') return Buffer.from('PEM');
          throw new Error('ENOENT');
        },
      },
    );
    expect(read.clusters[0].details.caData).toBe(
      Buffer.from('PEM').toString('base64'),
    );
    expect(read.clusters[0].problem).toBeUndefined();
    expect(read.clusters[1].problem).toContain(
      'caFile /missing.pem cannot be read: ENOENT',
    );
  });

  it('keeps the first of two clusters with the same name', () => {
    const { clusters, ignored } = readClusterConfig(
      config([
        {
          type: 'config',
          clusters: [
            { name: 'a', url: 'https://1', authProvider: 'serviceAccount' },
          ],
        },
        {
          type: 'config',
          clusters: [
            { name: 'a', url: 'https://2', authProvider: 'serviceAccount' },
          ],
        },
      ]),
    );
    expect(clusters.map(c => c.details.url)).toEqual(['https://1']);
    expect(ignored).toEqual([{ message: expect.any(String), cluster: 'a' }]);
  });

  describe('mesh.clusters', () => {
    const locators = [
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://prod',
            caData: 'Q0E=',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'shared-proxy-token',
          },
          { name: 'dev', url: 'https://dev', authProvider: 'google' },
        ],
      },
      { type: 'catalog' },
    ];
    const read = (clusters: object[]) =>
      readClusterConfig(
        new ConfigReader({
          kubernetes: { clusterLocatorMethods: locators },
          mesh: { clusters },
        }),
      );

    it("gives a named cluster the mesh backend's own token, keeping its URL, CA and configured auth", () => {
      const { clusters, ignored } = read([
        { name: 'prod', serviceAccountToken: ' mesh-token\n' },
      ]);
      expect(ignored).toEqual([
        expect.objectContaining({ locatorType: 'catalog' }),
      ]);
      const [prod, dev] = clusters;
      expect(prod).toMatchObject({
        meshServiceAccountToken: 'mesh-token',
        details: {
          url: 'https://prod',
          caData: 'Q0E=',
          authMetadata: { serviceAccountToken: 'shared-proxy-token' },
        },
      });
      expect(prod.problem).toBeUndefined();
      expect(dev.meshServiceAccountToken).toBeUndefined();
    });

    it('ignores, with the name, an entry naming a cluster it does not read, and a second entry for one', () => {
      const { clusters, ignored } = read([
        { name: 'nope', serviceAccountToken: 'x' },
        { name: 'prod', serviceAccountToken: 'first' },
        { name: 'prod', serviceAccountToken: 'second' },
      ]);
      expect(ignored).toEqual([
        expect.objectContaining({ locatorType: 'catalog' }),
        {
          message: expect.stringContaining('mesh.clusters entry ignored'),
          cluster: 'nope',
        },
        {
          message: expect.stringContaining('uses the first entry'),
          cluster: 'prod',
        },
      ]);
      expect(clusters.map(c => c.details.name)).toEqual(['prod', 'dev']);
      expect(clusters[0].meshServiceAccountToken).toBe('first');
    });

    it('does not fall back to the shared credentials when the token is blank', () => {
      const { clusters } = read([{ name: 'prod', serviceAccountToken: ' ' }]);
      expect(clusters[0].meshServiceAccountToken).toBeUndefined();
      expect(clusters[0].problem).toBe(
        'mesh.clusters gives cluster "prod" an empty serviceAccountToken',
      );
    });
  });
});
