import {
  DatabaseService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ClusterSyncState } from '@meshwise/plugin-mesh-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ClusterSnapshots } from '../service/ClusterSnapshots';
import { FleetQueryService } from '../service/FleetQueryService';
import { MeshNotifier, NotificationSource } from './MeshNotifier';
import { NotificationLedger } from './NotificationLedger';
import { readNotificationSettings } from './readNotificationSettings';
import {
  clustersRead,
  triggerFirstSampleWhenReady,
} from '../history/triggerFirstSample';

/** The findings and owners the notifier reads: the same services the routes answer from. */
export function notificationSourceOf(options: {
  fleet: FleetQueryService;
  snapshots: ClusterSnapshots;
}): Omit<NotificationSource, 'ready'> {
  const { fleet, snapshots } = options;
  return {
    findings: () => snapshots.all().flatMap(s => s.findings),
    owners: () => {
      const owners = new Map<string, string>();
      const rows = fleet.services({
        offset: 0,
        limit: Number.MAX_SAFE_INTEGER,
      }).items;
      for (const row of rows) {
        if (row.owner) owners.set(row.entityRef, row.owner);
      }
      return owners;
    },
  };
}

/** The id of the scheduled notification task. */
export const NOTIFICATIONS_TASK_ID = 'mesh-notifications';

/**
 * Notifications (`mesh.notifications`, off by default): migrates the ledger
 * and schedules the notification run as a global task (one replica at a
 * time, through the database). Off, nothing is scheduled.
 */
export async function startMeshNotifications(deps: {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  notifications: NotificationService;
  source: Omit<NotificationSource, 'ready'>;
  clusters: () => ClusterSyncState[];
  /** Whether the catalog has been read: before, no entity has an owner. */
  catalogRead?: () => boolean;
}): Promise<void> {
  const settings = readNotificationSettings(deps.config);
  if (!settings.enabled) return;
  const ledger = await NotificationLedger.create(
    await deps.database.getClient(),
    { skipMigrations: deps.database.migrations?.skip },
  );
  const notifier = new MeshNotifier({
    ledger,
    notifications: deps.notifications,
    source: {
      ...deps.source,
      // Findings read before the clusters' first lists and analyses are
      // done would be partial: a run waits for them.
      ready: () =>
        clustersRead(deps.clusters()) && (deps.catalogRead?.() ?? true),
    },
    settings,
    logger: deps.logger.child({ task: NOTIFICATIONS_TASK_ID }),
  });
  await deps.scheduler.scheduleTask({
    id: NOTIFICATIONS_TASK_ID,
    frequency: settings.interval,
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await notifier.run();
    },
  });
  // As with the history: the first run as soon as the clusters are read.
  const stopped = new AbortController();
  deps.lifecycle.addShutdownHook(() => stopped.abort());
  deps.lifecycle.addStartupHook(() => {
    void triggerFirstSampleWhenReady({
      taskId: NOTIFICATIONS_TASK_ID,
      clusters: deps.clusters,
      catalogRead: deps.catalogRead,
      scheduler: deps.scheduler,
      logger: deps.logger,
      giveUpAfterMs: 60_000,
      signal: stopped.signal,
    });
  });
}
