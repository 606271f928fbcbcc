import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  FINDING_CATALOGUE,
  FleetFinding,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { NotificationSettings } from './readNotificationSettings';

/** One notification to send once: `key` names it across runs and replicas. */
export interface MeshNotification {
  key: string;
  code: string;
  /** Entity refs of the recipients (teams or users). */
  recipients: string[];
  title: string;
  description: string;
  link: string;
  severity: NotificationSeverity;
}

export const NOTIFICATION_TOPIC = 'Service mesh';

const severityOf: Record<Severity, NotificationSeverity> = {
  error: 'high',
  warning: 'normal',
  info: 'low',
};

/** The entity's Mesh tab, relative to the app's base URL. */
export function meshTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind.toLowerCase(), name]
    .map(encodeURIComponent)
    .join('/')}/mesh`;
}

const titleOf = (f: FleetFinding) => FINDING_CATALOGUE[f.code]?.title ?? f.code;

/**
 * Why an owning team hears of a finding, or undefined when it does not:
 * a certificate entering the expiry window (or expired), a certificate that
 * fails, or any other error-severity finding.
 */
function ownerReason(
  f: FleetFinding,
  settings: NotificationSettings['owners'],
): { title: string; severity: NotificationSeverity } | undefined {
  if (f.code === 'MW303' && settings.certificateExpiring) {
    return f.severity === 'error'
      ? { title: 'Certificate expired', severity: 'critical' }
      : { title: 'Certificate expiring soon', severity: 'high' };
  }
  if (f.code === 'MW302' && settings.certificateFailed) {
    return { title: 'Certificate not Ready', severity: severityOf[f.severity] };
  }
  if (
    f.code !== 'MW303' &&
    f.code !== 'MW302' &&
    f.severity === 'error' &&
    settings.errorFindings
  ) {
    return { title: `New error: ${titleOf(f)}`, severity: 'high' };
  }
  return undefined;
}

/** Fleet-level findings for the mesh admins. */
function adminReason(
  f: FleetFinding,
  settings: NotificationSettings['admins'],
): { title: string; severity: NotificationSeverity } | undefined {
  if (f.code === 'MW104' && settings.revisionWithoutControlPlane) {
    return {
      title: 'Namespace on a revision with no control plane',
      severity: 'critical',
    };
  }
  // MW303 is an error once the certificate has expired; these are gateway
  // certificates (the gateway checks raise it).
  if (
    f.code === 'MW303' &&
    f.severity === 'error' &&
    settings.expiredGatewayCertificate
  ) {
    return { title: 'Gateway certificate expired', severity: 'critical' };
  }
  return undefined;
}

/**
 * The notifications the current findings call for, each with a stable key
 * (the finding's id, what happened and for whom), so that a run can skip
 * those already sent. Owners: per entity the finding involves, to the
 * entity's owner (the catalog's `spec.owner`), linking to its Mesh tab.
 * Admins: the configured recipients, linking to the dashboard's list of
 * that finding's code.
 */
export function meshNotifications(
  findings: readonly FleetFinding[],
  ownerOf: (entityRef: string) => string | undefined,
  settings: NotificationSettings,
): MeshNotification[] {
  const out: MeshNotification[] = [];
  for (const f of findings) {
    const owner = ownerReason(f, settings.owners);
    if (owner) {
      for (const entityRef of f.entityRefs) {
        const team = ownerOf(entityRef);
        // An entity without an owner has nobody to tell; the admins' and
        // the dashboard's views still show the finding.
        if (!team) continue;
        out.push({
          // The severity is part of the key: an expiring certificate that
          // then expires is news again.
          key: `owner|${f.id}|${f.severity}|${entityRef}`,
          code: f.code,
          recipients: [team],
          title: `${owner.title}: ${entityRef}`,
          description: `${f.code} in cluster ${f.cluster}: ${f.message}`,
          link: meshTabLink(entityRef),
          severity: owner.severity,
        });
      }
    }
    const admin = adminReason(f, settings.admins);
    if (admin && settings.admins.recipients.length) {
      out.push({
        key: `admin|${f.id}|${f.severity}`,
        code: f.code,
        recipients: settings.admins.recipients,
        title: `${admin.title} (cluster ${f.cluster})`,
        description: `${f.code}: ${f.message}`,
        link: `/mesh?tab=findings&code=${f.code}&cluster=${encodeURIComponent(
          f.cluster,
        )}`,
        severity: admin.severity,
      });
    }
  }
  return out;
}
