import {
  AnalyzerConfig,
  ClusterView,
  EntityClusterStatus,
  WATCHED_KINDS,
  WorkloadSelection,
  computeWorkloadStatus,
} from '@meshwise/plugin-mesh-common';

/** Computes one entity's status in one cluster (`computeWorkloadStatus` unless a test counts calls). */
export type ComputeWorkloadStatus = (
  view: ClusterView,
  selection: WorkloadSelection,
  config: AnalyzerConfig,
) => EntityClusterStatus;

export interface WorkloadStatusMemoOptions {
  compute?: ComputeWorkloadStatus;
  /**
   * How long a status is served while nothing in its cluster changes; default
   * 30 s. Some values depend on the time (a Certificate's days to expiry), so
   * an unchanged cluster is still re-analysed now and then.
   */
  maxAgeMs?: number;
  /**
   * Statuses kept per cluster (the least recently used go first); default
   * 500, about 5 MiB per cluster with statuses of a few workloads each.
   */
  maxEntries?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

interface ViewEntries {
  /** Every watched kind's version and the analyzer settings the entries were computed with. */
  stamp: string;
  entries: Map<string, { status: EntityClusterStatus; computedAt: number }>;
}

/**
 * Per-(cluster, selection) entity statuses, served from memory until the
 * cluster changes: a status depends on many kinds (pods, Services, policies,
 * Gateways, Certificates, ECK resources, and every kind's sync state), so any
 * change to a watched kind's version drops the cluster's entries, and the
 * next request recomputes (milliseconds). Other clusters keep theirs.
 */
export class WorkloadStatusMemo {
  private readonly byView = new WeakMap<ClusterView, ViewEntries>();
  private readonly compute: ComputeWorkloadStatus;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: WorkloadStatusMemoOptions = {}) {
    this.compute = options.compute ?? computeWorkloadStatus;
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.now = options.now ?? Date.now;
  }

  get(
    view: ClusterView,
    selection: WorkloadSelection,
    config: AnalyzerConfig,
  ): EntityClusterStatus {
    const stamp = `${WATCHED_KINDS.map(k => view.kindVersion(k)).join(
      ',',
    )}|${JSON.stringify(config)}`;
    let perView = this.byView.get(view);
    if (!perView || perView.stamp !== stamp) {
      // Release the outdated statuses now rather than when each is asked again.
      perView = { stamp, entries: new Map() };
      this.byView.set(view, perView);
    }
    const key = JSON.stringify([
      selection.cluster ?? null,
      selection.namespace ?? null,
      selection.labelSelector,
    ]);
    const now = this.now();
    const cached = perView.entries.get(key);
    if (cached && now - cached.computedAt < this.maxAgeMs) {
      // Most recently used last, so eviction takes the least recently used.
      perView.entries.delete(key);
      perView.entries.set(key, cached);
      return cached.status;
    }
    const status = this.compute(view, selection, config);
    perView.entries.delete(key);
    perView.entries.set(key, { status, computedAt: now });
    if (perView.entries.size > this.maxEntries) {
      const oldest = perView.entries.keys().next().value;
      if (oldest !== undefined) perView.entries.delete(oldest);
    }
    return status;
  }
}
