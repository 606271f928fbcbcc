import { KubeConfig } from '@kubernetes/client-node';
import { MeshCluster } from './readClusterConfig';

/** A client-node KubeConfig for one configured cluster. */
export function kubeConfigFor(cluster: MeshCluster): KubeConfig {
  if (
    cluster.authProvider !== 'serviceAccount' &&
    cluster.authProvider !== 'localKubectlProxy'
  ) {
    throw new Error(
      `authProvider "${cluster.authProvider}" is not supported by the mesh backend yet; use serviceAccount`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: cluster.skipTLSVerify,
        caData: cluster.caData,
      },
    ],
    users: [{ name: 'meshwise', token: cluster.serviceAccountToken }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'meshwise' }],
    currentContext: cluster.name,
  });
  return kubeConfig;
}
