export { meshApiRef } from './MeshApi';
export type { MeshApi, MeshClusterState } from './MeshApi';
export { MeshClient } from './MeshClient';
