import { LoggerService } from '@backstage/backend-plugin-api';
import { HistorySource, historySamples } from './historySamples';
import { HistoryStore } from './HistoryStore';

/**
 * One run of the scheduled history task: records the figures as they are
 * now, stamped with the time it ran (a run missed while no replica was up is
 * simply absent), then drops what is older than the retention.
 */
export class HistorySampler {
  constructor(
    private readonly options: {
      store: HistoryStore;
      source: HistorySource;
      retentionMs: number;
      /** Entities are sampled when their latest sample is about this old. */
      entityIntervalMs: number;
      /** The task's interval: runs are about this far apart. */
      intervalMs: number;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async sample(): Promise<{
    samples: number;
    unknown: number;
    entities: boolean;
  }> {
    const { store, source, retentionMs, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    const { entityIntervalMs, intervalMs } = this.options;
    const lastEntities = await store.latestSampleAt('entity');
    // Runs drift by a little; half a run of slack keeps a 6 h entity
    // interval on every sixth hourly run rather than every seventh.
    const entities =
      lastEntities === undefined ||
      now - lastEntities >= entityIntervalMs - intervalMs / 2;
    const { samples, findings } = historySamples(source, new Date(now), {
      entities,
    });
    await store.write(now, samples, findings);
    const pruned = await store.prune(now - retentionMs);
    const unknown = samples.filter(s => s.figures === null).length;
    logger.info('Mesh history sampled', {
      samples: samples.length,
      entities,
      unknown,
      findings: findings.length,
      prunedSamples: pruned.samples,
      prunedFindings: pruned.findings,
    });
    return { samples: samples.length, unknown, entities };
  }
}
