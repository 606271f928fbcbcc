import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { buildNamespace, DataPlaneTarget } from '../builders/buildNamespace';
import { assertDnsLabel } from '../domain/inputValidation';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const namespaceDataPlaneInput = (z: Zod) =>
  z.object({
    namespace: z.string().max(63).describe('Namespace to onboard or move'),
    dataPlane: z
      .enum(['sidecar', 'ambient'])
      .default('sidecar')
      .describe('Sidecar injection or ambient mode (ztunnel)'),
    revision: z
      .string()
      .max(63)
      .optional()
      .describe(
        'Control-plane revision for sidecar injection, e.g. 1-7-3 (istio.io/rev); absent uses istio-injection=enabled',
      ),
    previousRevision: z
      .string()
      .max(63)
      .optional()
      .describe(
        'The revision the namespace is moving away from, for the canary-upgrade notes',
      ),
    cluster: z.string().max(253).optional().describe('Target cluster'),
  });

/**
 * `mesh:namespace:onboard` — the namespace's data-plane labels: onboarding,
 * a revision move during a canary upgrade, or ambient mode (mesh admins only).
 */
/** How the change summary names the data plane a namespace moves to. */
function dataPlaneLabel(
  mode: DataPlaneTarget['mode'],
  revision: string | undefined,
): string {
  if (mode === 'ambient') return 'ambient mode';
  return revision ? `revision ${revision}` : 'default sidecar injection';
}

export function createNamespaceDataPlaneAction(options: MeshActionOptions) {
  const parser = new InputParser(namespaceDataPlaneInput);
  return createTemplateAction({
    id: 'mesh:namespace:onboard',
    description:
      'Generates the Namespace manifest with its Istio data-plane label: istio.io/rev=<revision> (replacing istio-injection), istio-injection=enabled, or istio.io/dataplane-mode=ambient (mesh admins only)',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Move bookinfo to the 1-7-3 control plane during a canary upgrade (seed 003)',
        example: `steps:
  - id: move
    action: mesh:namespace:onboard
    input:
      namespace: bookinfo
      revision: 1-7-3
      previousRevision: 1-7-0`,
      },
      {
        description: 'Put a namespace in ambient mode (seed 004)',
        example: `steps:
  - id: ambient
    action: mesh:namespace:onboard
    input:
      namespace: shop
      dataPlane: ambient`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const namespace = assertDnsLabel(input.namespace, 'namespace');
      const revision =
        input.revision !== undefined
          ? assertDnsLabel(input.revision, 'revision')
          : undefined;
      const previous =
        input.previousRevision !== undefined
          ? assertDnsLabel(input.previousRevision, 'previousRevision')
          : undefined;
      if (input.dataPlane === 'ambient' && revision) {
        throw new InputError(
          'revision applies to sidecar injection only; ambient mode takes no revision here',
        );
      }
      const target: DataPlaneTarget =
        input.dataPlane === 'ambient'
          ? { mode: 'ambient' }
          : { mode: 'sidecar', revision };
      await runMeshAction(ctx, options, () => {
        const notes: string[] = [];
        if (target.mode === 'sidecar') {
          notes.push(
            `Remove any other data-plane label from \`${namespace}\` when applying: \`istio-injection\` takes precedence over \`istio.io/rev\` (IST0123 / MW103), and \`istio.io/dataplane-mode\` conflicts with sidecars (MW106).`,
            `Existing pods keep their old proxy until restarted: \`kubectl rollout restart deployment -n ${namespace}\` (seed 003, MW105).`,
          );
          if (revision) {
            notes.push(
              `Check that the \`istiod-${revision}\` control plane is running before merging (MW104).`,
            );
          }
          if (previous) {
            notes.push(
              `Rollback: label the namespace \`istio.io/rev=${previous}\` again and restart; once no namespace uses \`${previous}\`, its control plane can be removed (MW602).`,
            );
          }
        } else {
          notes.push(
            `Remove \`istio-injection\` / \`istio.io/rev\` from \`${namespace}\` and restart its pods so they leave sidecar mode (MW106); L7 policies need a waypoint proxy (MW107).`,
          );
        }
        const label = dataPlaneLabel(target.mode, revision);
        return {
          summary: `Namespace ${namespace}: ${label}`,
          manifests: [buildNamespace(namespace, target)],
          notes,
          cluster: input.cluster,
        };
      });
    },
  });
}
