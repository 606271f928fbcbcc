import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { meshApiRef, MeshClient } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

export const meshPlugin = createPlugin({
  id: 'mesh',
  apis: [
    createApiFactory({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/** The platform team's fleet dashboard page. */
export const MeshDashboardPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshDashboardPage',
    component: () =>
      import('./components/MeshDashboardPage').then(m => m.MeshDashboardPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Mesh tab of a service's entity page. */
export const EntityMeshContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntityMeshContent',
    component: () =>
      import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
    mountPoint: entityContentRouteRef,
  }),
);

/** The mesh status card for a service's overview. */
export const EntityMeshStatusCard = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshStatusCard',
    component: {
      lazy: () =>
        import('./components/EntityMeshStatusCard').then(
          m => m.EntityMeshStatusCard,
        ),
    },
  }),
);
