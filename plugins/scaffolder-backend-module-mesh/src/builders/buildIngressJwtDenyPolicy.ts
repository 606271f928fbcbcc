import type { IAuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1';
import { managedMetadata } from './managedLabels';

export interface IngressJwtDenyPolicyInput {
  name: string;
  /** Namespace of the ingress gateway workload. */
  namespace: string;
  /** Labels of the ingress gateway pods. */
  selector: Record<string, string>;
  /** Limit the requirement to these hosts; absent means every host. */
  hosts?: string[];
}

/**
 * Denies requests without a valid JWT at the ingress gateway: `DENY` when the
 * request has no request principal (`notRequestPrincipals: ["*"]`), the
 * companion of the RequestAuthentication (seed 003).
 */
export function buildIngressJwtDenyPolicy(
  input: IngressJwtDenyPolicyInput,
): IAuthorizationPolicy {
  const hosts = input.hosts?.length ? [...input.hosts] : undefined;
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: managedMetadata(input),
    spec: {
      selector: { matchLabels: { ...input.selector } },
      action: 'DENY',
      rules: [
        {
          from: [{ source: { notRequestPrincipals: ['*'] } }],
          ...(hosts ? { to: [{ operation: { hosts } }] } : {}),
        },
      ],
    },
  };
}
