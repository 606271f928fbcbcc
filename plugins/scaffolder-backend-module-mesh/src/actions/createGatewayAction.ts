import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { buildGatewayApiGateway } from '../builders/buildGatewayApiGateway';
import { buildHttpRoute } from '../builders/buildHttpRoute';
import { buildIstioGateway } from '../builders/buildIstioGateway';
import { buildVirtualService } from '../builders/buildVirtualService';
import {
  assertDnsLabel,
  assertHost,
  assertObjectName,
  assertPort,
  assertUnique,
} from '../domain/inputValidation';
import type { Manifest } from '../domain/Manifest';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const gatewayInput = (z: Zod) =>
  z.object({
    name: z
      .string()
      .max(253)
      .describe(
        'Name of the Gateway (also used for the VirtualService / HTTPRoute)',
      ),
    namespace: z
      .string()
      .max(63)
      .describe(
        "The team's namespace the Gateway and its routes are created in",
      ),
    hosts: z
      .array(z.string().max(253))
      .min(1)
      .max(32)
      .describe(
        'Fully qualified hosts to expose, e.g. productpage.bookinfo.appk8s.com',
      ),
    port: z
      .number()
      .int()
      .default(443)
      .describe('HTTPS port on the ingress gateway'),
    tlsMode: z
      .enum(['SIMPLE', 'MUTUAL'])
      .default('SIMPLE')
      .describe(
        'SIMPLE (server TLS) or MUTUAL (clients must present a certificate)',
      ),
    credentialName: z
      .string()
      .max(253)
      .optional()
      .describe(
        'Secret holding the TLS certificate; equals the Certificate secretName. Default: <namespace>-<name>-tls',
      ),
    service: z
      .object({
        name: z
          .string()
          .max(63)
          .describe('Service in the namespace that receives the traffic'),
        port: z.number().int().describe('Service port'),
      })
      .describe('Where the routes send traffic'),
    api: z
      .enum(['istio', 'gateway-api'])
      .default('istio')
      .describe(
        'Istio Gateway + VirtualService, or Gateway API Gateway + HTTPRoute',
      ),
    cluster: z
      .string()
      .max(253)
      .optional()
      .describe(
        'Target cluster, as in the backstage.io/kubernetes-cluster annotation',
      ),
  });

export type GatewayActionInput = ReturnType<typeof gatewayInput>['_output'];

/** `mesh:gateway:create` — a team's ingress: Gateway plus the route to its Service. */
export function createGatewayAction(options: MeshActionOptions) {
  const parser = new InputParser(gatewayInput);
  return createTemplateAction({
    id: 'mesh:gateway:create',
    description:
      "Generates an ingress Gateway (Istio Gateway + VirtualService, or Gateway API Gateway + HTTPRoute) in the team's namespace, after checking the requester's role, the namespace owner and the hosts",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Expose productpage over mutual TLS on the shared Istio ingress gateway (seed 003)',
        example: `steps:
  - id: gateway
    action: mesh:gateway:create
    input:
      name: bookinfo-gateway
      namespace: bookinfo
      hosts: [productpage.bookinfo.appk8s.com]
      tlsMode: MUTUAL
      credentialName: bookinfo-ingressgateway-certs
      service: { name: productpage, port: 9080 }`,
      },
      {
        description: 'Expose a service through a Gateway API Gateway',
        example: `steps:
  - id: gateway
    action: mesh:gateway:create
    input:
      name: shop
      namespace: bookinfo
      api: gateway-api
      hosts: [shop.appk8s.com]
      service: { name: shop, port: 8080 }`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const name = assertObjectName(input.name, 'name');
      const namespace = assertDnsLabel(input.namespace, 'namespace');
      const hosts = assertUnique(
        input.hosts.map((h, i) => assertHost(h, `hosts[${i}]`)),
        'hosts',
      );
      const port = assertPort(input.port, 'port');
      const service = {
        name: assertDnsLabel(input.service.name, 'service.name'),
        port: assertPort(input.service.port, 'service.port'),
      };
      const credentialName = assertObjectName(
        input.credentialName ?? `${namespace}-${name}-tls`,
        'credentialName',
      );
      if (input.api === 'gateway-api' && input.tlsMode === 'MUTUAL') {
        throw new InputError(
          'tlsMode MUTUAL is generated only for Istio Gateways (api: istio); Gateway API client-certificate validation is not supported by every Istio version',
        );
      }
      const { config } = options;
      await runMeshAction(ctx, options, () => {
        const manifests: Manifest[] =
          input.api === 'istio'
            ? [
                buildIstioGateway({
                  name,
                  namespace,
                  hosts,
                  port,
                  tlsMode: input.tlsMode,
                  credentialName,
                  selector: config.ingressGatewaySelector,
                }),
                buildVirtualService({
                  name,
                  namespace,
                  hosts,
                  gateway: `${namespace}/${name}`,
                  service,
                  clusterDomain: config.clusterDomain,
                }),
              ]
            : [
                buildGatewayApiGateway({
                  name,
                  namespace,
                  gatewayClassName: config.gatewayClassName,
                  hosts,
                  port,
                  credentialName,
                }),
                buildHttpRoute({
                  name,
                  namespace,
                  gatewayName: name,
                  hosts,
                  service,
                }),
              ];
        const secretNamespace =
          input.api === 'istio' ? config.gatewayNamespace : namespace;
        const notes = [
          `The TLS secret \`${credentialName}\` must exist in \`${secretNamespace}\` (Istio reads gateway credentials from the gateway workload's namespace); request it with a Certificate whose \`secretName\` is \`${credentialName}\` (IST0101 / MW301).`,
          `If \`${namespace}\` denies ingress by default, allow traffic from the ingress gateway's namespace with a NetworkPolicy (seed 003, MW701).`,
        ];
        if (input.tlsMode === 'MUTUAL') {
          notes.push(
            `MUTUAL: the gateway verifies client certificates against the \`ca.crt\` key of \`${credentialName}\`. cert-manager stores only the issuing CA there, not the full chain (seed 003, cert-manager#2358): with an intermediate CA in Vault, clients may fail verification until the chain is provided (MW309).`,
          );
        }
        return {
          summary: `Expose ${hosts.join(', ')} through ${namespace}/${name}`,
          manifests,
          notes,
          cluster: input.cluster,
        };
      });
    },
  });
}
