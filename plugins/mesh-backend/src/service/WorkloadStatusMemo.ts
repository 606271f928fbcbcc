import {
  AnalyzerConfig,
  ClusterView,
  EntityClusterStatus,
} from '@meshwise/plugin-mesh-common';
import { uniqueId } from './uniqueId';

/** One cluster's part of an entity status, as the entity route sends it. */
export interface ClusterStatusText {
  /**
   * The status as UTF-8 JSON, sent as it is: a third of the object's memory,
   * and outside the JavaScript heap, so that kept statuses add nothing for
   * the garbage collector to trace.
   */
  json: Buffer;
  /** The status's own `generatedAt`. */
  generatedAt: string;
  /** Unique to this text in this process's lifetime, and across restarts: for ETags. */
  id: string;
}

export interface WorkloadStatusMemoOptions {
  /**
   * How long a status is served while nothing in its cluster changes; default
   * 30 s. Some values depend on the time (a Certificate's days to expiry), so
   * an unchanged cluster's statuses are still recomputed now and then.
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
  /** The view's change count and the analyzer settings (compared by identity) the entries hold for. */
  version: number;
  config: AnalyzerConfig;
  entries: Map<string, { status: ClusterStatusText; keptAt: number }>;
}

/**
 * Entity statuses computed on request, per (cluster, selection key), kept
 * until the cluster changes: a status depends on many kinds (pods, Services,
 * policies, Gateways, Certificates, ECK resources, and every kind's sync
 * state), so any change in the view, or other analyzer settings, drops the
 * cluster's entries. Other clusters keep theirs. Only a memo: computing is
 * the caller's.
 */
export class WorkloadStatusMemo {
  private readonly byView = new WeakMap<ClusterView, ViewEntries>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: WorkloadStatusMemoOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.now = options.now ?? Date.now;
  }

  /** The kept status of this selection (`selectionKey`), if it still holds. */
  get(
    view: ClusterView,
    config: AnalyzerConfig,
    key: string,
  ): ClusterStatusText | undefined {
    const entries = this.entriesOf(view, config);
    const kept = entries.get(key);
    if (!kept) return undefined;
    if (this.now() - kept.keptAt >= this.maxAgeMs) {
      entries.delete(key);
      return undefined;
    }
    // Most recently used last, so eviction takes the least recently used.
    entries.delete(key);
    entries.set(key, kept);
    return kept.status;
  }

  /** Keeps a status just computed from the view as it is now, with these settings; returns it as text. */
  put(
    view: ClusterView,
    config: AnalyzerConfig,
    key: string,
    status: EntityClusterStatus,
  ): ClusterStatusText {
    const entries = this.entriesOf(view, config);
    const text: ClusterStatusText = {
      json: Buffer.from(JSON.stringify(status)),
      generatedAt: status.generatedAt,
      id: uniqueId(),
    };
    entries.delete(key);
    entries.set(key, { status: text, keptAt: this.now() });
    if (entries.size > this.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    return text;
  }

  /** The view's entries, emptied first if they were kept for an earlier state of it or other settings. */
  private entriesOf(
    view: ClusterView,
    config: AnalyzerConfig,
  ): ViewEntries['entries'] {
    const version = view.version();
    let perView = this.byView.get(view);
    if (!perView || perView.version !== version || perView.config !== config) {
      // Release the outdated statuses now rather than when each is asked again.
      perView = { version, config, entries: new Map() };
      this.byView.set(view, perView);
    }
    return perView.entries;
  }
}
