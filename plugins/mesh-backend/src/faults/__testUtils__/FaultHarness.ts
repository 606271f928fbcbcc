import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  KubeEmulator,
  loadDemoScenario,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import { ClusterSyncState, KindRef, Kinds } from '@meshwise/plugin-mesh-common';
import { CacheTuning, MeshClusters } from '../../clusters/MeshClusters';
import { watchedKinds } from '../../cache';

/** The kind the harness changes during faults to see whether answers are current. */
export const PROBE_KIND: KindRef = Kinds.PeerAuthentication;
export const PROBE_TYPE = 'peerauthentications.security.istio.io';
const PROBE_NAMESPACE = 'default';
const PROBE_NAME = 'fault-probe';

/** What one check of the answer found. */
export interface AnswerCheck {
  /** The view holds the latest change. */
  current: boolean;
  /** The view marks the probed kind as not current (stale, forbidden, error...). */
  marked: boolean;
  kindStatus: string;
  clusterStatus: ClusterSyncState['status'];
}

/**
 * One demo cluster emulator over real HTTP and the mesh backend's
 * `MeshClusters` reading it, as the plugin wires them, with a way to change
 * the cluster and ask whether the backend's answer is current or marked.
 */
export class FaultHarness {
  private mark = 0;
  readonly errors: unknown[] = [];

  private constructor(
    readonly emulator: KubeEmulator,
    readonly clusters: MeshClusters,
    readonly logger: ReturnType<typeof mockServices.logger.mock>,
  ) {}

  static async start(
    options: { suspended?: boolean; tuning?: CacheTuning } = {},
  ): Promise<FaultHarness> {
    const emulator = await startKubeEmulator({
      objects: loadDemoScenario(),
      // Frequent bookmarks let a short stall timeout tell a stuck watch from an idle one.
      bookmarkIntervalMs: 500,
    });
    if (options.suspended) await emulator.suspend();
    const logger = mockServices.logger.mock();
    const clusters = MeshClusters.create({
      clusters: [
        {
          details: {
            name: 'faulty',
            url: emulator.url,
            authMetadata: {},
          } as ClusterDetails,
          authProvider: 'serviceAccount',
        },
      ],
      credentialSource: () => ({
        kind: 'server',
        credential: async () => ({
          type: 'bearer token',
          token: emulator.token ?? '',
        }),
      }),
      kinds: watchedKinds(),
      notWatched: [
        {
          kind: Kinds.Secret,
          reason: 'not read by configuration (mesh.readSecretMetadata: false)',
        },
      ],
      logger,
      tuning: { stallTimeoutMs: 2_000, ...options.tuning },
    });
    const harness = new FaultHarness(emulator, clusters, logger);
    harness.write();
    clusters.start();
    return harness;
  }

  async stop(): Promise<void> {
    await this.clusters.stop();
    await this.emulator.close();
  }

  state(): ClusterSyncState {
    return this.clusters.syncStates()[0];
  }

  /** Changes the probe object in the cluster (in process: works while the API is down). */
  write(): void {
    this.mark += 1;
    this.emulator.store.put({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: {
        name: PROBE_NAME,
        namespace: PROBE_NAMESPACE,
        labels: { 'meshwise.test/mark': String(this.mark) },
      },
      spec: { mtls: { mode: this.mark % 2 ? 'STRICT' : 'PERMISSIVE' } },
    });
  }

  check(): AnswerCheck {
    const view = this.clusters.get('faulty')!.view;
    const probe = view
      .list(PROBE_KIND, PROBE_NAMESPACE)
      .find(o => o.metadata?.name === PROBE_NAME);
    const kindStatus = view.kindState(PROBE_KIND).status;
    return {
      current:
        probe?.metadata?.labels?.['meshwise.test/mark'] === String(this.mark),
      marked: kindStatus !== 'synced',
      kindStatus,
      clusterStatus: this.state().status,
    };
  }

  /**
   * Everything back: the cluster synced, every kind as it was before the
   * fault (synced, or not installed / not watched where it was), and the
   * latest change in the view.
   */
  recovered(baseline: ReadonlyMap<string, string>): boolean {
    const state = this.state();
    if (state.status !== 'synced') return false;
    for (const kind of state.kinds) {
      const before = baseline.get(`${kind.group}/${kind.kind}`);
      if (kind.status !== (before ?? 'synced')) return false;
    }
    return this.check().current;
  }

  baseline(): Map<string, string> {
    return new Map(
      this.state().kinds.map(k => [`${k.group}/${k.kind}`, k.status]),
    );
  }
}
