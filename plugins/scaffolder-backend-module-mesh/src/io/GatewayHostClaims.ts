import type {
  HostClaimCoverage,
  HostClaims,
} from '@meshwise/plugin-mesh-common';
import type { HostClaim } from '../domain/evaluateAccess';

/** Live state: which Gateways already serve a host, across the clusters the mesh backend watches. */
export interface GatewayHostClaims {
  /**
   * Every claim on the hosts, or throws `GatewayHostClaimsUnavailableError`
   * when the answer may be missing one: developers are then refused.
   */
  claimsFor(hosts: string[]): Promise<HostClaim[]>;
}

/** Thrown when live host claims cannot be obtained; developers are then refused. */
export class GatewayHostClaimsUnavailableError extends Error {
  name = 'GatewayHostClaimsUnavailableError';
}

function isClaim(value: unknown): value is HostClaim {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.host === 'string' &&
    typeof v.cluster === 'string' &&
    typeof v.namespace === 'string' &&
    typeof v.gateway === 'string' &&
    (v.port === undefined || typeof v.port === 'number') &&
    (v.owner === undefined || typeof v.owner === 'string')
  );
}

function isCoverage(value: unknown): value is HostClaimCoverage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.cluster === 'string' &&
    v.cluster !== '' &&
    typeof v.complete === 'boolean' &&
    (v.reason === undefined || typeof v.reason === 'string')
  );
}

/**
 * The claims on `hosts` from a `/exposure/hosts` answer (`HostClaims`), only
 * when that answer is the whole truth: a well-formed body whose `clusters`
 * says, for at least one cluster and for every cluster listed, that its
 * Gateways were all read. Anything else throws
 * `GatewayHostClaimsUnavailableError`; an incomplete cluster is named with
 * the backend's reason ("staging: …; prod-eu: …"), since a Gateway it could
 * not read may serve the host.
 */
export function completeHostClaims(
  body: unknown,
  hosts: string[],
): HostClaim[] {
  const { items, clusters } = (body ?? {}) as Partial<
    Record<keyof HostClaims, unknown>
  >;
  if (!Array.isArray(items) || !items.every(isClaim)) {
    throw new GatewayHostClaimsUnavailableError(
      'the mesh backend sent host claims in an unexpected shape',
    );
  }
  if (!Array.isArray(clusters) || !clusters.every(isCoverage)) {
    throw new GatewayHostClaimsUnavailableError(
      'the mesh backend did not say which clusters its host claims cover',
    );
  }
  if (clusters.length === 0) {
    throw new GatewayHostClaimsUnavailableError(
      'the mesh backend reports no clusters',
    );
  }
  const incomplete = clusters.filter(c => !c.complete);
  if (incomplete.length > 0) {
    throw new GatewayHostClaimsUnavailableError(
      incomplete
        .map(
          c => `${c.cluster}: ${c.reason || 'its Gateways are not all read'}`,
        )
        .join('; '),
    );
  }
  const wanted = new Set(hosts);
  return items.filter(claim => wanted.has(claim.host));
}
