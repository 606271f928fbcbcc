import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ClusterProbe } from './clusters/ClusterProbe';
import { fetchClusterVersion } from './clusters/fetchClusterVersion';
import { readClusterConfig } from './clusters/readClusterConfig';
import { createRouter } from './router';

/** The mesh backend plugin: cluster state → mesh and ECK status and findings. */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpAuth, httpRouter, permissions, lifecycle }) {
        const clusterProbe = ClusterProbe.create({
          clusters: readClusterConfig(config),
          logger,
          fetchVersion: fetchClusterVersion,
        });
        lifecycle.addStartupHook(() => clusterProbe.start());
        lifecycle.addShutdownHook(() => clusterProbe.stop());
        httpRouter.use(
          await createRouter({ httpAuth, permissions, clusterProbe }),
        );
      },
    });
  },
});
