import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { HostClaim } from '../domain/evaluateAccess';
import {
  completeHostClaims,
  GatewayHostClaims,
  GatewayHostClaimsUnavailableError,
} from './GatewayHostClaims';

/**
 * Asks the mesh backend (`GET /exposure/hosts?host=…`) which Gateways serve
 * the hosts, as this plugin's own service identity: the answer must not depend
 * on what the requesting user may see. The answer counts only when it covers
 * every cluster completely (`completeHostClaims`).
 */
export class MeshBackendGatewayHostClaims implements GatewayHostClaims {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    fetch?: typeof fetch;
  }): MeshBackendGatewayHostClaims {
    return new MeshBackendGatewayHostClaims(
      options.discovery,
      options.auth,
      options.fetch ?? globalThis.fetch,
    );
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async claimsFor(hosts: string[]): Promise<HostClaim[]> {
    if (hosts.length === 0) return [];
    let response: Response;
    try {
      const baseUrl = await this.discovery.getBaseUrl('mesh');
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf: await this.auth.getOwnServiceCredentials(),
        targetPluginId: 'mesh',
      });
      const query = new URLSearchParams(hosts.map(h => ['host', h]));
      response = await this.fetchImpl(`${baseUrl}/exposure/hosts?${query}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
        },
      });
    } catch (e) {
      throw new GatewayHostClaimsUnavailableError(
        `the mesh backend could not be reached (${(e as Error).message})`,
      );
    }
    if (!response.ok) {
      throw new GatewayHostClaimsUnavailableError(
        `the mesh backend answered ${response.status} ${response.statusText}`.trim(),
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GatewayHostClaimsUnavailableError(
        'the mesh backend sent a response that is not JSON',
      );
    }
    return completeHostClaims(body, hosts);
  }
}
