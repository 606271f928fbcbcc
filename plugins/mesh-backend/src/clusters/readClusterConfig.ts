import { readFileSync } from 'node:fs';
import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { messageOf } from '../cache/errorText';

/** One cluster the mesh backend reads, as configured for the Kubernetes plugin. */
export interface ConfiguredCluster {
  /** As the kubernetes backend builds it; `authMetadata` may hold secrets: never log or serve it. */
  details: ClusterDetails;
  authProvider: string;
  /**
   * The mesh backend's own bearer token for this cluster
   * (`mesh.clusters[].serviceAccountToken`), used instead of the cluster's
   * configured auth. A secret: never log or serve it.
   */
  meshServiceAccountToken?: string;
  /** Set when the cluster cannot be read in the background (bad CA file, ...). */
  problem?: string;
}

/** A locator method or cluster entry that is ignored, and why (for the log). */
export interface IgnoredClusterConfig {
  message: string;
  /** The ignored locator method's `type`. */
  locatorType?: string;
  /** The ignored cluster's name. */
  cluster?: string;
}

export interface ReadClusterConfigResult {
  clusters: ConfiguredCluster[];
  ignored: IgnoredClusterConfig[];
}

/**
 * Reads the clusters from Backstage's own `kubernetes.clusterLocatorMethods`
 * into the `ClusterDetails` the kubernetes backend's config locator builds
 * (same `authMetadata` keys), so its auth strategies apply unchanged and a
 * portal that already shows Kubernetes needs no second cluster list.
 * `caFile` is read here into `caData`. Cluster URLs only ever come from here.
 * `mesh.clusters` gives the mesh backend its own token for some of these
 * clusters (by name); an entry naming no such cluster is ignored.
 */
export function readClusterConfig(
  config: Config,
  options: { readFile?: (path: string) => Buffer } = {},
): ReadClusterConfigResult {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path));
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: ConfiguredCluster[] = [];
  const ignored: IgnoredClusterConfig[] = [];
  const names = new Set<string>();
  const add = (cluster: ConfiguredCluster) => {
    if (names.has(cluster.details.name)) {
      ignored.push({
        message:
          'Cluster name configured twice; the mesh backend reads the first cluster of that name',
        cluster: cluster.details.name,
      });
      return;
    }
    names.add(cluster.details.name);
    clusters.push(cluster);
  };
  for (const method of methods) {
    const type = method.getString('type');
    switch (type) {
      case 'config':
        for (const c of method.getOptionalConfigArray('clusters') ?? []) {
          add(fromClusterConfig(c, readFile));
        }
        break;
      case 'localKubectlProxy':
        add({
          details: {
            name: 'local',
            url: 'http://127.0.0.1:8001',
            authMetadata: {
              [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
            },
            skipMetricsLookup: true,
          },
          authProvider: 'localKubectlProxy',
        });
        break;
      case 'catalog':
        // A catalog entity names its API server: anyone who can register
        // entities could point this backend's credentials at any URL.
        ignored.push({
          message:
            'Cluster locator method not read by the mesh backend: it reads clusters whose URL is in app-config only',
          locatorType: type,
        });
        break;
      default:
        // `gke` lists clusters through Google's API with the kubernetes
        // backend's supplier, which it does not share.
        ignored.push({
          message: 'Cluster locator method not read by the mesh backend',
          locatorType: type,
        });
    }
  }
  applyMeshCredentials(config, clusters, ignored);
  return { clusters, ignored };
}

/**
 * `mesh.clusters`: the mesh backend's own service account token per
 * cluster, so that it need not share the Kubernetes plugin's credentials.
 * Only names a cluster read above: the URL and CA always come from the
 * kubernetes config, never from here.
 */
function applyMeshCredentials(
  config: Config,
  clusters: ConfiguredCluster[],
  ignored: IgnoredClusterConfig[],
): void {
  const byName = new Map(clusters.map(c => [c.details.name, c]));
  const seen = new Set<string>();
  for (const entry of config.getOptionalConfigArray('mesh.clusters') ?? []) {
    const name = entry.getString('name');
    const token = entry.getString('serviceAccountToken').trim();
    if (seen.has(name)) {
      ignored.push({
        message:
          'mesh.clusters names the cluster twice; the mesh backend uses the first entry',
        cluster: name,
      });
      continue;
    }
    seen.add(name);
    const cluster = byName.get(name);
    if (!cluster) {
      ignored.push({
        message:
          'mesh.clusters entry ignored: no cluster of that name is read from kubernetes.clusterLocatorMethods (config or localKubectlProxy)',
        cluster: name,
      });
      continue;
    }
    if (!token) {
      // Not ignored: falling back to the shared credentials is what the
      // entry is there to avoid.
      cluster.problem = `mesh.clusters gives cluster "${name}" an empty serviceAccountToken`;
      continue;
    }
    cluster.meshServiceAccountToken = token;
  }
}

function fromClusterConfig(
  c: Config,
  readFile: (path: string) => Buffer,
): ConfiguredCluster {
  const name = c.getString('name');
  const authMetadataBlock =
    c.getOptional<Record<string, string>>('authMetadata');
  const authProvider =
    authMetadataBlock?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    c.getOptionalString('authProvider') ??
    '';
  const title = c.getOptionalString('title');
  const serviceAccountToken = c.getOptionalString('serviceAccountToken');
  const assumeRole = c.getOptionalString('assumeRole');
  const externalId = c.getOptionalString('externalId');
  const oidcTokenProvider = c.getOptionalString('oidcTokenProvider');
  const caFile = c.getOptionalString('caFile');
  let caData = c.getOptionalString('caData');
  let problem: string | undefined;
  if (!caData && caFile) {
    try {
      caData = readFile(caFile).toString('base64');
    } catch (error) {
      problem = `caFile ${caFile} cannot be read: ${messageOf(error)}`;
    }
  }
  return {
    details: {
      name,
      ...(title ? { title } : {}),
      url: c.getString('url'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
      skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
      ...(caData ? { caData } : {}),
      ...(caFile ? { caFile } : {}),
      authMetadata: {
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
        ...(serviceAccountToken ? { serviceAccountToken } : {}),
        ...(assumeRole
          ? { [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole }
          : {}),
        ...(externalId
          ? { [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId }
          : {}),
        ...(oidcTokenProvider
          ? { [ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]: oidcTokenProvider }
          : {}),
        ...authMetadataBlock,
      },
    },
    authProvider,
    ...(problem ? { problem } : {}),
  };
}
