import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createMeshActions } from './actions/createMeshActions';
import { readMeshScaffolderConfig } from './config/readMeshScaffolderConfig';
import { MeshBackendGatewayHostClaims } from './io/MeshBackendGatewayHostClaims';

/** Registers the `mesh:*` actions with the scaffolder. */
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
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        userInfo,
        permissions,
        discovery,
      }) {
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
        );
      },
    });
  },
});
