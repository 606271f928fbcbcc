import type { IRequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { managedMetadata, workloadSelector } from './managedLabels';

export interface RequestAuthenticationInput {
  name: string;
  namespace: string;
  issuer: string;
  jwksUri: string;
  audiences?: string[];
  forwardOriginalToken: boolean;
  selector?: Record<string, string>;
}

/**
 * Validates JWTs that requests carry (seed 003, "Istio Ingress Gateway with
 * JWT"). On its own it only rejects invalid tokens; requests without a token
 * still pass, which is why it is paired with the ingress DENY policy.
 */
export function buildRequestAuthentication(
  input: RequestAuthenticationInput,
): IRequestAuthentication {
  const audiences = input.audiences?.length ? [...input.audiences] : undefined;
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata: managedMetadata(input),
    spec: {
      ...workloadSelector(input.selector),
      jwtRules: [
        {
          issuer: input.issuer,
          jwksUri: input.jwksUri,
          ...(audiences ? { audiences } : {}),
          forwardOriginalToken: input.forwardOriginalToken,
        },
      ],
    },
  };
}
