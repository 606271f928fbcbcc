import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ClusterSyncState } from '@meshwise/plugin-mesh-common';

/**
 * Whether the first sample can be taken: every cluster has finished its
 * first lists (synced, or known to be degraded or unreachable: waiting
 * longer would not change that) and its analysis is current.
 */
export function readyForFirstSample(clusters: ClusterSyncState[]): boolean {
  return (
    clusters.length > 0 &&
    clusters.every(
      c =>
        c.status !== 'syncing' &&
        c.analysis !== undefined &&
        !c.analysis.pending,
    )
  );
}

/**
 * Whether every cluster has finished its first lists and has an analysis
 * (one may be pending a recomputation): figures and findings read before
 * that are partial.
 */
export function clustersRead(clusters: ClusterSyncState[]): boolean {
  return clusters.every(c => c.status !== 'syncing' && c.analysis);
}

/** How long after a start a run waits for the clusters' first lists (skipping runs). */
export const STARTUP_GRACE_MS = 10 * 60_000;

/**
 * Asks the scheduler to run the sampling task as soon as the clusters are
 * ready, instead of after the task's initial delay: a portal just started
 * shows a first trend point within seconds. Through the scheduler, so with
 * several replicas the run still happens once. (The tasks have no initial
 * delay: the scheduler's worker would not pick a triggered run up before it
 * ends. Their runs skip while the clusters are not read yet.) Gives up after
 * `giveUpAfterMs`, or when `signal` aborts; the schedule then takes over.
 * Resolves to whether it asked.
 */
export async function triggerFirstSampleWhenReady(options: {
  taskId: string;
  clusters: () => ClusterSyncState[];
  /** Whether the catalog has been read: before, no entity has figures or an owner. */
  catalogRead?: () => boolean;
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  logger: LoggerService;
  pollMs?: number;
  giveUpAfterMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const pollMs = options.pollMs ?? 2_000;
  const giveUpAt = Date.now() + options.giveUpAfterMs;
  while (!options.signal?.aborted && Date.now() < giveUpAt) {
    if (
      readyForFirstSample(options.clusters()) &&
      (options.catalogRead?.() ?? true)
    ) {
      try {
        await options.scheduler.triggerTask(options.taskId);
        options.logger.info(`Clusters read: task ${options.taskId} requested`);
        return true;
      } catch (error) {
        // Already running (another replica asked first) or not registered
        // yet: the schedule itself takes the sample.
        options.logger.debug(`Task ${options.taskId} not requested`, {
          reason: String(error),
        });
        return false;
      }
    }
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, pollMs);
      timer.unref?.();
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  return false;
}
