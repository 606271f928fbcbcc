import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { managedMetadata } from './managedLabels';

export interface VirtualServiceInput {
  name: string;
  namespace: string;
  hosts: string[];
  /** `<namespace>/<name>` of the Gateway the routes attach to. */
  gateway: string;
  service: { name: string; port: number };
  clusterDomain: string;
}

/**
 * Routes the gateway's hosts to the team's Service. The destination is the
 * fully qualified service name so that the route does not depend on the
 * namespace the VirtualService is read from.
 */
export function buildVirtualService(
  input: VirtualServiceInput,
): IVirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: managedMetadata(input),
    spec: {
      hosts: [...input.hosts],
      gateways: [input.gateway],
      http: [
        {
          route: [
            {
              destination: {
                host: `${input.service.name}.${input.namespace}.svc.${input.clusterDomain}`,
                port: { number: input.service.port },
              },
            },
          ],
        },
      ],
    },
  };
}
