import type { IPeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { managedMetadata, workloadSelector } from './managedLabels';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface PeerAuthenticationInput {
  name: string;
  /** The root namespace makes the policy mesh-wide (seed 003, "mTLS Mode"). */
  namespace: string;
  mode: MtlsMode;
  selector?: Record<string, string>;
}

export function buildPeerAuthentication(
  input: PeerAuthenticationInput,
): IPeerAuthentication {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: managedMetadata(input),
    spec: {
      ...workloadSelector(input.selector),
      mtls: { mode: input.mode },
    },
  };
}
