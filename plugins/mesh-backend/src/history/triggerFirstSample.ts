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
 * Asks the scheduler to run the sampling task as soon as the clusters are
 * ready, instead of after the task's initial delay: a portal just started
 * shows a first trend point within seconds. Through the scheduler, so with
 * several replicas the run still happens once. Gives up (leaving the
 * initial delay to start the task) after `giveUpAfterMs`, or when `signal`
 * aborts. Resolves to whether it asked.
 */
export async function triggerFirstSampleWhenReady(options: {
  taskId: string;
  clusters: () => ClusterSyncState[];
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  logger: LoggerService;
  pollMs?: number;
  giveUpAfterMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const pollMs = options.pollMs ?? 2_000;
  const giveUpAt = Date.now() + options.giveUpAfterMs;
  while (!options.signal?.aborted && Date.now() < giveUpAt) {
    if (readyForFirstSample(options.clusters())) {
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
