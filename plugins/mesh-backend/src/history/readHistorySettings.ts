import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import { durationMs } from './durations';

/** `mesh.history` (see config.d.ts), with defaults applied. */
export interface HistorySettings {
  enabled: boolean;
  interval: HumanDuration;
  intervalMs: number;
  retention: HumanDuration;
  retentionMs: number;
  /** Entities are sampled this often (a multiple of runs): one row per catalog service each time. */
  entityInterval: HumanDuration;
  entityIntervalMs: number;
}

const DEFAULT_INTERVAL: HumanDuration = { hours: 1 };
const DEFAULT_RETENTION: HumanDuration = { days: 90 };
// A row per catalog service per run is most of the storage (6,000 services
// sampled hourly: 144,000 rows, about 60 MB a day on PostgreSQL); a few
// points a day are enough for an entity's 30-day view.
const DEFAULT_ENTITY_INTERVAL: HumanDuration = { hours: 6 };
const MIN_INTERVAL_MS = 60_000;

/**
 * Reads `mesh.history`: durations in any form Backstage accepts (`{ hours:
 * 1 }`, `'1h'`, `'PT1H'`). Throws on an interval under a minute, or a
 * retention or entity interval shorter than the interval: they would keep
 * nothing useful.
 */
export function readHistorySettings(config: Config): HistorySettings {
  const history = config.getOptionalConfig('mesh.history');
  const read = (key: string, fallback: HumanDuration) =>
    history?.has(key) ? readDurationFromConfig(history, { key }) : fallback;
  const interval = read('interval', DEFAULT_INTERVAL);
  const retention = read('retention', DEFAULT_RETENTION);
  const intervalMs = durationMs(interval);
  const retentionMs = durationMs(retention);
  const entityInterval = history?.has('entityInterval')
    ? readDurationFromConfig(history, { key: 'entityInterval' })
    : undefined;
  const entityIntervalMs = entityInterval
    ? durationMs(entityInterval)
    : Math.max(durationMs(DEFAULT_ENTITY_INTERVAL), intervalMs);
  if (!(entityIntervalMs >= intervalMs)) {
    throw new InputError(
      'mesh.history.entityInterval must be at least mesh.history.interval',
    );
  }
  if (!(intervalMs >= MIN_INTERVAL_MS)) {
    throw new InputError('mesh.history.interval must be at least one minute');
  }
  if (!(retentionMs >= intervalMs)) {
    throw new InputError(
      'mesh.history.retention must be at least mesh.history.interval',
    );
  }
  return {
    enabled: history?.getOptionalBoolean('enabled') ?? true,
    interval,
    intervalMs,
    retention,
    retentionMs,
    entityInterval:
      entityInterval ??
      (entityIntervalMs === intervalMs ? interval : DEFAULT_ENTITY_INTERVAL),
    entityIntervalMs,
  };
}
