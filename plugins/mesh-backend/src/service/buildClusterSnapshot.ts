import {
  AnalyzerConfig,
  ClusterSummary,
  ClusterView,
  FleetFinding,
  analyzeClusterWithParts,
  computeWorkloadStatus,
  summarizeCluster,
} from '@meshwise/plugin-mesh-common';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { FindingSuppressions } from './FindingSuppressions';
import { selectionKey } from './selectionKey';
import { ServiceClusterPart, serviceClusterPart } from './serviceRowOf';
import { uniqueId } from './uniqueId';

/** Everything the fleet views and entity statuses serve about one cluster, computed together. */
export interface ClusterSnapshot {
  cluster: string;
  /** Unique to this analysis (entity status ETags are derived from it). */
  id: string;
  /** When the analysis ran: how fresh the fleet views of this cluster are. */
  generatedAt: string;
  summary: ClusterSummary;
  findings: FleetFinding[];
  /** Per catalog service (entity ref) that applies to this cluster. */
  services: ReadonlyMap<string, ServiceClusterPart>;
  /** Checks that failed on unexpected input (reported, never thrown). */
  errors: string[];
  /** The view's change count when analysed, and the settings: the statuses hold while both are unchanged. */
  viewVersion: number;
  analyzer: AnalyzerConfig;
  /**
   * The status of every catalog service's selection here, by `selectionKey`,
   * as the entity route serves it: the UTF-8 JSON of its
   * `EntityClusterStatus`, suppressed findings dropped. Held for every
   * catalog service in every cluster so that an entity's first request is
   * answered without computing. Outside the JavaScript heap, where the
   * garbage collector does not trace it, written into a few large blocks
   * (see ChunkWriter) rather than thousands of small ones, which the memory
   * allocator keeps once freed. (Deflated, they took a quarter of the
   * memory, but inflating allocates a zlib stream per cluster and request,
   * which cost more in garbage collection than it saved.)
   */
  statuses: ReadonlyMap<string, Buffer>;
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
 * (`analyzeCluster`), the dashboard figures, each catalog service's status
 * (`computeWorkloadStatus` assembled from that analysis's parts; once per
 * distinct selection), which is kept as the entity status, reduced to the
 * service's fleet row part, and tells which entities a finding concerns.
 * Suppressed findings are dropped before anything is counted or kept. (Host
 * claims are not part of it: `/exposure/hosts` reads the view as it is.)
 */
export function buildClusterSnapshot(
  view: ClusterView,
  catalog: CatalogSnapshot,
  options: { analyzer: AnalyzerConfig; suppressions: FindingSuppressions },
): ClusterSnapshot {
  const { suppressions } = options;
  const cluster = view.cluster;
  const viewVersion = view.version();
  const analyzer = {
    ...options.analyzer,
    now: options.analyzer.now ?? Date.now(),
  };
  const { analysis: raw, parts } = analyzeClusterWithParts(view, analyzer);
  const analysis = suppressions.filterStatus(raw);
  const summary = summarizeCluster(view, analysis, analyzer);

  const services = new Map<string, ServiceClusterPart>();
  const partsBySelection = new Map<string, ServiceClusterPart>();
  const statuses = new Map<string, Buffer>();
  const writer = new ChunkWriter();
  const entitiesByFinding = new Map<string, string[]>();
  for (const service of catalog.services) {
    if (service.selection.cluster && service.selection.cluster !== cluster)
      continue;
    const key = selectionKey(service.selection);
    let part = partsBySelection.get(key);
    if (!part) {
      const status = suppressions.filterStatus(
        // The same run's workload analyses and checks: assembled, not recomputed.
        computeWorkloadStatus(view, service.selection, analyzer, parts),
      );
      part = serviceClusterPart(status);
      partsBySelection.set(key, part);
      statuses.set(key, writer.add(JSON.stringify(status)));
    }
    services.set(service.entityRef, part);
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
    id: uniqueId(),
    generatedAt: analysis.generatedAt,
    summary,
    findings,
    services,
    errors: analysis.errors,
    viewVersion,
    analyzer: options.analyzer,
    statuses,
  };
}
