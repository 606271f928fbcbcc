import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildCertificate } from '../builders/buildCertificate';
import {
  assertDnsLabel,
  assertHost,
  assertObjectName,
  assertUnique,
} from '../domain/inputValidation';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const certificateInput = (z: Zod) =>
  z.object({
    secretName: z
      .string()
      .max(253)
      .describe(
        "Secret cert-manager writes; must equal the Gateway's credentialName",
      ),
    name: z
      .string()
      .max(253)
      .optional()
      .describe('Name of the Certificate. Default: the secretName'),
    hosts: z
      .array(z.string().max(253))
      .min(1)
      .max(32)
      .describe(
        'Hosts the certificate covers (dnsNames; the first is also the commonName when it fits)',
      ),
    namespace: z
      .string()
      .max(63)
      .optional()
      .describe(
        'Namespace of the Certificate: where the gateway workload runs. Default: the gateway namespace (mesh.scaffolder.gatewayNamespace, else mesh.rootNamespace)',
      ),
    forNamespace: z
      .string()
      .max(63)
      .optional()
      .describe(
        'The team namespace whose Gateway uses this credential; required for developers requesting a certificate in the shared gateway namespace',
      ),
    mutualTls: z
      .boolean()
      .default(false)
      .describe(
        'Whether the Gateway uses tls.mode MUTUAL (adds the ca.crt chain caveat to the PR)',
      ),
    cluster: z
      .string()
      .max(253)
      .optional()
      .describe(
        'Target cluster, as in the backstage.io/kubernetes-cluster annotation',
      ),
  });

/** `mesh:certificate:create` — the cert-manager Certificate behind a Gateway credential (seed 003). */
export function createCertificateAction(options: MeshActionOptions) {
  const parser = new InputParser(certificateInput);
  return createTemplateAction({
    id: 'mesh:certificate:create',
    description:
      "Generates a cert-manager Certificate in the gateway's namespace whose secretName is the Gateway credentialName, signed by the configured issuer",
    supportsDryRun: true,
    examples: [
      {
        description:
          'The certificate behind bookinfo-gateway (seed 003: Vault issuer, secret in istio-system)',
        example: `steps:
  - id: certificate
    action: mesh:certificate:create
    input:
      secretName: bookinfo-ingressgateway-certs
      hosts: [productpage.bookinfo.appk8s.com]
      forNamespace: bookinfo
      mutualTls: true`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const { config } = options;
      const secretName = assertObjectName(input.secretName, 'secretName');
      const name = assertObjectName(input.name ?? secretName, 'name');
      const hosts = assertUnique(
        input.hosts.map((h, i) => assertHost(h, `hosts[${i}]`)),
        'hosts',
      );
      const namespace = assertDnsLabel(
        input.namespace ?? config.gatewayNamespace,
        'namespace',
      );
      const forNamespace =
        input.forNamespace !== undefined
          ? assertDnsLabel(input.forNamespace, 'forNamespace')
          : undefined;
      await runMeshAction(ctx, options, () => {
        const notes = [
          `Signed by ${config.issuerRef.kind} \`${config.issuerRef.name}\`${
            config.issuerRef.kind === 'Issuer'
              ? ` in \`${namespace}\`, which must exist there`
              : ''
          }; check \`kubectl get certificate ${name} -n ${namespace}\` turns Ready (MW302).`,
        ];
        if (input.mutualTls) {
          notes.push(
            `MUTUAL TLS: the secret's \`ca.crt\` holds only the issuing CA, not the full chain (seed 003, cert-manager#2358); with an intermediate CA in Vault, provide the chain to the gateway or client verification fails (MW309).`,
          );
        }
        return {
          summary: `Certificate ${namespace}/${name} for ${hosts.join(', ')}`,
          manifests: [
            buildCertificate({
              name,
              namespace,
              secretName,
              hosts,
              issuerRef: config.issuerRef,
            }),
          ],
          notes,
          cluster: input.cluster,
          credentialFor: forNamespace,
        };
      });
    },
  });
}
