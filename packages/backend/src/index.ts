import { createBackend } from '@backstage/backend-defaults';
import { demoClusterConfigServiceFactory } from './demoClusterConfig';

const backend = createBackend();

// With no Kubernetes cluster configured, start the embedded demo cluster and
// configure it exactly as a real cluster would be (see README.md).
backend.add(demoClusterConfigServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The demo's second user, a mesh admin (auth.providers.demo-mesh-admin).
backend.add(import('./demoMeshAdminSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@meshwise/plugin-scaffolder-backend-module-mesh'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@meshwise/plugin-mesh-backend'));

// Notifications (the mesh plugin's, mesh.notifications) and the signals
// that bring them to the bell as they are sent.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
