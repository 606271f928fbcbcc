import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { FleetFinding } from '@meshwise/plugin-mesh-common';
import {
  meshNotifications,
  MeshNotification,
  NOTIFICATION_TOPIC,
} from './meshNotifications';
import { NotificationLedger } from './NotificationLedger';
import { NotificationSettings } from './readNotificationSettings';

/** Where the notifier reads the current findings and who owns what. */
export interface NotificationSource {
  /** Whether every cluster has been read and analysed: before, findings are partial. */
  ready(): boolean;
  /** Findings of the clusters whose data is current (stale kinds are withheld). */
  findings(): FleetFinding[];
  /** The catalog owner of each catalog service, as the fleet rows know it. */
  owners(): Map<string, string>;
}

/**
 * One run of the scheduled notification task: works out which notifications
 * the current findings call for and sends each one not sent before, once
 * (the ledger's claim decides, across replicas).
 */
export class MeshNotifier {
  constructor(
    private readonly options: {
      ledger: NotificationLedger;
      notifications: NotificationService;
      source: NotificationSource;
      settings: NotificationSettings;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async run(): Promise<{
    sent: number;
    failed: number;
    skipped: number;
    notReady?: boolean;
  }> {
    const { ledger, source, settings, logger } = this.options;
    if (!source.ready()) {
      logger.info('Mesh notifications: clusters not read yet, run skipped');
      return { sent: 0, failed: 0, skipped: 0, notReady: true };
    }
    const now = (this.options.now ?? Date.now)();
    const owners = source.owners();
    const wanted = meshNotifications(
      source.findings(),
      e => owners.get(e),
      settings,
    );
    if (settings.skipExistingAtFirstRun && (await ledger.isEmpty())) {
      await ledger.recordAll(wanted, now);
      logger.info(
        'Mesh notifications: first run, existing findings recorded as sent',
        { recorded: wanted.length },
      );
      return { sent: 0, failed: 0, skipped: wanted.length };
    }
    const unsent = new Set(await ledger.unsent(wanted.map(w => w.key)));
    let sent = 0;
    let failed = 0;
    for (const notification of wanted) {
      if (!unsent.has(notification.key)) continue;
      if (!(await ledger.claim(notification.key, notification.code, now))) {
        continue;
      }
      try {
        await this.send(notification);
        sent += 1;
      } catch (error) {
        failed += 1;
        // Not sent: give the claim back so that a later run tries again.
        await ledger.release(notification.key);
        logger.warn('Mesh notification not sent; will retry', {
          key: notification.key,
          error: String(error),
        });
      }
    }
    if (sent || failed) {
      logger.info('Mesh notifications sent', { sent, failed });
    }
    return { sent, failed, skipped: 0 };
  }

  private async send(n: MeshNotification) {
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: n.recipients },
      payload: {
        title: n.title,
        description: n.description,
        link: n.link,
        severity: n.severity,
        topic: NOTIFICATION_TOPIC,
        // The same scope replaces rather than repeats, should a send be retried.
        scope: n.key,
      },
    });
  }
}
