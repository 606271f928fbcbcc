import { Config } from '@backstage/config';

/** One cluster the mesh backend reads, as configured for the Kubernetes plugin. */
export interface MeshCluster {
  name: string;
  title?: string;
  url: string;
  authProvider: string;
  /** Only for `authProvider: serviceAccount`. Never logged or served. */
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
}

/**
 * Reads the clusters from Backstage's own `kubernetes.clusterLocatorMethods`
 * (`config` and `localKubectlProxy` locators), so a portal that already shows
 * Kubernetes needs no second cluster list. Cluster URLs only ever come from here.
 */
export function readClusterConfig(config: Config): MeshCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods.flatMap((method): MeshCluster[] => {
    switch (method.getString('type')) {
      case 'config':
        return (method.getOptionalConfigArray('clusters') ?? []).map(cluster => ({
          name: cluster.getString('name'),
          title: cluster.getOptionalString('title'),
          url: cluster.getString('url'),
          authProvider: cluster.getOptionalString('authProvider') ?? 'serviceAccount',
          serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
          skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: cluster.getOptionalString('caData'),
        }));
      case 'localKubectlProxy':
        return [
          {
            name: 'local',
            url: 'http://localhost:8001',
            authProvider: 'localKubectlProxy',
            skipTLSVerify: false,
          },
        ];
      default:
        // catalog / gke locators discover clusters at run time; not read yet.
        return [];
    }
  });
}
