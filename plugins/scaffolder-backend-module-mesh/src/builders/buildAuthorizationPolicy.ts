import type { IAuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1';
import { managedMetadata, workloadSelector } from './managedLabels';

export interface JwtClaimCondition {
  /** Claim path; more than one element addresses a nested claim. */
  claim: string[];
  values: string[];
}

export interface AuthorizationRuleInput {
  from?: {
    namespaces?: string[];
    principals?: string[];
    requestPrincipals?: string[];
  };
  to?: { methods?: string[]; paths?: string[]; ports?: number[] };
  jwtClaims?: JwtClaimCondition[];
}

export interface AuthorizationPolicyInput {
  name: string;
  namespace: string;
  action: 'ALLOW' | 'DENY';
  /** Workload labels; absent means every workload in the namespace. */
  selector?: Record<string, string>;
  rules: AuthorizationRuleInput[];
}

/** `request.auth.claims[a][b]`, Istio's condition key for a (nested) JWT claim. */
export function claimConditionKey(claim: string[]): string {
  return `request.auth.claims${claim.map(part => `[${part}]`).join('')}`;
}

function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

/**
 * An Istio `security.istio.io/v1` AuthorizationPolicy. Empty lists are left
 * out rather than emitted, because an empty `from`/`to` field changes what a
 * rule matches.
 */
export function buildAuthorizationPolicy(
  input: AuthorizationPolicyInput,
): IAuthorizationPolicy {
  const rules = input.rules.map(rule => {
    const namespaces = nonEmpty(rule.from?.namespaces);
    const principals = nonEmpty(rule.from?.principals);
    const requestPrincipals = nonEmpty(rule.from?.requestPrincipals);
    const methods = nonEmpty(rule.to?.methods);
    const paths = nonEmpty(rule.to?.paths);
    const ports = nonEmpty(rule.to?.ports)?.map(String);
    const source = {
      ...(namespaces ? { namespaces } : {}),
      ...(principals ? { principals } : {}),
      ...(requestPrincipals ? { requestPrincipals } : {}),
    };
    const operation = {
      ...(methods ? { methods } : {}),
      ...(paths ? { paths } : {}),
      ...(ports ? { ports } : {}),
    };
    const when = (rule.jwtClaims ?? []).map(c => ({
      key: claimConditionKey(c.claim),
      values: [...c.values],
    }));
    return {
      ...(Object.keys(source).length ? { from: [{ source }] } : {}),
      ...(Object.keys(operation).length ? { to: [{ operation }] } : {}),
      ...(when.length ? { when } : {}),
    };
  });
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: managedMetadata(input),
    spec: {
      ...workloadSelector(input.selector),
      action: input.action,
      rules,
    },
  };
}
