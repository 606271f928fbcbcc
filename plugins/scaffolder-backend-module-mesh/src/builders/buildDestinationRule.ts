import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1';
import { managedMetadata } from './managedLabels';

export interface IstioMutualDestinationRuleInput {
  name: string;
  namespace: string;
  /** Fully qualified service host. */
  host: string;
}

/**
 * Forces Istio mTLS toward one service; ECK needs it for operator →
 * Elasticsearch traffic when auto mTLS is off (seeds 000/001).
 */
export function buildIstioMutualDestinationRule(
  input: IstioMutualDestinationRuleInput,
): IDestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: managedMetadata(input),
    spec: {
      host: input.host,
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    },
  };
}
