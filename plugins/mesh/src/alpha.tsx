/**
 * Meshwise for Backstage's new frontend system: the fleet dashboard page
 * (which also gives the nav item), the entity card and tab, and the API.
 *
 * @packageDocumentation
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { meshApiRef, MeshClient } from './api';
import { isMeshAvailable } from './isMeshAvailable';
import {
  meshHostsFormField,
  meshNamespacePickerFormField,
  meshServicePickerFormField,
} from './scaffolder/formFields';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The mesh backend client on the app's discovery and fetch APIs. */
export const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The platform dashboard at /mesh; its title and icon make the nav item and
 * the page header, so the dashboard itself renders without one.
 */
export const meshDashboardPage = PageBlueprint.make({
  params: {
    path: '/mesh',
    title: 'Service mesh',
    icon: <DeviceHubIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MeshDashboardPage').then(m =>
        compatWrapper(<m.MeshDashboardPage header={false} />),
      ),
  },
});

/** The "Service mesh" card on the overview of entities with Kubernetes annotations. */
export const meshEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: isMeshAvailable,
    loader: () =>
      import('./components/EntityMeshStatusCard').then(m =>
        compatWrapper(<m.EntityMeshStatusCard />),
      ),
  },
});

/** The "Mesh" tab of entities with Kubernetes annotations. */
export const meshEntityContent = EntityContentBlueprint.make({
  name: 'mesh',
  params: {
    path: '/mesh',
    title: 'Mesh',
    group: 'operation',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: isMeshAvailable,
    loader: () =>
      import('./components/EntityMeshContent').then(m =>
        compatWrapper(<m.EntityMeshContent />),
      ),
  },
});

export default createFrontendPlugin({
  pluginId: 'mesh',
  title: 'Service mesh',
  icon: <DeviceHubIcon />,
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  }),
  extensions: [
    meshApi,
    meshDashboardPage,
    meshEntityCard,
    meshEntityContent,
    // The template form's pickers and host field.
    meshNamespacePickerFormField,
    meshServicePickerFormField,
    meshHostsFormField,
  ],
});
