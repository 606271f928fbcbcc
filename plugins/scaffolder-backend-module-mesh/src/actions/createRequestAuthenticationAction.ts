import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildIngressJwtDenyPolicy } from '../builders/buildIngressJwtDenyPolicy';
import { buildRequestAuthentication } from '../builders/buildRequestAuthentication';
import {
  assertDnsLabel,
  assertHost,
  assertHttpUrl,
  assertLabels,
  assertObjectName,
  assertPlainValue,
} from '../domain/inputValidation';
import type { Manifest } from '../domain/Manifest';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const requestAuthenticationInput = (z: Zod) =>
  z.object({
    name: z
      .string()
      .max(200)
      .default('jwt')
      .describe(
        'Name of the RequestAuthentication (the DENY policy is <name>-require-jwt)',
      ),
    namespace: z
      .string()
      .max(63)
      .optional()
      .describe(
        'Namespace of the RequestAuthentication; the root namespace (default) applies it mesh-wide',
      ),
    issuer: z
      .string()
      .max(2048)
      .describe(
        'JWT issuer (iss), e.g. https://keycloak.example.com/auth/realms/istio',
      ),
    jwksUri: z
      .string()
      .max(2048)
      .describe('URL of the issuer JSON Web Key Set'),
    audiences: z
      .array(z.string().max(512))
      .max(16)
      .optional()
      .describe('Accepted audiences (aud); empty accepts any'),
    forwardOriginalToken: z
      .boolean()
      .default(true)
      .describe('Pass the token on to the next hop (seed 003)'),
    selector: z
      .record(z.string().max(63))
      .optional()
      .describe('Workload labels; absent applies to the whole namespace'),
    denyRequestsWithoutToken: z
      .boolean()
      .default(true)
      .describe(
        'Also generate the ingress gateway DENY policy for requests without a valid JWT',
      ),
    protectedHosts: z
      .array(z.string().max(253))
      .max(32)
      .optional()
      .describe(
        'Require a JWT only for these hosts at the ingress gateway; absent means all hosts',
      ),
    cluster: z.string().max(253).optional().describe('Target cluster'),
  });

/** `mesh:request-authentication:create` — JWT validation plus the ingress DENY policy (mesh admins only). */
export function createRequestAuthenticationAction(options: MeshActionOptions) {
  const parser = new InputParser(requestAuthenticationInput);
  return createTemplateAction({
    id: 'mesh:request-authentication:create',
    description:
      'Generates a RequestAuthentication and the ingress gateway AuthorizationPolicy that denies requests without a valid JWT (mesh admins only)',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Keycloak JWTs required at the ingress gateway (seed 003, "Istio Ingress Gateway with JWT")',
        example: `steps:
  - id: jwt
    action: mesh:request-authentication:create
    input:
      name: reqauth-istio-system
      issuer: https://keycloak.appk8s.com/auth/realms/istio
      jwksUri: https://keycloak.appk8s.com/auth/realms/istio/protocol/openid-connect/certs`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const { config } = options;
      const name = assertObjectName(input.name, 'name');
      const namespace = assertDnsLabel(
        input.namespace ?? config.rootNamespace,
        'namespace',
      );
      const issuer = assertPlainValue(input.issuer, 'issuer');
      const jwksUri = assertHttpUrl(input.jwksUri, 'jwksUri');
      const audiences = input.audiences?.map((a, i) =>
        assertPlainValue(a, `audiences[${i}]`),
      );
      const selector =
        input.selector && Object.keys(input.selector).length > 0
          ? assertLabels(input.selector, 'selector')
          : undefined;
      const protectedHosts = input.protectedHosts?.map((h, i) =>
        assertHost(h, `protectedHosts[${i}]`),
      );
      await runMeshAction(ctx, options, () => {
        const manifests: Manifest[] = [
          buildRequestAuthentication({
            name,
            namespace,
            issuer,
            jwksUri,
            audiences,
            forwardOriginalToken: input.forwardOriginalToken,
            selector,
          }),
        ];
        const notes = [
          'A RequestAuthentication alone rejects only invalid tokens; requests without a token still pass (seed 003).',
        ];
        if (input.denyRequestsWithoutToken) {
          manifests.push(
            buildIngressJwtDenyPolicy({
              name: `${name}-require-jwt`,
              namespace: config.gatewayNamespace,
              selector: config.ingressGatewaySelector,
              hosts: protectedHosts,
            }),
          );
          notes.push(
            'The DENY policy refuses requests without a valid JWT at the ingress gateway; health checks and other token-less callers through the gateway stop working.',
          );
        }
        if (jwksUri.startsWith('http:')) {
          notes.push(
            'The JWKS URI is plain http: keys can be tampered with in transit.',
          );
        }
        return {
          summary: `Require JWTs from ${issuer}`,
          manifests,
          notes,
          cluster: input.cluster,
        };
      });
    },
  });
}
