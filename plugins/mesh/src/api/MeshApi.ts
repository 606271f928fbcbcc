import { createApiRef } from '@backstage/core-plugin-api';

/** How the mesh backend currently reaches one configured cluster. */
export interface MeshClusterState {
  name: string;
  title?: string;
  reachable: boolean;
  /** The API server's version when reachable. */
  version?: string;
  /** Why the cluster could not be read, when unreachable. */
  reason?: string;
}

/** Client for the mesh backend plugin. */
export interface MeshApi {
  getClusters(): Promise<MeshClusterState[]>;
}

export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.api' });
