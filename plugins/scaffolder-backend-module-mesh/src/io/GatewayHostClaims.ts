import type { HostClaim } from '../domain/evaluateAccess';

/** Live state: which Gateways already serve a host, across the clusters the mesh backend watches. */
export interface GatewayHostClaims {
  claimsFor(hosts: string[]): Promise<HostClaim[]>;
}

/** Thrown when live host claims cannot be obtained; developers are then refused. */
export class GatewayHostClaimsUnavailableError extends Error {
  name = 'GatewayHostClaimsUnavailableError';
}
