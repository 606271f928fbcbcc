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
});
