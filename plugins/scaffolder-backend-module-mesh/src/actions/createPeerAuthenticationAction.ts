import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { buildPeerAuthentication } from '../builders/buildPeerAuthentication';
import {
  assertDnsLabel,
  assertLabels,
  assertObjectName,
} from '../domain/inputValidation';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const peerAuthenticationInput = (z: Zod) =>
  z.object({
    namespace: z
      .string()
      .max(63)
      .optional()
      .describe(
        'Namespace of the policy; the root namespace (default) makes it mesh-wide',
      ),
    name: z
      .string()
      .max(253)
      .default('default')
      .describe('Name of the PeerAuthentication'),
    mode: z
      .enum(['STRICT', 'PERMISSIVE', 'DISABLE'])
      .default('STRICT')
      .describe('mTLS mode'),
    selector: z
      .record(z.string().max(63))
      .optional()
      .describe(
        'Workload labels, for a workload-specific exception; not allowed mesh-wide',
      ),
    cluster: z.string().max(253).optional().describe('Target cluster'),
  });

/** `mesh:peer-authentication:create` — mesh-wide or namespace mTLS mode (mesh admins only). */
/** Which workloads a PeerAuthentication covers, for the change summary. */
function peerAuthenticationScope(
  namespace: string,
  rootNamespace: string,
  hasSelector: boolean,
): string {
  if (namespace === rootNamespace) return 'mesh-wide';
  return hasSelector ? `workloads in ${namespace}` : `namespace ${namespace}`;
}

export function createPeerAuthenticationAction(options: MeshActionOptions) {
  const parser = new InputParser(peerAuthenticationInput);
  return createTemplateAction({
    id: 'mesh:peer-authentication:create',
    description:
      'Generates a PeerAuthentication: mesh-wide in the root namespace, per namespace or per workload (mesh admins only)',
    supportsDryRun: true,
    examples: [
      {
        description: 'Mesh-wide STRICT mTLS (seed 003, "mTLS Mode")',
        example: `steps:
  - id: mtls
    action: mesh:peer-authentication:create
    input:
      mode: STRICT`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const { config } = options;
      const namespace = assertDnsLabel(
        input.namespace ?? config.rootNamespace,
        'namespace',
      );
      const name = assertObjectName(input.name, 'name');
      const selector =
        input.selector && Object.keys(input.selector).length > 0
          ? assertLabels(input.selector, 'selector')
          : undefined;
      if (selector && namespace === config.rootNamespace) {
        throw new InputError(
          `a PeerAuthentication in the root namespace ${namespace} is the mesh-wide default and takes no selector; put workload exceptions in the workload's namespace`,
        );
      }
      await runMeshAction(ctx, options, () => {
        const scope = peerAuthenticationScope(
          namespace,
          config.rootNamespace,
          selector !== undefined,
        );
        const notes: string[] = [];
        if (input.mode === 'STRICT') {
          notes.push(
            'Under STRICT, plaintext callers outside the mesh are refused; HTTP probes need the sidecar probe rewrite (MW202) and DestinationRules that set TLS must use ISTIO_MUTUAL (seed 003, MW201).',
            'ECK: STRICT mTLS is incompatible with Kibana alerting and API keys unless Elasticsearch keeps its own HTTP TLS with a PERMISSIVE exception (seed 001, MW505).',
          );
        }
        return {
          summary: `PeerAuthentication ${input.mode} (${scope})`,
          manifests: [
            buildPeerAuthentication({
              name,
              namespace,
              mode: input.mode,
              selector,
            }),
          ],
          notes,
          cluster: input.cluster,
        };
      });
    },
  });
}
