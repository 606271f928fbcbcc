import { LoggerService } from '@backstage/backend-plugin-api';
import { AnalyzerConfig } from '@meshwise/plugin-mesh-common';
import { CatalogIndex } from '../catalog/CatalogIndex';
import { MeshCluster, MeshClusters } from '../clusters/MeshClusters';
import { ClusterSnapshot, buildClusterSnapshot } from './buildClusterSnapshot';
import { FindingSuppressions } from './FindingSuppressions';
import { SnapshotCache } from './SnapshotCache';

export interface ClusterSnapshotsOptions {
  clusters: MeshClusters;
  catalog: CatalogIndex;
  analyzer: AnalyzerConfig;
  suppressions: FindingSuppressions;
  /** Coalesce a cluster's changes this long before re-analysing it; default 300 ms. */
  analysisDebounceMs?: number;
  /** Re-analyse a cluster after this long even without changes; default 5 minutes. */
  analysisMaxAgeMs?: number;
  logger: LoggerService;
}

/**
 * The latest whole-cluster analysis (`buildClusterSnapshot`) of every
 * cluster, recomputed in the background when the cluster or the catalog
 * changed (debounced) and when it is older than `analysisMaxAgeMs`. Both the
 * entity statuses and the fleet queries read it; nothing here calls a
 * cluster.
 */
export class ClusterSnapshots {
  private readonly caches = new Map<string, SnapshotCache<ClusterSnapshot>>();
  private readonly unsubscribe: Array<() => void>;
  /** Per cluster, its analyzer settings: one object while they stay the same, so readers can compare by identity. */
  private readonly analyzerConfigs = new Map<
    string,
    { tokenRequestSupported?: boolean; config: AnalyzerConfig }
  >();

  static create(options: ClusterSnapshotsOptions): ClusterSnapshots {
    return new ClusterSnapshots(options);
  }

  private constructor(private readonly options: ClusterSnapshotsOptions) {
    const { clusters, catalog, logger } = options;
    for (const cluster of clusters.list()) {
      this.caches.set(
        cluster.name,
        SnapshotCache.create({
          debounceMs: options.analysisDebounceMs ?? 300,
          maxAgeMs: options.analysisMaxAgeMs ?? 300_000,
          logger: logger.child({ cluster: cluster.name }),
          compute: () =>
            buildClusterSnapshot(cluster.view, catalog.snapshot(), {
              analyzer: this.analyzerConfig(cluster),
              suppressions: options.suppressions,
            }),
        }),
      );
    }
    this.unsubscribe = [
      clusters.onChange(name => this.caches.get(name)?.markDirty()),
      catalog.onChange(() => {
        for (const cache of this.caches.values()) cache.markDirty();
      }),
    ];
  }

  /** Stops the background recomputation (the clusters are stopped by their owner). */
  stop(): void {
    for (const dispose of this.unsubscribe) dispose();
    for (const cache of this.caches.values()) cache.stop();
  }

  /** Re-analyses every cluster now instead of after the debounce. */
  refreshNow(): void {
    for (const cache of this.caches.values()) cache.refresh();
  }

  /** The latest analysis of every cluster; a cluster never analysed yet is analysed now. */
  all(): ClusterSnapshot[] {
    return [...this.caches.values()].map(cache => cache.get());
  }

  /**
   * The cluster's latest analysis while it still describes the cluster:
   * nothing in its view and none of its analyzer settings changed since.
   * Never computes one.
   */
  current(cluster: MeshCluster): ClusterSnapshot | undefined {
    const snapshot = this.caches.get(cluster.name)?.peek();
    return snapshot &&
      snapshot.viewVersion === cluster.view.version() &&
      snapshot.analyzer === this.analyzerConfig(cluster)
      ? snapshot
      : undefined;
  }

  /** When the cluster's latest analysis ran and whether changes wait for the next; undefined before the first. */
  analysisState(
    cluster: string,
  ): { generatedAt: string; pending: boolean } | undefined {
    const cache = this.caches.get(cluster);
    const latest = cache?.peek();
    return latest && cache
      ? { generatedAt: latest.generatedAt, pending: cache.isPending() }
      : undefined;
  }

  /** The analyzer settings for one cluster: the configured ones plus what its discovery found. */
  analyzerConfig(cluster: MeshCluster): AnalyzerConfig {
    const { tokenRequestSupported } = cluster;
    const known = this.analyzerConfigs.get(cluster.name);
    if (known && known.tokenRequestSupported === tokenRequestSupported) {
      return known.config;
    }
    const config =
      tokenRequestSupported === undefined
        ? this.options.analyzer
        : { ...this.options.analyzer, tokenRequestSupported };
    this.analyzerConfigs.set(cluster.name, { tokenRequestSupported, config });
    return config;
  }
}
