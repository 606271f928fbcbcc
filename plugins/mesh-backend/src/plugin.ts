import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Kinds, meshPermissions } from '@meshwise/plugin-mesh-common';
import { readAccessCacheSettings } from './access/readAccessCacheSettings';
import { watchedKinds } from './cache';
import { CatalogIndex } from './catalog/CatalogIndex';
import { ClusterCredentials } from './clusters/ClusterCredentials';
import { MeshClusters } from './clusters/MeshClusters';
import { readClusterConfig } from './clusters/readClusterConfig';
import { historySourceOf, startMeshHistory } from './history/startMeshHistory';
import {
  notificationSourceOf,
  startMeshNotifications,
} from './notifications/startMeshNotifications';
import { readMeshOptions } from './readMeshOptions';
import { createRouter } from './router';
import { createScaffolderPickerRouter } from './scaffolder/createScaffolderPickerRouter';
import { ClusterSnapshots } from './service/ClusterSnapshots';
import { EntityStatusService } from './service/EntityStatusService';
import { FindingSuppressions } from './service/FindingSuppressions';
import { FleetQueryService } from './service/FleetQueryService';

/** The mesh backend plugin: cluster state → mesh and ECK status and findings. */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, lifecycle } = deps;
        deps.permissionsRegistry.addPermissions(meshPermissions);
        const options = readMeshOptions(config);

        const { clusters: configured, ignored } = readClusterConfig(config);
        for (const { message, ...where } of ignored)
          logger.warn(message, where);
        for (const cluster of configured) {
          logger.info('Mesh backend credentials for cluster', {
            cluster: cluster.details.name,
            credentials: cluster.meshServiceAccountToken
              ? 'own service account token (mesh.clusters)'
              : `the kubernetes plugin's (authProvider ${
                  cluster.authProvider || 'none'
                })`,
          });
        }
        const credentials = ClusterCredentials.create({ config, logger });
        const clusters = MeshClusters.create({
          clusters: configured,
          credentialSource: cluster => credentials.sourceFor(cluster),
          kinds: watchedKinds({
            rootNamespace: options.analyzer.rootNamespace,
            secretMetadata: options.secretMetadata,
          }),
          notWatched: options.secretMetadata
            ? []
            : [
                {
                  kind: Kinds.Secret,
                  reason:
                    'not read by configuration (mesh.readSecretMetadata: false): gateway credentials are decided from cert-manager Certificates only',
                },
              ],
          logger,
        });
        const catalogIndex = CatalogIndex.fromCatalog({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          ownership: options.ownership,
        });
        const suppressions = FindingSuppressions.create(options.suppressions);
        const snapshots = ClusterSnapshots.create({
          clusters,
          catalog: catalogIndex,
          analyzer: options.analyzer,
          suppressions,
          analysisDebounceMs: options.analysisDebounceMs,
          analysisMaxAgeMs: options.analysisMaxAgeMs,
          logger,
        });

        // Not awaited: a cluster that is down must not hold up start-up;
        // until its first list it shows as syncing.
        let stopWarmUp = () => {};
        lifecycle.addStartupHook(() => {
          clusters.start();
          stopWarmUp = catalogIndex.warmUp({ intervalMs: 5_000, attempts: 24 });
        });
        lifecycle.addShutdownHook(async () => {
          stopWarmUp();
          snapshots.stop();
          await clusters.stop();
        });
        await deps.scheduler.scheduleTask({
          id: 'mesh-catalog-index',
          frequency: { seconds: options.catalogRefreshSeconds },
          timeout: { minutes: 2 },
          // Every instance keeps its own in-memory index.
          scope: 'local',
          fn: () => catalogIndex.refresh(),
        });

        const fleet = FleetQueryService.create({
          clusters,
          catalog: catalogIndex,
          snapshots,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            accessCache: readAccessCacheSettings(config),
            entityStatuses: EntityStatusService.create({
              clusters,
              snapshots,
              suppressions,
              statusMaxAgeMs: options.analysisMaxAgeMs,
            }),
            fleet,
          }),
        );
        // The template form's pickers and inline host validation.
        deps.httpRouter.use(
          createScaffolderPickerRouter({
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            catalogService: deps.catalog,
            accessCache: readAccessCacheSettings(config),
            catalog: () => ({
              snapshot: catalogIndex.snapshot(),
              readAt: catalogIndex.refreshedAt,
            }),
            clusters: () => clusters.list(),
            allowedDomains:
              config.getOptionalStringArray('mesh.scaffolder.allowedDomains') ??
              [],
          }),
        );
        // The catalog is read (and, at a portal's first start, has been
        // filled): before, entities have no figures and no owners.
        const catalogRead = () =>
          catalogIndex.refreshedAt !== undefined &&
          fleet.services({ offset: 0, limit: 1 }).totalCount > 0;
        await startMeshHistory({
          ...deps,
          source: historySourceOf({ fleet, snapshots }),
          catalogRead,
        });
        await startMeshNotifications({
          ...deps,
          source: notificationSourceOf({ fleet, snapshots }),
          clusters: () => fleet.clusters(),
          catalogRead,
        });
      },
    });
  },
});
