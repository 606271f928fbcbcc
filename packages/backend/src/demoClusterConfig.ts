import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { startDemoCluster } from '@meshwise/demo-cluster';

/**
 * The root config service of the demo portal. It reads the configuration as
 * Backstage always does; when no Kubernetes cluster is configured it starts the
 * embedded demo cluster (a Kubernetes API emulator loaded with the demo
 * scenario) and adds it as an ordinary `kubernetes.clusterLocatorMethods`
 * entry, so every plugin reaches it exactly as it would reach a real cluster.
 */
export const demoClusterConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    const config = await ConfigSources.toConfig(source);
    if (config.has('kubernetes.clusterLocatorMethods')) {
      return config;
    }
    config.close();

    const port = Number(process.env.MESHWISE_DEMO_CLUSTER_PORT ?? 0);
    const demo = await startDemoCluster({ port });
    // eslint-disable-next-line no-console
    console.log(
      `Meshwise demo cluster "${demo.clusterName}" serving the Kubernetes API at ${demo.url}`,
    );
    return ConfigSources.toConfig(
      ConfigSources.merge([
        source,
        StaticConfigSource.create({
          context: 'meshwise-demo-cluster',
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: demo.clusterName,
                      title: 'Demo cluster (emulated)',
                      url: demo.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: demo.token,
                      skipTLSVerify: true,
                      skipMetricsLookup: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ]),
    );
  },
});
