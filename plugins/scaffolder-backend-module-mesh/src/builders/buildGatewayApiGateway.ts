import type { IGateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { managedMetadata } from './managedLabels';

export interface GatewayApiGatewayInput {
  name: string;
  namespace: string;
  gatewayClassName: string;
  hosts: string[];
  port: number;
  /** A Secret in the Gateway's own namespace (no ReferenceGrant needed). */
  credentialName: string;
}

/**
 * A Gateway API `Gateway`. With Istio's `istio` GatewayClass this deploys a
 * gateway in the team's namespace, so the TLS Secret lives there too. One
 * HTTPS listener per host because a listener carries a single hostname.
 */
export function buildGatewayApiGateway(
  input: GatewayApiGatewayInput,
): IGateway {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: managedMetadata(input),
    spec: {
      gatewayClassName: input.gatewayClassName,
      listeners: input.hosts.map((host, index) => ({
        name: input.hosts.length === 1 ? 'https' : `https-${index}`,
        hostname: host,
        port: input.port,
        protocol: 'HTTPS',
        tls: {
          mode: 'Terminate',
          certificateRefs: [{ kind: 'Secret', name: input.credentialName }],
        },
        allowedRoutes: { namespaces: { from: 'Same' } },
      })),
    },
  };
}
