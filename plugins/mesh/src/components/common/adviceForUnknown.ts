import type { UnknownInfo } from '@meshwise/plugin-mesh-common';

const reasonLabels: Record<UnknownInfo['reason'], string> = {
  forbidden: 'access denied',
  notInstalled: 'not installed',
  stale: 'stale',
  error: 'read error',
  pending: 'still loading',
  notWatched: 'not read by configuration',
  missingData: 'incomplete data',
};

/** Reasons that are a deliberate choice, not a fault: shown neutrally, without advice to act. */
export function isDeliberateUnknown(reason: UnknownInfo['reason']): boolean {
  return reason === 'notWatched';
}

/** A short name for why a value is unknown. */
export function unknownReasonLabel(reason: UnknownInfo['reason']): string {
  return reasonLabels[reason];
}

/** What a reader can do about an unknown value, by its reason. */
export function adviceForUnknown(info: UnknownInfo): string {
  const kinds = info.kinds?.length ? info.kinds.join(', ') : 'these kinds';
  switch (info.reason) {
    case 'forbidden':
      return `Grant the portal's Kubernetes credentials list and watch on ${kinds} (a ClusterRole bound to its service account); the status fills in at the next sync.`;
    case 'notInstalled':
      return `The cluster does not serve ${kinds}. Install the CRDs (Istio, cert-manager or ECK) if this cluster should have them; otherwise this part does not apply here.`;
    case 'stale':
      return `Last known data${
        info.since ? ` as of ${info.since}` : ''
      }: reading ${kinds} is failing and the backend keeps retrying; if this lasts, check that the API server is up and reachable from the portal.`;
    case 'pending':
      return `The backend is still loading ${kinds}; reload in a moment.`;
    case 'notWatched':
      // A deliberate setting, not a fault: say what it means, advise nothing.
      return `The portal is configured not to read ${kinds}, so this part is not evaluated.`;
    case 'missingData':
      return 'The objects lack fields Meshwise needs (often a status not written yet by its controller); check the objects named above.';
    case 'error':
    default:
      return "Check the mesh backend's logs and that the cluster's API server is reachable from the portal.";
  }
}
