import { randomBytes } from 'crypto';
import {
  AnalyzerConfig,
  ClusterView,
  EntityClusterStatus,
  WorkloadSelection,
  computeWorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { selectionKey } from './selectionKey';

/** Computes one entity's status in one cluster (`computeWorkloadStatus` unless a test counts calls). */
export type ComputeWorkloadStatus = (
  view: ClusterView,
  selection: WorkloadSelection,
  config: AnalyzerConfig,
) => EntityClusterStatus;

/** A memoized status, as the entity route sends it. */
export interface MemoizedStatus {
  /**
   * The status as UTF-8 JSON, sent as it is: a third of the object's memory,
   * and outside the JavaScript heap, so that memoized statuses add nothing
   * for the garbage collector to trace.
   */
  json: Buffer;
  /** The status's own `generatedAt`. */
  generatedAt: string;
  /** Unique to this status in this process's lifetime, and across restarts: for ETags. */
  id: string;
}

/** What a status is made of before the memo names it. */
export type StatusText = Omit<MemoizedStatus, 'id'>;

// Ids restart with the process; the boot token keeps them from repeating.
const BOOT = randomBytes(6).toString('base64url');
let lastId = 0;

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
   * 500, about 3 MiB per cluster with statuses of a few workloads each.
   */
  maxEntries?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

interface ViewEntries {
  /** The view's change count and the analyzer settings the entries were computed with. */
  stamp: string;
  entries: Map<string, { status: MemoizedStatus; computedAt: number }>;
}

/**
 * Per-(cluster, selection) entity statuses, served from memory until the
 * cluster changes: a status depends on many kinds (pods, Services, policies,
 * Gateways, Certificates, ECK resources, and every kind's sync state), so any
 * change in the view drops the cluster's entries, and the next request
 * recomputes (milliseconds). Other clusters keep theirs.
 */
export class WorkloadStatusMemo {
  private readonly byView = new WeakMap<ClusterView, ViewEntries>();
  /** Analyzer settings as text, per settings object (they are reused). */
  private readonly configKeys = new WeakMap<AnalyzerConfig, string>();
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

  /**
   * The status from memory, else from `precomputed` (a status known to be
   * current, such as the latest analysis's), else computed; kept either way.
   */
  get(
    view: ClusterView,
    selection: WorkloadSelection,
    config: AnalyzerConfig,
    precomputed?: () => StatusText | undefined,
  ): MemoizedStatus {
    const stamp = `${view.version()}|${this.configKey(config)}`;
    let perView = this.byView.get(view);
    if (!perView || perView.stamp !== stamp) {
      // Release the outdated statuses now rather than when each is asked again.
      perView = { stamp, entries: new Map() };
      this.byView.set(view, perView);
    }
    const key = selectionKey(selection);
    const now = this.now();
    const cached = perView.entries.get(key);
    if (cached && now - cached.computedAt < this.maxAgeMs) {
      // Most recently used last, so eviction takes the least recently used.
      perView.entries.delete(key);
      perView.entries.set(key, cached);
      return cached.status;
    }
    const status: MemoizedStatus = {
      ...(precomputed?.() ??
        this.serialized(this.compute(view, selection, config))),
      id: `${BOOT}.${++lastId}`,
    };
    perView.entries.delete(key);
    perView.entries.set(key, { status, computedAt: now });
    if (perView.entries.size > this.maxEntries) {
      const oldest = perView.entries.keys().next().value;
      if (oldest !== undefined) perView.entries.delete(oldest);
    }
    return status;
  }

  /** Drops the cluster's statuses (it changed). */
  forget(view: ClusterView): void {
    this.byView.delete(view);
  }

  private serialized(status: EntityClusterStatus): StatusText {
    return {
      json: Buffer.from(JSON.stringify(status)),
      generatedAt: status.generatedAt,
    };
  }

  private configKey(config: AnalyzerConfig): string {
    let key = this.configKeys.get(config);
    if (key === undefined) {
      key = JSON.stringify(config);
      this.configKeys.set(config, key);
    }
    return key;
  }
}
