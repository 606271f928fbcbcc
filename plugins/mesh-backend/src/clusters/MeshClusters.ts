import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterSyncState,
  InMemoryClusterView,
  KindSyncState,
} from '@meshwise/plugin-mesh-common';
import {
  ClusterCache,
  ClusterCacheOptions,
  KindRef,
  Semaphore,
  ValuePool,
  CachedKind,
} from '../cache';
import { ClusterCredentialSource } from './ClusterCredentials';
import { ClusterViewSink } from './ClusterViewSink';
import { clusterSyncState } from './clusterSyncState';
import { ConfiguredCluster } from './readClusterConfig';

/** One configured cluster: its view, fed by its cache when it can be read. */
export interface MeshCluster {
  name: string;
  title?: string;
  view: InMemoryClusterView;
  /** Absent when the cluster cannot be read in the background (see `unreadableReason`). */
  cache?: ClusterCache;
  unreadableReason?: string;
  /** Whether the API server serves TokenRequest; undefined until discovery tells. */
  tokenRequestSupported?: boolean;
}

export type CacheTuning = Partial<
  Omit<
    ClusterCacheOptions,
    'cluster' | 'credential' | 'sink' | 'logger' | 'kinds'
  >
>;

export interface MeshClustersOptions {
  clusters: readonly ConfiguredCluster[];
  credentialSource: (cluster: ConfiguredCluster) => ClusterCredentialSource;
  kinds: readonly CachedKind[];
  /** Kinds the analyzers read but the cache deliberately does not watch, and why. */
  notWatched?: readonly { kind: KindRef; reason: string }[];
  logger: LoggerService;
  tuning?: CacheTuning;
}

/**
 * The clusters the mesh backend reads: one `ClusterCache` per cluster
 * feeding one `InMemoryClusterView`, sharing one value pool and one list-page
 * semaphore so memory stays bounded across clusters. A cluster that cannot be
 * read (client-side auth, bad CA file) gets a view whose every kind is in
 * error with the reason, so everything built on it shows as unknown.
 */
export class MeshClusters {
  private readonly clusters: MeshCluster[] = [];
  private readonly byName = new Map<string, MeshCluster>();
  private readonly listeners = new Set<(cluster: string) => void>();

  static create(options: MeshClustersOptions): MeshClusters {
    return new MeshClusters(options);
  }

  private constructor(options: MeshClustersOptions) {
    const valuePool = new ValuePool();
    const listPages = new Semaphore(4);
    for (const configured of options.clusters) {
      const { name, title, url, skipTLSVerify, caData } = configured.details;
      const view = new InMemoryClusterView(name);
      // A choice, not a fault: values that depend on the kind are unknown
      // with this reason, and nothing advises granting access.
      for (const { kind, reason } of options.notWatched ?? []) {
        view.setKindState(kind, 'notWatched', reason);
      }
      const notify = () => this.emit(name);
      const source = options.credentialSource(configured);
      const cluster: MeshCluster = { name, ...(title ? { title } : {}), view };
      if (source.kind === 'unsupported') {
        cluster.unreadableReason = source.reason;
        options.logger.warn('Cluster will not be read', {
          cluster: name,
          reason: source.reason,
        });
        for (const kind of options.kinds) {
          view.setKindState(kind, 'error', source.reason);
        }
      } else {
        cluster.cache = ClusterCache.create({
          valuePool,
          listPages,
          ...options.tuning,
          cluster: { name, url, skipTLSVerify, caData },
          credential: source.credential,
          sink: new ClusterViewSink(view, notify),
          onTokenRequestSupport: supported => {
            cluster.tokenRequestSupported = supported;
            notify();
          },
          logger: options.logger,
          kinds: options.kinds,
        });
      }
      this.clusters.push(cluster);
      this.byName.set(name, cluster);
    }
  }

  /** Starts every cache in the background; never waits for a cluster. */
  start(): void {
    for (const cluster of this.clusters) cluster.cache?.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.clusters.map(cluster => cluster.cache?.stop()));
  }

  list(): readonly MeshCluster[] {
    return this.clusters;
  }

  get(name: string): MeshCluster | undefined {
    return this.byName.get(name);
  }

  /** Called (synchronously, often) whenever a cluster's view changes. */
  onChange(listener: (cluster: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  syncStates(): ClusterSyncState[] {
    return this.clusters.map(cluster => {
      if (!cluster.cache) {
        return clusterSyncState(cluster, [...cluster.view.kindStates()]);
      }
      const kinds: KindSyncState[] = cluster.cache.kindStates().map(state => ({
        group: state.group,
        kind: state.kind,
        status: state.status,
        ...(state.reason ? { reason: state.reason } : {}),
        since: state.since,
      }));
      // Kinds not read by configuration live in the view only.
      const notWatched = cluster.view
        .kindStates()
        .filter(state => state.status === 'notWatched');
      return clusterSyncState(cluster, [...kinds, ...notWatched], {
        ...cluster.cache.reachabilityState(),
        url: cluster.cache.url,
      });
    });
  }

  private emit(cluster: string): void {
    for (const listener of this.listeners) listener(cluster);
  }
}
