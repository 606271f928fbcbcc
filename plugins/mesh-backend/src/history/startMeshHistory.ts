import {
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readAccessCacheSettings } from '../access/readAccessCacheSettings';
import { ClusterSnapshots } from '../service/ClusterSnapshots';
import { FleetQueryService } from '../service/FleetQueryService';
import { HistorySource } from './historySamples';
import { createHistoryRouter } from './historyRouter';
import { HistorySampler } from './HistorySampler';
import { HistoryStore } from './HistoryStore';
import { readHistorySettings } from './readHistorySettings';
import {
  clustersRead,
  STARTUP_GRACE_MS,
  triggerFirstSampleWhenReady,
} from './triggerFirstSample';

/** The id of the scheduled sampling task. */
export const HISTORY_TASK_ID = 'mesh-history-sample';

/** The figures the routes serve, read the same way for the history. */
export function historySourceOf(options: {
  fleet: FleetQueryService;
  snapshots: ClusterSnapshots;
}): HistorySource {
  const { fleet, snapshots } = options;
  return {
    clusters: () => fleet.clusters(),
    summaries: () => snapshots.all().map(s => s.summary),
    findings: () => snapshots.all().flatMap(s => s.findings),
    services: () =>
      fleet.services({ offset: 0, limit: Number.MAX_SAFE_INTEGER }).items,
  };
}

/**
 * History and trends (`mesh.history`): migrates the tables, schedules the
 * sampling as a global task (one replica at a time, through the database)
 * and mounts the trend routes. Off, nothing touches the database and the
 * routes answer 404.
 */
export async function startMeshHistory(deps: {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  lifecycle: LifecycleService;
  source: HistorySource;
  /** Whether the catalog has been read (entities are sampled from it). */
  catalogRead?: () => boolean;
}): Promise<void> {
  const settings = readHistorySettings(deps.config);
  let store: HistoryStore | undefined;
  if (settings.enabled) {
    store = await HistoryStore.create(await deps.database.getClient(), {
      skipMigrations: deps.database.migrations?.skip,
    });
    const startedAt = Date.now();
    const sampler = new HistorySampler({
      store,
      source: deps.source,
      retentionMs: settings.retentionMs,
      entityIntervalMs: settings.entityIntervalMs,
      intervalMs: settings.intervalMs,
      logger: deps.logger.child({ task: HISTORY_TASK_ID }),
    });
    await deps.scheduler.scheduleTask({
      id: HISTORY_TASK_ID,
      frequency: settings.interval,
      timeout: { minutes: 5 },
      // One replica samples; a run missed while none was up is not made up.
      scope: 'global',
      fn: async () => {
        // Figures read before the clusters' first lists finish would all be
        // recorded as unknown: shortly after a start, such a run is skipped
        // (the first sample is triggered once they are read).
        const read =
          clustersRead(deps.source.clusters()) &&
          (deps.catalogRead?.() ?? true);
        if (!read && Date.now() - startedAt < STARTUP_GRACE_MS) {
          deps.logger.info(
            'Mesh history: clusters or catalog not read yet, run skipped',
          );
          return;
        }
        await sampler.sample();
      },
    });
    // The first sample is asked for as soon as the clusters' first lists
    // and analyses are done.
    const stopped = new AbortController();
    deps.lifecycle.addShutdownHook(() => stopped.abort());
    deps.lifecycle.addStartupHook(() => {
      void triggerFirstSampleWhenReady({
        taskId: HISTORY_TASK_ID,
        clusters: () => deps.source.clusters(),
        catalogRead: deps.catalogRead,
        scheduler: deps.scheduler,
        logger: deps.logger,
        giveUpAfterMs: 60_000,
        signal: stopped.signal,
      });
    });
  }
  deps.httpRouter.use(
    createHistoryRouter({
      httpAuth: deps.httpAuth,
      permissions: deps.permissions,
      catalog: deps.catalog,
      accessCache: readAccessCacheSettings(deps.config),
      store,
      source: deps.source,
      intervalMs: settings.intervalMs,
      entityIntervalMs: settings.entityIntervalMs,
    }),
  );
}
