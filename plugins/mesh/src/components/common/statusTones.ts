import type {
  ClusterSyncState,
  CredentialState,
  DataPlaneMode,
  EckHealth,
  MtlsMode,
  Severity,
} from '@meshwise/plugin-mesh-common';
import { StatusTone } from './StatusChip';

type Presentation = { tone: StatusTone; label: string };

export const dataPlanePresentation: Record<DataPlaneMode, Presentation> = {
  sidecar: { tone: 'ok', label: 'Sidecar' },
  ambient: { tone: 'ok', label: 'Ambient' },
  'ambient+waypoint': { tone: 'ok', label: 'Ambient + waypoint' },
  partial: { tone: 'warning', label: 'Partly in mesh' },
  none: { tone: 'warning', label: 'Not in mesh' },
  unknown: { tone: 'unknown', label: 'Unknown' },
};

export const mtlsPresentation: Record<MtlsMode, Presentation> = {
  STRICT: { tone: 'ok', label: 'STRICT' },
  PERMISSIVE: { tone: 'warning', label: 'PERMISSIVE' },
  DISABLE: { tone: 'error', label: 'DISABLE' },
  mixed: { tone: 'warning', label: 'Mixed' },
  unknown: { tone: 'unknown', label: 'Unknown' },
};

export const credentialPresentation: Record<CredentialState, Presentation> = {
  ready: { tone: 'ok', label: 'Ready' },
  expiring: { tone: 'warning', label: 'Expiring' },
  expired: { tone: 'error', label: 'Expired' },
  notReady: { tone: 'error', label: 'Not ready' },
  missing: { tone: 'error', label: 'Missing' },
  secretOnly: { tone: 'info', label: 'Secret only' },
  unknown: { tone: 'unknown', label: 'Unknown' },
};

export const eckHealthPresentation: Record<EckHealth, Presentation> = {
  green: { tone: 'ok', label: 'Green' },
  yellow: { tone: 'warning', label: 'Yellow' },
  red: { tone: 'error', label: 'Red' },
  unknown: { tone: 'unknown', label: 'Unknown' },
};

export const severityPresentation: Record<Severity, Presentation> = {
  error: { tone: 'error', label: 'Error' },
  warning: { tone: 'warning', label: 'Warning' },
  info: { tone: 'info', label: 'Info' },
};

export const clusterSyncPresentation: Record<
  ClusterSyncState['status'],
  Presentation
> = {
  synced: { tone: 'ok', label: 'Synced' },
  syncing: { tone: 'info', label: 'Syncing' },
  degraded: { tone: 'warning', label: 'Degraded' },
  unreachable: { tone: 'error', label: 'Unreachable' },
};
