import { createHash } from 'crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AnalyzerConfig,
  ClusterView,
  EntityClusterStatus,
  EntityMeshStatus,
  WorkloadSelection,
  computeWorkloadStatus,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { MeshCluster, MeshClusters } from '../clusters/MeshClusters';
import { ClusterSnapshots } from './ClusterSnapshots';
import { FindingSuppressions } from './FindingSuppressions';
import { selectionKey } from './selectionKey';
import { ClusterStatusText, WorkloadStatusMemo } from './WorkloadStatusMemo';

/** Computes one entity's status in one cluster (`computeWorkloadStatus` unless a test counts calls). */
export type ComputeWorkloadStatus = (
  view: ClusterView,
  selection: WorkloadSelection,
  config: AnalyzerConfig,
) => EntityClusterStatus;

export interface EntityStatusServiceOptions {
  clusters: MeshClusters;
  snapshots: ClusterSnapshots;
  suppressions: FindingSuppressions;
  /** How long a status computed on request is kept while its cluster is unchanged; default 5 minutes. */
  statusMaxAgeMs?: number;
  /** Default `computeWorkloadStatus` (tests count calls). */
  computeStatus?: ComputeWorkloadStatus;
}

const COMMA = Buffer.from(',');

/**
 * Per-entity mesh status, per cluster the entity's annotations select (one
 * cluster with `backstage.io/kubernetes-cluster`, else all): from the
 * cluster's latest analysis while it still describes the cluster, else from
 * the statuses computed on request since the cluster last changed, else
 * computed now (milliseconds) and kept. Nothing here calls a cluster.
 */
export class EntityStatusService {
  private readonly memo: WorkloadStatusMemo;
  private readonly compute: ComputeWorkloadStatus;
  private readonly startedAt = new Date().toISOString();

  static create(options: EntityStatusServiceOptions): EntityStatusService {
    return new EntityStatusService(options);
  }

  private constructor(private readonly options: EntityStatusServiceOptions) {
    this.memo = new WorkloadStatusMemo({
      maxAgeMs: options.statusMaxAgeMs ?? 300_000,
    });
    this.compute = options.computeStatus ?? computeWorkloadStatus;
  }

  /** The entity's status as an object (scripts and tests; the route sends `entityStatusBody`). */
  entityStatus(entity: Entity): EntityMeshStatus {
    return JSON.parse(this.entityStatusBody(entity).body.toString('utf8'));
  }

  /**
   * The entity's status as UTF-8 JSON, assembled from each cluster's status
   * text (sent without building or serialising objects), and an ETag for it,
   * derived from what it is made of rather than by hashing it.
   */
  entityStatusBody(entity: Entity): { body: Buffer; etag: string } {
    const entityRef = stringifyEntityRef(entity);
    const selection = workloadSelectionForEntity(entity);
    const key = selection ? selectionKey(selection) : '';
    const statuses = selection ? this.clusterStatuses(selection, key) : [];
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
    selection: WorkloadSelection,
    key: string,
  ): ClusterStatusText[] {
    const { clusters } = this.options;
    if (selection.cluster) {
      const cluster = clusters.get(selection.cluster);
      return [
        cluster
          ? this.clusterStatus(cluster, selection, key)
          : this.unconfiguredCluster(selection.cluster),
      ];
    }
    return clusters
      .list()
      .map(cluster => this.clusterStatus(cluster, selection, key));
  }

  /** `key` is `selectionKey(selection)`, computed once per request. */
  private clusterStatus(
    cluster: MeshCluster,
    selection: WorkloadSelection,
    key: string,
  ): ClusterStatusText {
    const { snapshots, suppressions } = this.options;
    const snapshot = snapshots.current(cluster);
    const analysed = snapshot?.statuses.get(key);
    if (snapshot && analysed) {
      return {
        json: analysed,
        generatedAt: snapshot.generatedAt,
        id: snapshot.id,
      };
    }
    // Not analysed since the cluster changed, or a selection the analysis
    // did not cover (an entity not in the catalog index yet, or annotated
    // differently since).
    const config = snapshots.analyzerConfig(cluster);
    return (
      this.memo.get(cluster.view, config, key) ??
      this.memo.put(
        cluster.view,
        config,
        key,
        suppressions.filterStatus(
          this.compute(cluster.view, selection, config),
        ),
      )
    );
  }

  private unconfiguredCluster(cluster: string): ClusterStatusText {
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
}
