import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshCluster } from './readClusterConfig';

/** Whether the backend can currently reach a cluster's Kubernetes API. */
export interface ClusterReachability {
  name: string;
  title?: string;
  reachable: boolean;
  version?: string;
  reason?: string;
  checkedAt?: string;
}

type VersionFetcher = (cluster: MeshCluster) => Promise<string>;

/**
 * Asks each cluster's `/version` on a fixed interval and keeps the answers, so
 * HTTP requests to the plugin are answered from memory and never fan out to
 * the clusters. A cluster that fails is `reachable: false` with the reason.
 */
export class ClusterProbe {
  private readonly states = new Map<string, ClusterReachability>();
  private timer?: ReturnType<typeof setInterval>;

  static create(options: {
    clusters: MeshCluster[];
    logger: LoggerService;
    fetchVersion: VersionFetcher;
    intervalMs?: number;
  }) {
    return new ClusterProbe(
      options.clusters,
      options.logger,
      options.fetchVersion,
      options.intervalMs ?? 30_000,
    );
  }

  private constructor(
    private readonly clusters: MeshCluster[],
    private readonly logger: LoggerService,
    private readonly fetchVersion: VersionFetcher,
    private readonly intervalMs: number,
  ) {
    for (const cluster of clusters) {
      this.states.set(cluster.name, {
        name: cluster.name,
        title: cluster.title,
        reachable: false,
        reason: 'not checked yet',
      });
    }
  }

  async start(): Promise<void> {
    await this.probeAll();
    this.timer = setInterval(() => void this.probeAll(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  list(): ClusterReachability[] {
    return this.clusters.map(cluster => this.states.get(cluster.name)!);
  }

  private async probeAll(): Promise<void> {
    await Promise.all(this.clusters.map(cluster => this.probe(cluster)));
  }

  private async probe(cluster: MeshCluster): Promise<void> {
    const checkedAt = new Date().toISOString();
    const base = { name: cluster.name, title: cluster.title, checkedAt };
    try {
      const version = await this.fetchVersion(cluster);
      this.states.set(cluster.name, { ...base, reachable: true, version });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.states.get(cluster.name)?.reachable !== false) {
        this.logger.warn(`Cluster ${cluster.name} is unreachable: ${reason}`);
      }
      this.states.set(cluster.name, { ...base, reachable: false, reason });
    }
  }
}
