import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildEckResources } from '../builders/buildEckResources';
import { buildIstioMutualDestinationRule } from '../builders/buildDestinationRule';
import { assertDnsLabel, assertStackVersion } from '../domain/inputValidation';
import type { Manifest } from '../domain/Manifest';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const eckInput = (z: Zod) =>
  z.object({
    name: z
      .string()
      .max(36)
      .describe(
        'Name of the Elasticsearch cluster (and of Kibana / APM Server)',
      ),
    namespace: z
      .string()
      .max(63)
      .describe("The team's namespace, with sidecar injection enabled"),
    version: z.string().max(60).describe('Elastic Stack version, e.g. 8.17.0'),
    nodeCount: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe('Elasticsearch nodes'),
    kibana: z.boolean().default(true).describe('Also generate Kibana'),
    apmServer: z.boolean().default(false).describe('Also generate APM Server'),
    disableSelfSignedHttpTls: z
      .boolean()
      .default(true)
      .describe(
        "Let Istio carry HTTP TLS instead of ECK's self-signed certificate (breaks Kibana alerting / API keys under STRICT)",
      ),
    istioCni: z
      .boolean()
      .default(false)
      .describe(
        'The cluster uses Istio CNI (plugin-download init containers need port 443 out)',
      ),
    automountServiceAccountToken: z
      .boolean()
      .default(false)
      .describe(
        'Only for clusters without third-party (TokenRequest) service account tokens',
      ),
    destinationRule: z
      .boolean()
      .default(true)
      .describe(
        'Generate the ISTIO_MUTUAL DestinationRule for <name>-es-http (needed when auto mTLS is off)',
      ),
    cluster: z.string().max(253).optional().describe('Target cluster'),
  });

/** `mesh:eck:create` — Elasticsearch / Kibana / APM Server set up for the Istio mesh (seeds 000/001). */
export function createEckAction(options: MeshActionOptions) {
  const parser = new InputParser(eckInput);
  return createTemplateAction({
    id: 'mesh:eck:create',
    description:
      "Generates ECK Elasticsearch (and optionally Kibana and APM Server) with the annotations the ECK Istio guide requires, plus the ISTIO_MUTUAL DestinationRule, in the team's namespace",
    supportsDryRun: true,
    examples: [
      {
        description:
          'elastic-istio with Kibana and APM Server in a sidecar namespace (seed 001)',
        example: `steps:
  - id: eck
    action: mesh:eck:create
    input:
      name: elastic-istio
      namespace: bookinfo
      version: 8.17.0
      apmServer: true`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      // ECK derives Service and Secret names such as <name>-es-http from it.
      const name = assertDnsLabel(input.name, 'name');
      const namespace = assertDnsLabel(input.namespace, 'namespace');
      const version = assertStackVersion(input.version, 'version');
      await runMeshAction(ctx, options, () => {
        const manifests: Manifest[] = buildEckResources({
          name,
          namespace,
          version,
          nodeCount: input.nodeCount,
          kibana: input.kibana,
          apmServer: input.apmServer,
          disableSelfSignedHttpTls: input.disableSelfSignedHttpTls,
          istioCni: input.istioCni,
          automountServiceAccountToken: input.automountServiceAccountToken,
        });
        if (input.destinationRule) {
          manifests.push(
            buildIstioMutualDestinationRule({
              name: `${name}-es-http`,
              namespace,
              host: `${name}-es-http.${namespace}.svc.${options.config.clusterDomain}`,
            }),
          );
        }
        const notes = [
          `\`${namespace}\` must have sidecar injection, and the ECK operator must run with an istio-proxy beside \`manager\` and inbound port 9443 excluded for its webhook (seed 001, MW501/MW502) — both are mesh-admin changes.`,
          'Transport port 9300 is excluded from the proxy in both directions because ECK already encrypts it (seed 001, MW503).',
        ];
        if (input.disableSelfSignedHttpTls) {
          notes.push(
            'HTTP TLS is left to Istio: Kibana alerting and Elasticsearch API keys need TLS at the application level and do not work this way under STRICT mTLS (seed 001, MW505).',
          );
        }
        return {
          summary: `Elastic Stack ${namespace}/${name} ${version} in the mesh`,
          manifests,
          notes,
          cluster: input.cluster,
        };
      });
    },
  });
}
