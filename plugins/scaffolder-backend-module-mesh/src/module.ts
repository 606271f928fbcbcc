import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ScmIntegrations } from '@backstage/integration';
import { createMeshActions } from './actions/createMeshActions';
import { createPublisherAction } from './actions/createPublisherAction';
import { missingScaffolderSettings } from './config/missingScaffolderSettings';
import { readMeshScaffolderConfig } from './config/readMeshScaffolderConfig';
import { MeshBackendGatewayHostClaims } from './io/MeshBackendGatewayHostClaims';
import { ScaffolderRegisteredActions } from './io/RegisteredActions';

/**
 * Registers the `mesh:*` actions with the scaffolder: the manifest actions
 * and `mesh:publisher:resolve`, which picks the templates' publishing step.
 */
export const scaffolderModuleMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        userInfo,
        permissions,
        discovery,
        logger,
      }) {
        // Said once at start-up: without these settings requests are refused
        // (safely), and the requester would be the first to find out.
        for (const warning of missingScaffolderSettings(config)) {
          logger.warn(warning);
        }
        scaffolder.addActions(
          ...createMeshActions({
            config: readMeshScaffolderConfig(config),
            catalog,
            auth,
            userInfo,
            permissions,
            hostClaims: MeshBackendGatewayHostClaims.create({
              discovery,
              auth,
            }),
          }),
          createPublisherAction({
            integrations: ScmIntegrations.fromConfig(config),
            registeredActions: ScaffolderRegisteredActions.create({
              discovery,
              auth,
            }),
          }),
        );
      },
    });
  },
});
