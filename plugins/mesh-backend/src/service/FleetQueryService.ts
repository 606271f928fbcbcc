import {
  ClusterSyncState,
  FindingCode,
  FleetFinding,
  FleetQuery,
  FleetSummary,
  HostClaim,
  HostClaims,
  Kinds,
  Page,
  ServiceRow,
  Severity,
  severityRank,
  summarizeFleet,
} from '@meshwise/plugin-mesh-common';
import { CatalogIndex } from '../catalog/CatalogIndex';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { MeshCluster, MeshClusters } from '../clusters/MeshClusters';
import { ClusterSnapshot } from './buildClusterSnapshot';
import { ClusterSnapshots } from './ClusterSnapshots';
import { hostClaimCoverageOf } from './hostClaimCoverageOf';
import { claimCovers, hostClaimsOf } from './hostClaimsOf';
import {
  SortKeys,
  anyOf,
  matchesSearch,
  pageOfSorted,
  sortRows,
} from './pageOf';
import { PagedFleetQuery } from './parseFleetQuery';
import { ServiceRowEntry, serviceRowOf } from './serviceRowOf';

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
  severity: finding => severityRank(finding.severity),
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

export interface FleetQueryServiceOptions {
  clusters: MeshClusters;
  catalog: CatalogIndex;
  snapshots: ClusterSnapshots;
}

interface ServiceRowsCache {
  catalog: CatalogSnapshot;
  snapshots: ClusterSnapshot[];
  rows: ServiceRowEntry[];
  /** `rows` in each order asked for so far (a handful: the sort fields, each way). */
  sorted: Map<string, ServiceRowEntry[]>;
}

/** One cluster's host claims, while its Gateways and the catalog are unchanged. */
interface ClaimsCache {
  gatewayVersions: string;
  catalog: CatalogSnapshot;
  claims: HostClaim[];
}

interface FindingsCache {
  snapshots: ClusterSnapshot[];
  sorted: Map<string, FleetFinding[]>;
}

/**
 * The fleet views (dashboard summary, service rows, findings, cluster sync
 * states), answered from every cluster's latest analysis and the catalog
 * index, with its `generatedAt`. Rows are built and sorted once per analysis
 * and order asked for; a request only filters and cuts its page. Host claims
 * are read from the clusters' views at request time.
 */
export class FleetQueryService {
  private rowsCache?: ServiceRowsCache;
  private findingsCache?: FindingsCache;
  private readonly claimsCache = new Map<string, ClaimsCache>();

  static create(options: FleetQueryServiceOptions): FleetQueryService {
    return new FleetQueryService(options);
  }

  private constructor(private readonly options: FleetQueryServiceOptions) {}

  /** Every cluster's sync state, with when its latest analysis ran. */
  clusters(): ClusterSyncState[] {
    return this.options.clusters.syncStates().map(state => {
      const analysis = this.options.snapshots.analysisState(state.cluster);
      return analysis ? { ...state, analysis } : state;
    });
  }

  fleetSummary(): FleetSummary {
    const snapshots = this.options.snapshots.all();
    // The fleet is as fresh as its stalest cluster.
    const oldest = snapshots.map(s => s.generatedAt).sort()[0];
    return summarizeFleet(
      snapshots.map(s => s.summary),
      oldest ? new Date(oldest) : new Date(),
    );
  }

  services(query: PagedFleetQuery): Page<ServiceRow> {
    const sort = query.sort ?? 'entityRef';
    const cache = this.serviceRows();
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

  findings(query: PagedFleetQuery): Page<FleetFinding> {
    const sort = query.sort ?? 'severity';
    const snapshots = this.options.snapshots.all();
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
   * it; such a claim is reported under the host asked for), without hosts
   * every claim; and, per cluster, whether its claims are complete (see
   * `hostClaimCoverageOf`). Read from each cluster's view as it is now, not
   * from the latest analysis, so a Gateway created a moment ago is there.
   * Only Gateways are iterated, and only in a cluster whose Gateways (or
   * the catalog) changed since the previous request.
   */
  hostClaims(hosts?: readonly string[]): HostClaims {
    const clusters = this.options.clusters.list();
    const claims = clusters.flatMap(cluster => this.claimsOf(cluster));
    const coverage = clusters.map(cluster => hostClaimCoverageOf(cluster.view));
    if (!hosts) return { items: claims, clusters: coverage };
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
    return { items: [...out.values()], clusters: coverage };
  }

  /** Every claim of the cluster's Gateways now, owners from the catalog now. */
  private claimsOf(cluster: MeshCluster): HostClaim[] {
    const { view } = cluster;
    const catalog = this.options.catalog.snapshot();
    const gatewayVersions = `${view.kindVersion(
      Kinds.IstioGateway,
    )}/${view.kindVersion(Kinds.K8sGateway)}`;
    const cached = this.claimsCache.get(cluster.name);
    if (
      cached?.catalog === catalog &&
      cached.gatewayVersions === gatewayVersions
    ) {
      return cached.claims;
    }
    const claims = hostClaimsOf(view, namespace =>
      catalog.namespaceOwner(cluster.name, namespace),
    );
    this.claimsCache.set(cluster.name, { gatewayVersions, catalog, claims });
    return claims;
  }

  /** The fleet rows of the current catalog and analyses, built once per change. */
  private serviceRows(): ServiceRowsCache {
    const catalog = this.options.catalog.snapshot();
    const snapshots = this.options.snapshots.all();
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
