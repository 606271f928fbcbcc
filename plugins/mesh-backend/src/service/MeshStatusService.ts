import { createHash } from 'crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AnalyzerConfig,
  ClusterSyncState,
  EntityClusterStatus,
  EntityMeshStatus,
  FindingCode,
  FleetFinding,
  FleetQuery,
  FleetSummary,
  HostClaim,
  Page,
  ServiceRow,
  Severity,
  WorkloadSelection,
  computeWorkloadStatus,
  summarizeFleet,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { CatalogIndex } from '../catalog/CatalogIndex';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { MeshCluster, MeshClusters } from '../clusters/MeshClusters';
import { ClusterSnapshot, buildClusterSnapshot } from './buildClusterSnapshot';
import { FindingSuppressions } from './FindingSuppressions';
import { claimCovers } from './hostClaimsOf';
import {
  SortKeys,
  anyOf,
  matchesSearch,
  pageOfSorted,
  sortRows,
} from './pageOf';
import { ServiceRowEntry, serviceRowOf } from './serviceRowOf';
import { selectionKey } from './selectionKey';
import { SnapshotCache } from './SnapshotCache';
import {
  ComputeWorkloadStatus,
  MemoizedStatus,
  StatusText,
  WorkloadStatusMemo,
} from './WorkloadStatusMemo';

const COMMA = Buffer.from(',');

const SEVERITY_RANK: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

const SERVICE_SORT: SortKeys<ServiceRow> = {
  entityRef: row => row.entityRef,
  title: row => row.title ?? row.entityRef,
  owner: row => row.owner,
  workloads: row => row.workloads,
  pods: row => row.pods,
  dataPlane: row => row.dataPlane,
  mtls: row => row.mtls,
  certificate: row => row.certificate?.daysToExpiry,
  eckHealth: row => row.eckHealth,
  findings: row => [
    row.findings.error,
    row.findings.warning,
    row.findings.info,
  ],
};

const SERVICE_SORT_ENTRY: SortKeys<ServiceRowEntry> = Object.fromEntries(
  Object.entries(SERVICE_SORT).map(([field, key]) => [
    field,
    (entry: ServiceRowEntry) => key(entry.row),
  ]),
);

const FINDING_SORT: SortKeys<FleetFinding> = {
  severity: finding => SEVERITY_RANK[finding.severity],
  code: finding => finding.code,
  cluster: finding => finding.cluster,
  namespace: finding => finding.namespace,
  team: finding => finding.team,
  message: finding => finding.message,
};

/** Fields `/fleet/services` can be sorted by. */
export const SERVICE_SORT_FIELDS = Object.keys(SERVICE_SORT);
/** Fields `/findings` can be sorted by. */
export const FINDING_SORT_FIELDS = Object.keys(FINDING_SORT);

export interface MeshStatusServiceOptions {
  clusters: MeshClusters;
  catalog: CatalogIndex;
  analyzer: AnalyzerConfig;
  suppressions: FindingSuppressions;
  /** Coalesce a cluster's changes this long before re-analysing it; default 300 ms. */
  analysisDebounceMs?: number;
  /**
   * Re-analyse a cluster after this long even without changes, and keep
   * statuses computed on request as long; default 5 minutes.
   */
  analysisMaxAgeMs?: number;
  /** Computes an entity's status in one cluster; default `computeWorkloadStatus` (tests count calls). */
  computeStatus?: ComputeWorkloadStatus;
  logger: LoggerService;
}

type Paged = FleetQuery & { offset: number; limit: number };

/**
 * Answers every mesh question from memory: per-entity status is computed on
 * request from the cluster views (indexed, fast); whole-cluster analysis
 * (findings, dashboard figures, fleet rows, host claims) is recomputed in the
 * background when a cluster or the catalog changed, debounced, and served
 * from that cache with its `generatedAt`. Nothing here calls a cluster.
 *
 * Usable without HTTP: a script builds `MeshClusters` and a `CatalogIndex`
 * and calls these methods directly.
 */
export class MeshStatusService {
  private readonly snapshots = new Map<
    string,
    SnapshotCache<ClusterSnapshot>
  >();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly statusMemo: WorkloadStatusMemo;
  private readonly startedAt = new Date().toISOString();
  /** Per cluster, its analyzer settings (one object while they stay the same, so memos can key on it). */
  private readonly analyzerConfigs = new Map<
    string,
    { tokenRequestSupported?: boolean; config: AnalyzerConfig }
  >();
  private rowsCache?: {
    catalog: CatalogSnapshot;
    snapshots: ClusterSnapshot[];
    rows: ServiceRowEntry[];
    /** `rows` in each order asked for so far (a handful: the sort fields, each way). */
    sorted: Map<string, ServiceRowEntry[]>;
  };
  private findingsCache?: {
    snapshots: ClusterSnapshot[];
    sorted: Map<string, FleetFinding[]>;
  };

  static create(options: MeshStatusServiceOptions): MeshStatusService {
    return new MeshStatusService(options);
  }

  private constructor(private readonly options: MeshStatusServiceOptions) {
    const { clusters, catalog, logger } = options;
    const compute = options.computeStatus ?? computeWorkloadStatus;
    const maxAgeMs = options.analysisMaxAgeMs ?? 300_000;
    this.statusMemo = new WorkloadStatusMemo({
      maxAgeMs,
      // Suppressed findings are dropped before the status is kept.
      compute: (view, selection, config) => {
        const status = compute(view, selection, config);
        return {
          ...status,
          findings: options.suppressions.filter(status.findings),
        };
      },
    });
    for (const cluster of clusters.list()) {
      this.snapshots.set(
        cluster.name,
        SnapshotCache.create({
          name: `cluster ${cluster.name}`,
          debounceMs: options.analysisDebounceMs ?? 300,
          maxAgeMs,
          logger,
          compute: () =>
            buildClusterSnapshot(cluster.view, catalog.snapshot(), {
              analyzer: this.analyzerConfigFor(cluster),
              suppressions: options.suppressions,
            }),
        }),
      );
    }
    this.unsubscribe.push(
      clusters.onChange(name => {
        this.snapshots.get(name)?.markDirty();
        // Its statuses are out of date; dropped now, they release the
        // analysis buffers they point into without waiting for a request.
        const view = clusters.get(name)?.view;
        if (view) this.statusMemo.forget(view);
      }),
      catalog.onChange(() => {
        for (const snapshot of this.snapshots.values()) snapshot.markDirty();
      }),
    );
  }

  /** Stops the background recomputation (the clusters are stopped by their owner). */
  stop(): void {
    for (const dispose of this.unsubscribe) dispose();
    for (const snapshot of this.snapshots.values()) snapshot.stop();
  }

  /** Re-analyses every cluster now instead of after the debounce. */
  refreshNow(): void {
    for (const snapshot of this.snapshots.values()) snapshot.refresh();
  }

  /** The latest analysis of every cluster. */
  clusterSnapshots(): ClusterSnapshot[] {
    return [...this.snapshots.values()].map(snapshot => snapshot.get());
  }

  clusters(): ClusterSyncState[] {
    return this.options.clusters.syncStates().map(state => {
      const snapshot = this.snapshots.get(state.cluster);
      const latest = snapshot?.peek();
      return latest && snapshot
        ? {
            ...state,
            analysis: {
              generatedAt: latest.generatedAt,
              pending: snapshot.isPending(),
            },
          }
        : state;
    });
  }

  /**
   * The entity's workloads in every cluster its annotations select (one
   * cluster with `backstage.io/kubernetes-cluster`, else all): from the
   * cluster's latest analysis while nothing changed since, else computed on
   * request and kept until the cluster changes.
   */
  entityStatus(entity: Entity): EntityMeshStatus {
    return JSON.parse(this.entityStatusBody(entity).body.toString('utf8'));
  }

  /**
   * `entityStatus` as UTF-8 JSON, assembled from each cluster's memoized
   * bytes (the route sends it without building or serialising objects), and
   * an ETag for it, derived from what it is made of rather than by hashing
   * it.
   */
  entityStatusBody(entity: Entity): { body: Buffer; etag: string } {
    const entityRef = stringifyEntityRef(entity);
    const selection = workloadSelectionForEntity(entity);
    const key = selection ? selectionKey(selection) : '';
    const statuses = selection
      ? this.clusterStatuses(entityRef, selection, key)
      : [];
    // As fresh as its stalest cluster; fixed while its parts are, so the
    // ETag holds.
    const generatedAt =
      statuses.map(status => status.generatedAt).sort()[0] ?? this.startedAt;
    // Same keys and order as EntityMeshStatus.
    const head = `{"entityRef":${JSON.stringify(entityRef)},${
      selection ? `"selection":${JSON.stringify(selection)},` : ''
    }"clusters":[`;
    const tail = `],"generatedAt":${JSON.stringify(generatedAt)}}`;
    const body = Buffer.concat([
      Buffer.from(head),
      ...statuses.flatMap((status, i) =>
        i === 0 ? [status.json] : [COMMA, status.json],
      ),
      Buffer.from(tail),
    ]);
    const etag = createHash('sha1')
      .update(
        [entityRef, key, this.startedAt, ...statuses.map(s => s.id)].join(
          '\u0000',
        ),
      )
      .digest('base64url');
    return { body, etag: `W/"${etag}"` };
  }

  private clusterStatuses(
    entityRef: string,
    selection: WorkloadSelection,
    key: string,
  ): MemoizedStatus[] {
    const { clusters } = this.options;
    const targets = selection.cluster
      ? [clusters.get(selection.cluster) ?? selection.cluster]
      : clusters.list();
    return targets.map(target =>
      typeof target === 'string'
        ? this.unconfiguredCluster(target)
        : this.statusMemo.get(
            target.view,
            selection,
            this.analyzerConfigFor(target),
            () => this.analysedStatus(target, entityRef, key),
          ),
    );
  }

  /**
   * The entity's status from the cluster's latest analysis, while nothing in
   * the cluster changed since (and the entity selects the same workloads).
   */
  private analysedStatus(
    cluster: MeshCluster,
    entityRef: string,
    selection: string,
  ): StatusText | undefined {
    const snapshot = this.snapshots.get(cluster.name)?.peek();
    if (
      !snapshot ||
      snapshot.viewVersion !== cluster.view.version() ||
      snapshot.analyzer !== this.analyzerConfigFor(cluster)
    ) {
      return undefined;
    }
    const analysed = snapshot.statuses.get(entityRef);
    if (!analysed || analysed.selection !== selection) return undefined;
    return {
      json: analysed.json,
      generatedAt: snapshot.generatedAt,
    };
  }

  private unconfiguredCluster(cluster: string): MemoizedStatus {
    const status: EntityClusterStatus = {
      cluster,
      generatedAt: this.startedAt,
      workloads: [],
      eck: [],
      findings: [],
      degradedKinds: [],
      unknown: {
        reason: 'error',
        message: `Cluster "${cluster}" (annotation backstage.io/kubernetes-cluster) is not configured in kubernetes.clusterLocatorMethods.`,
      },
    };
    return {
      json: Buffer.from(JSON.stringify(status)),
      generatedAt: status.generatedAt,
      id: `unconfigured:${cluster}`,
    };
  }

  /** The analyzer settings for one cluster: the configured ones plus what its discovery found. */
  private analyzerConfigFor(cluster: MeshCluster): AnalyzerConfig {
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

  fleetSummary(): FleetSummary {
    const snapshots = this.clusterSnapshots();
    // The fleet is as fresh as its stalest cluster.
    const oldest = snapshots.map(s => s.generatedAt).sort()[0];
    return summarizeFleet(
      snapshots.map(s => s.summary),
      oldest ? new Date(oldest) : new Date(),
    );
  }

  services(query: Paged): Page<ServiceRow> {
    const sort = query.sort ?? 'entityRef';
    const cache = this.serviceRowsCache();
    let sorted = cache.sorted.get(sort);
    if (!sorted) {
      sorted = sortRows(cache.rows, {
        sort,
        keys: SERVICE_SORT_ENTRY,
        tieBreak: entry => entry.row.entityRef,
      });
      cache.sorted.set(sort, sorted);
    }
    // The arrays a filter compares are built only when that filter is asked
    // for: most requests have none, and the lists are long.
    const entries = isFiltered(query)
      ? sorted.filter(
          ({ row, codes }) =>
            anyOf(query.cluster, row.clusters) &&
            anyOf(query.namespace, row.namespaces) &&
            (!query.team || anyOf(query.team, [row.owner])) &&
            (!query.severity ||
              query.severity.some(s => row.findings[s] > 0)) &&
            anyOf(query.code, codes) &&
            (!query.search ||
              matchesSearch(query.search, [
                row.entityRef,
                row.title,
                row.owner,
                ...row.namespaces,
                ...row.exposedHosts,
              ])),
        )
      : sorted;
    return pageOfSorted(
      entries.map(entry => entry.row),
      query.offset,
      query.limit,
    );
  }

  findings(query: Paged): Page<FleetFinding> {
    const sort = query.sort ?? 'severity';
    const snapshots = this.clusterSnapshots();
    let cache = this.findingsCache;
    if (!cache || !sameSnapshots(cache.snapshots, snapshots)) {
      cache = { snapshots, sorted: new Map() };
      this.findingsCache = cache;
    }
    let sorted = cache.sorted.get(sort);
    if (!sorted) {
      sorted = sortRows(
        snapshots.flatMap(snapshot => snapshot.findings),
        { sort, keys: FINDING_SORT, tieBreak: finding => finding.id },
      );
      cache.sorted.set(sort, sorted);
    }
    const findings = isFiltered(query)
      ? sorted.filter(
          finding =>
            (!query.cluster || anyOf(query.cluster, [finding.cluster])) &&
            (!query.namespace ||
              anyOf(
                query.namespace,
                finding.objects.map(ref => ref.namespace),
              )) &&
            (!query.team || anyOf(query.team, [finding.team])) &&
            (!query.severity || anyOf(query.severity, [finding.severity])) &&
            (!query.code || anyOf(query.code, [finding.code])) &&
            (!query.search ||
              matchesSearch(query.search, [
                finding.code,
                finding.message,
                finding.team,
                ...finding.objects.map(ref => ref.name),
                ...finding.entityRefs,
              ])),
        )
      : sorted;
    return pageOfSorted(findings, query.offset, query.limit);
  }

  /**
   * The Gateways serving each host (a wildcard server covers the hosts under
   * it; such a claim is reported under the host asked for). Without hosts,
   * every claim.
   */
  hostClaims(hosts?: readonly string[]): HostClaim[] {
    const claims = this.clusterSnapshots().flatMap(s => s.hostClaims);
    if (!hosts) return claims;
    const out = new Map<string, HostClaim>();
    for (const requested of hosts) {
      const host = requested.toLowerCase();
      for (const claim of claims) {
        if (!claimCovers(claim.host, host)) continue;
        const answer = { ...claim, host };
        out.set(
          `${host}|${claim.port}|${claim.cluster}|${claim.namespace}|${claim.gateway}`,
          answer,
        );
      }
    }
    return [...out.values()];
  }

  /** The fleet rows of the current catalog and snapshots, built once per change. */
  private serviceRowsCache(): NonNullable<MeshStatusService['rowsCache']> {
    const catalog = this.options.catalog.snapshot();
    const snapshots = this.clusterSnapshots();
    const cached = this.rowsCache;
    if (
      cached &&
      cached.catalog === catalog &&
      sameSnapshots(cached.snapshots, snapshots)
    ) {
      return cached;
    }
    const findingsById = new Map<
      string,
      { severity: Severity; code: FindingCode }
    >();
    for (const snapshot of snapshots) {
      for (const finding of snapshot.findings)
        findingsById.set(finding.id, finding);
    }
    const rows = catalog.services.map(service =>
      serviceRowOf(
        service,
        snapshots.flatMap(snapshot => {
          const part = snapshot.services.get(service.entityRef);
          return part ? [part] : [];
        }),
        findingsById,
      ),
    );
    this.rowsCache = { catalog, snapshots, rows, sorted: new Map() };
    return this.rowsCache;
  }
}

function isFiltered(query: FleetQuery): boolean {
  return Boolean(
    query.cluster ||
      query.namespace ||
      query.team ||
      query.severity ||
      query.code ||
      query.search,
  );
}

function sameSnapshots(
  a: readonly ClusterSnapshot[],
  b: readonly ClusterSnapshot[],
): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
