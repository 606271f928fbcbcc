/**
 * Meshwise frontend plugin: Istio mesh and ECK status on the service page,
 * and the platform team's fleet dashboard.
 *
 * @packageDocumentation
 */
export {
  meshPlugin,
  MeshDashboardPage,
  EntityMeshContent,
  EntityMeshStatusCard,
} from './plugin';
export { MeshSidebarItem } from './components/MeshSidebarItem';
export { isMeshAvailable } from './isMeshAvailable';
export * from './api';
