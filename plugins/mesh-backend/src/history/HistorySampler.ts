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
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async sample(): Promise<{ samples: number; unknown: number }> {
    const { store, source, retentionMs, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    const { samples, findings } = historySamples(source, new Date(now));
    await store.write(now, samples, findings);
    const pruned = await store.prune(now - retentionMs);
    const unknown = samples.filter(s => s.figures === null).length;
    logger.info('Mesh history sampled', {
      samples: samples.length,
      unknown,
      findings: findings.length,
      prunedSamples: pruned.samples,
      prunedFindings: pruned.findings,
    });
    return { samples: samples.length, unknown };
  }
}
