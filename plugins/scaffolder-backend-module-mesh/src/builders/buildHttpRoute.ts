import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { managedMetadata } from './managedLabels';

export interface HttpRouteInput {
  name: string;
  namespace: string;
  gatewayName: string;
  hosts: string[];
  service: { name: string; port: number };
}

/** Attaches the team's Service to its Gateway API Gateway for the given hosts. */
export function buildHttpRoute(input: HttpRouteInput): IHTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: managedMetadata(input),
    spec: {
      parentRefs: [{ name: input.gatewayName }],
      hostnames: [...input.hosts],
      rules: [
        {
          backendRefs: [{ name: input.service.name, port: input.service.port }],
        },
      ],
    },
  };
}
