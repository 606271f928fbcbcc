import { VersionApi } from '@kubernetes/client-node';
import { kubeConfigFor } from './kubeConfigFor';
import { MeshCluster } from './readClusterConfig';

/** The cluster's Kubernetes version (`/version` gitVersion). */
export async function fetchClusterVersion(cluster: MeshCluster): Promise<string> {
  const info = await kubeConfigFor(cluster).makeApiClient(VersionApi).getCode();
  return info.gitVersion;
}
