import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AuthorizationRuleInput,
  buildAuthorizationPolicy,
} from '../builders/buildAuthorizationPolicy';
import {
  assertClaimName,
  assertDnsLabel,
  assertHttpMethod,
  assertLabels,
  assertObjectName,
  assertPlainValue,
  assertPolicyPath,
  assertPort,
} from '../domain/inputValidation';
import { InputParser, meshActionOutput, Zod } from './InputParser';
import { MeshActionOptions, runMeshAction } from './runMeshAction';

export const authorizationPolicyInput = (z: Zod) =>
  z.object({
    name: z.string().max(253).describe('Name of the AuthorizationPolicy'),
    namespace: z.string().max(63).describe("The team's namespace"),
    selector: z
      .record(z.string().max(63))
      .optional()
      .describe(
        'Workload labels the policy applies to (required for developers)',
      ),
    action: z
      .enum(['ALLOW', 'DENY'])
      .default('ALLOW')
      .describe('ALLOW or DENY matching requests'),
    rules: z
      .array(
        z.object({
          fromNamespaces: z
            .array(z.string().max(63))
            .max(32)
            .optional()
            .describe('Source namespaces'),
          fromPrincipals: z
            .array(z.string().max(512))
            .max(32)
            .optional()
            .describe(
              'Source workload identities, <trustDomain>/ns/<ns>/sa/<serviceaccount>',
            ),
          requestPrincipals: z
            .array(z.string().max(512))
            .max(32)
            .optional()
            .describe('JWT request principals, <issuer>/<subject>'),
          methods: z
            .array(z.string().max(16))
            .max(16)
            .optional()
            .describe('HTTP methods'),
          paths: z
            .array(z.string().max(1024))
            .max(32)
            .optional()
            .describe('Request paths, "*" allowed as prefix or suffix'),
          ports: z
            .array(z.number().int())
            .max(16)
            .optional()
            .describe('Destination ports'),
          jwtClaims: z
            .array(
              z.object({
                claim: z
                  .union([
                    z.string().max(128),
                    z.array(z.string().max(128)).min(1).max(8),
                  ])
                  .describe('Claim name, or the path of a nested claim'),
                values: z
                  .array(z.string().max(512))
                  .min(1)
                  .max(32)
                  .describe('Accepted values'),
              }),
            )
            .max(16)
            .optional()
            .describe('JWT claim conditions, request.auth.claims[...]'),
        }),
      )
      .max(32)
      .default([])
      .describe('Rules; a request matching any rule is allowed (or denied)'),
    allowEveryCallerInNamespace: z
      .boolean()
      .default(false)
      .describe(
        "An explicit choice: rules that name no caller allow every workload of the policy's own namespace (written as that source namespace, and flagged in the pull request). Without it such rules are refused, because they would allow every caller from anywhere",
      ),
    cluster: z
      .string()
      .max(253)
      .optional()
      .describe(
        'Target cluster, as in the backstage.io/kubernetes-cluster annotation',
      ),
  });

type RuleInput = ReturnType<
  typeof authorizationPolicyInput
>['_output']['rules'][number];

function validateRule(rule: RuleInput, index: number): AuthorizationRuleInput {
  const at = `rules[${index}]`;
  return {
    from: {
      namespaces: rule.fromNamespaces?.map((n, i) =>
        assertDnsLabel(n, `${at}.fromNamespaces[${i}]`),
      ),
      // Principal syntax depends on the role and is checked by the role rules.
      principals: rule.fromPrincipals?.map((p, i) =>
        assertPlainValue(p, `${at}.fromPrincipals[${i}]`),
      ),
      requestPrincipals: rule.requestPrincipals?.map((p, i) =>
        assertPlainValue(p, `${at}.requestPrincipals[${i}]`),
      ),
    },
    to: {
      methods: rule.methods?.map((m, i) =>
        assertHttpMethod(m, `${at}.methods[${i}]`),
      ),
      paths: rule.paths?.map((p, i) =>
        assertPolicyPath(p, `${at}.paths[${i}]`),
      ),
      ports: rule.ports?.map((p, i) => assertPort(p, `${at}.ports[${i}]`)),
    },
    jwtClaims: rule.jwtClaims?.map((c, i) => ({
      claim: (Array.isArray(c.claim) ? c.claim : [c.claim]).map(part =>
        assertClaimName(part, `${at}.jwtClaims[${i}].claim`),
      ),
      values: c.values.map(v =>
        assertPlainValue(v, `${at}.jwtClaims[${i}].values`),
      ),
    })),
  };
}

function namesCallers(rule: AuthorizationRuleInput): boolean {
  return Boolean(
    rule.from?.namespaces?.length ||
      rule.from?.principals?.length ||
      rule.from?.requestPrincipals?.length ||
      rule.jwtClaims?.length,
  );
}

/**
 * The explicit "every caller in my namespace" choice, written into the
 * policy: each rule that names no caller gets the policy's namespace as its
 * source (rules that name callers keep them: fields of one source must all
 * match, so adding the namespace there would narrow them, not widen them).
 * Returns the rules and the 1-based numbers of those it filled in.
 */
function allowOwnNamespace(
  rules: AuthorizationRuleInput[],
  namespace: string,
): { rules: AuthorizationRuleInput[]; filled: number[] } {
  const ownNamespace = { from: { namespaces: [namespace] } };
  if (rules.length === 0) return { rules: [ownNamespace], filled: [1] };
  const filled: number[] = [];
  const result = rules.map((rule, index) => {
    if (namesCallers(rule)) return rule;
    filled.push(index + 1);
    return { ...rule, from: { ...rule.from, namespaces: [namespace] } };
  });
  return { rules: result, filled };
}

/** `mesh:authorization-policy:create` — a team's workload AuthorizationPolicy. */
export function createAuthorizationPolicyAction(options: MeshActionOptions) {
  const parser = new InputParser(authorizationPolicyInput);
  return createTemplateAction({
    id: 'mesh:authorization-policy:create',
    description:
      "Generates an Istio AuthorizationPolicy for workloads in the team's namespace: source namespaces and principals, methods, paths and JWT claim conditions",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Only user prod001, coming through the ingress gateway, may call productpage (seed 003)',
        example: `steps:
  - id: policy
    action: mesh:authorization-policy:create
    input:
      name: productpage-viewer
      namespace: bookinfo
      selector: { app: productpage }
      rules:
        - fromNamespaces: [istio-system]
          jwtClaims:
            - claim: preferred_username
              values: [prod001]`,
      },
      {
        description: 'Let the reviews service account GET ratings',
        example: `steps:
  - id: policy
    action: mesh:authorization-policy:create
    input:
      name: ratings-from-reviews
      namespace: bookinfo
      selector: { app: ratings }
      rules:
        - fromPrincipals: [cluster.local/ns/bookinfo/sa/bookinfo-reviews]
          methods: [GET]
          paths: [/ratings/*]`,
      },
    ],
    schema: { input: parser.schema, output: meshActionOutput },
    async handler(ctx) {
      const input = parser.parse(ctx.input);
      const name = assertObjectName(input.name, 'name');
      const namespace = assertDnsLabel(input.namespace, 'namespace');
      const selector =
        input.selector && Object.keys(input.selector).length > 0
          ? assertLabels(input.selector, 'selector')
          : undefined;
      const requested = input.rules.map(validateRule);
      const { rules, filled } = input.allowEveryCallerInNamespace
        ? allowOwnNamespace(requested, namespace)
        : { rules: requested, filled: [] };
      await runMeshAction(ctx, options, () => {
        const notes: string[] = [];
        const warnings = filled.length
          ? [
              `Allows every workload in namespace ${namespace} to call ${
                selector
                  ? Object.entries(selector)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(',')
                  : 'the namespace'
              } (rule ${filled.join(
                ', ',
              )}): chosen explicitly ("allow every caller in my namespace") instead of naming the callers`,
            ]
          : [];
        if (
          rules.some(
            r => r.jwtClaims?.length || r.from?.requestPrincipals?.length,
          )
        ) {
          notes.push(
            'JWT conditions only match when a RequestAuthentication validates the token for these workloads (mesh-wide ones are managed by mesh admins); without it the conditions never match (MW405).',
          );
        }
        if (
          rules.some(
            r => r.from?.principals?.length || r.from?.namespaces?.length,
          )
        ) {
          notes.push(
            'Principal and namespace conditions rely on mutual TLS; under PERMISSIVE mTLS plaintext callers carry no identity (MW406).',
          );
        }
        if (input.action === 'ALLOW' && rules.length === 0) {
          notes.push(
            'An ALLOW policy without rules denies every request to the selected workloads.',
          );
        }
        return {
          summary: `AuthorizationPolicy ${namespace}/${name} (${input.action})`,
          manifests: [
            buildAuthorizationPolicy({
              name,
              namespace,
              action: input.action,
              selector,
              rules,
            }),
          ],
          notes,
          warnings,
          cluster: input.cluster,
        };
      });
    },
  });
}
