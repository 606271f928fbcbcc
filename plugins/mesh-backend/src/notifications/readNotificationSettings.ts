import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import { durationMs } from '../history/durations';

/** `mesh.notifications` (see config.d.ts), with defaults applied. */
export interface NotificationSettings {
  enabled: boolean;
  interval: HumanDuration;
  /**
   * At the first run (nothing sent yet), record the findings that exist then
   * as sent instead of sending them: installing the plugin on a large fleet
   * does not flood every team with old news.
   */
  skipExistingAtFirstRun: boolean;
  owners: {
    certificateExpiring: boolean;
    certificateFailed: boolean;
    errorFindings: boolean;
  };
  admins: {
    /** Entity refs (groups or users) of the mesh admins. */
    recipients: string[];
    revisionWithoutControlPlane: boolean;
    expiredGatewayCertificate: boolean;
  };
}

const DEFAULT_INTERVAL: HumanDuration = { minutes: 5 };

/**
 * Reads `mesh.notifications`. Off unless `enabled: true`: the portal must
 * run the notifications backend for sends to go anywhere. Each kind of
 * notification can be switched off; the admins default to
 * `mesh.scaffolder.adminGroups`.
 */
export function readNotificationSettings(config: Config): NotificationSettings {
  const n = config.getOptionalConfig('mesh.notifications');
  const interval = n?.has('interval')
    ? readDurationFromConfig(n, { key: 'interval' })
    : DEFAULT_INTERVAL;
  if (!(durationMs(interval) >= 60_000)) {
    throw new InputError(
      'mesh.notifications.interval must be at least one minute',
    );
  }
  const flag = (key: string) => n?.getOptionalBoolean(key) ?? true;
  return {
    enabled: n?.getOptionalBoolean('enabled') ?? false,
    interval,
    skipExistingAtFirstRun:
      n?.getOptionalBoolean('skipExistingAtFirstRun') ?? true,
    owners: {
      certificateExpiring: flag('owners.certificateExpiring'),
      certificateFailed: flag('owners.certificateFailed'),
      errorFindings: flag('owners.errorFindings'),
    },
    admins: {
      recipients:
        n?.getOptionalStringArray('admins.recipients') ??
        config.getOptionalStringArray('mesh.scaffolder.adminGroups') ??
        [],
      revisionWithoutControlPlane: flag('admins.revisionWithoutControlPlane'),
      expiredGatewayCertificate: flag('admins.expiredGatewayCertificate'),
    },
  };
}
