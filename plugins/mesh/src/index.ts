/**
 * Meshwise frontend plugin: Istio mesh and ECK status on the service page,
 * and the platform team's fleet dashboard. The new frontend system's plugin
 * is the default export of `@meshwise/plugin-mesh/alpha`.
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
export * from './scaffolder';
export { isMeshAvailable } from './isMeshAvailable';
export * from './api';
