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
}

const DEFAULT_INTERVAL: HumanDuration = { hours: 1 };
const DEFAULT_RETENTION: HumanDuration = { days: 90 };
const MIN_INTERVAL_MS = 60_000;

/**
 * Reads `mesh.history`: durations in any form Backstage accepts (`{ hours:
 * 1 }`, `'1h'`, `'PT1H'`). Throws on an interval under a minute or a
 * retention shorter than the interval: both would keep nothing useful.
 */
export function readHistorySettings(config: Config): HistorySettings {
  const history = config.getOptionalConfig('mesh.history');
  const read = (key: string, fallback: HumanDuration) =>
    history?.has(key) ? readDurationFromConfig(history, { key }) : fallback;
  const interval = read('interval', DEFAULT_INTERVAL);
  const retention = read('retention', DEFAULT_RETENTION);
  const intervalMs = durationMs(interval);
  const retentionMs = durationMs(retention);
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
  };
}
