import type { IGateway } from '@kubernetes-models/istio/networking.istio.io/v1';
import { managedMetadata } from './managedLabels';

export interface IstioGatewayInput {
  name: string;
  namespace: string;
  hosts: string[];
  port: number;
  tlsMode: 'SIMPLE' | 'MUTUAL';
  /** Secret in the gateway workload's namespace (seed 003: the Certificate's `secretName`). */
  credentialName: string;
  /** Labels of the ingress gateway pods (seed 003: `istio: ingressgateway`). */
  selector: Record<string, string>;
}

/**
 * An Istio `networking.istio.io/v1` Gateway terminating TLS for the team's
 * hosts on the shared ingress gateway. With `MUTUAL`, Istio reads the client
 * CA from the same secret's `ca.crt` key (seed 003, "Istio Secure Ingress
 * Gateway with mTLS").
 */
export function buildIstioGateway(input: IstioGatewayInput): IGateway {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: managedMetadata(input),
    spec: {
      selector: { ...input.selector },
      servers: [
        {
          hosts: [...input.hosts],
          port: {
            name: input.port === 443 ? 'https' : `https-${input.port}`,
            number: input.port,
            protocol: 'HTTPS',
          },
          tls: {
            mode: input.tlsMode,
            credentialName: input.credentialName,
          },
        },
      ],
    },
  };
}
