import {
  AnalyzerConfig,
  ClusterSummary,
  ClusterView,
  EntityClusterStatus,
  FleetFinding,
  HostClaim,
  analyzeClusterWithParts,
  computeWorkloadStatus,
  summarizeCluster,
} from '@meshwise/plugin-mesh-common';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { FindingSuppressions } from './FindingSuppressions';
import { hostClaimsOf } from './hostClaimsOf';
import { selectionKey } from './selectionKey';
import { ServiceClusterPart, serviceClusterPart } from './serviceRowOf';

/** Everything the fleet views serve about one cluster, computed together. */
export interface ClusterSnapshot {
  cluster: string;
  /** When the analysis ran: how fresh the fleet views of this cluster are. */
  generatedAt: string;
  summary: ClusterSummary;
  findings: FleetFinding[];
  /** Per catalog service (entity ref) that applies to this cluster. */
  services: ReadonlyMap<string, ServiceClusterPart>;
  hostClaims: HostClaim[];
  /** Checks that failed on unexpected input (reported, never thrown). */
  errors: string[];
  /** The view's change count when analysed, and the settings: the statuses hold while both are unchanged. */
  viewVersion: number;
  analyzer: AnalyzerConfig;
  /** Per catalog service, its status here, as the entity route serves it (see AnalysedStatus). */
  statuses: ReadonlyMap<string, AnalysedStatus>;
}

/**
 * A catalog service's status in the cluster as of the analysis: the UTF-8
 * JSON of its `EntityClusterStatus` (suppressed findings dropped), held for
 * every catalog service in every cluster so that an entity's first request
 * is answered without computing. Outside the JavaScript heap, where the
 * garbage collector does not trace it, written into a few large blocks
 * (see ChunkWriter) rather than thousands of small ones, which the memory
 * allocator keeps once freed. (Deflated, they took a quarter of the memory, but inflating
 * allocates a zlib stream per cluster and request, which cost more in
 * garbage collection than it saved.)
 */
export interface AnalysedStatus {
  /** The selection it was computed for (`selectionKey`). */
  selection: string;
  json: Buffer;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Writes texts as UTF-8 into shared 256 KiB chunks, each text a view of its
 * part: a few large blocks per analysis instead of one per status.
 */
class ChunkWriter {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;

  add(text: string): Buffer {
    const length = Buffer.byteLength(text);
    if (length > CHUNK_BYTES) return Buffer.from(text);
    if (this.used + length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
      this.used = 0;
    }
    this.chunk.write(text, this.used);
    const view = this.chunk.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

/**
 * Analyses a whole cluster once: every workload and finding
 * (`analyzeCluster`), the dashboard figures, each catalog service's part
 * (`computeWorkloadStatus` assembled from that analysis's parts; its findings
 * also tell which entities a finding concerns, and it is kept as the
 * entity's status) and the hosts Gateways claim. Suppressed findings are
 * dropped before anything is counted.
 */
export function buildClusterSnapshot(
  view: ClusterView,
  catalog: CatalogSnapshot,
  options: { analyzer: AnalyzerConfig; suppressions: FindingSuppressions },
): ClusterSnapshot {
  const cluster = view.cluster;
  const viewVersion = view.version();
  const analyzer = {
    ...options.analyzer,
    now: options.analyzer.now ?? Date.now(),
  };
  const { analysis: raw, parts } = analyzeClusterWithParts(view, analyzer);
  const analysis = {
    ...raw,
    findings: options.suppressions.filter(raw.findings),
  };
  const summary = summarizeCluster(view, analysis, analyzer);

  const services = new Map<string, ServiceClusterPart>();
  const statuses = new Map<string, AnalysedStatus>();
  const writer = new ChunkWriter();
  const entitiesByFinding = new Map<string, string[]>();
  for (const service of catalog.services) {
    if (service.selection.cluster && service.selection.cluster !== cluster)
      continue;
    const status: EntityClusterStatus = computeWorkloadStatus(
      view,
      service.selection,
      analyzer,
      // The same run's workload analyses and checks: assembled, not recomputed.
      parts,
    );
    const part = serviceClusterPart(status);
    services.set(service.entityRef, part);
    statuses.set(service.entityRef, {
      selection: selectionKey(service.selection),
      json: writer.add(
        JSON.stringify({
          ...status,
          findings: options.suppressions.filter(status.findings),
        }),
      ),
    });
    for (const id of part.findingIds) {
      const refs = entitiesByFinding.get(id) ?? [];
      refs.push(service.entityRef);
      entitiesByFinding.set(id, refs);
    }
  }

  const findings = analysis.findings.map((finding): FleetFinding => {
    const namespace = finding.objects.find(o => o.namespace)?.namespace;
    const entityRefs = entitiesByFinding.get(finding.id) ?? [];
    const team =
      (namespace ? catalog.namespaceOwner(cluster, namespace) : undefined) ??
      entityRefs.map(ref => catalog.service(ref)?.owner).find(Boolean);
    return {
      ...finding,
      ...(namespace ? { namespace } : {}),
      ...(team ? { team } : {}),
      entityRefs,
    };
  });

  return {
    cluster,
    generatedAt: analysis.generatedAt,
    summary,
    findings,
    services,
    hostClaims: hostClaimsOf(view, namespace =>
      catalog.namespaceOwner(cluster, namespace),
    ),
    errors: analysis.errors,
    viewVersion,
    analyzer: options.analyzer,
    statuses,
  };
}
