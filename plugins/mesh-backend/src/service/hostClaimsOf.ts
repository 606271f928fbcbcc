import {
  ClusterView,
  HostClaim,
  Kinds,
  KubeObject,
} from '@meshwise/plugin-mesh-common';

type Rec = Record<string, unknown>;
const rec = (value: unknown): Rec | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Rec)
    : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Istio `hosts` may be `namespace/host` (exportTo scoping); the host is after the slash. */
const hostPart = (value: string) => value.slice(value.indexOf('/') + 1);

/**
 * Every host:port served by a Gateway in the cluster: Istio Gateway servers'
 * `hosts` and Gateway API listeners' `hostname` (a listener without one
 * serves every host: `*`; waypoints are skipped). The owner is the catalog
 * owner of the Gateway's namespace.
 */
export function hostClaimsOf(
  view: ClusterView,
  ownerOf: (namespace: string) => string | undefined,
): HostClaim[] {
  const claims: HostClaim[] = [];
  const claim = (gateway: KubeObject, host: string, port?: number) => {
    const namespace = gateway.metadata?.namespace ?? '';
    const owner = ownerOf(namespace);
    claims.push({
      host: host.toLowerCase(),
      ...(port !== undefined ? { port } : {}),
      cluster: view.cluster,
      namespace,
      gateway: gateway.metadata?.name ?? '',
      ...(owner ? { owner } : {}),
    });
  };
  for (const gateway of view.list(Kinds.IstioGateway)) {
    for (const server of list(rec(gateway.spec)?.servers)) {
      const port = rec(rec(server)?.port)?.number;
      for (const host of list(rec(server)?.hosts)) {
        if (typeof host === 'string' && host) {
          claim(
            gateway,
            hostPart(host),
            typeof port === 'number' ? port : undefined,
          );
        }
      }
    }
  }
  for (const gateway of view.list(Kinds.K8sGateway)) {
    // Waypoints are Gateway API Gateways too, but carry mesh traffic (HBONE), not hosts.
    if (rec(gateway.spec)?.gatewayClassName === 'istio-waypoint') continue;
    for (const listener of list(rec(gateway.spec)?.listeners)) {
      if (rec(listener)?.protocol === 'HBONE') continue;
      const hostname = rec(listener)?.hostname;
      const port = rec(listener)?.port;
      claim(
        gateway,
        typeof hostname === 'string' && hostname ? hostname : '*',
        typeof port === 'number' ? port : undefined,
      );
    }
  }
  return claims;
}

/**
 * Whether a claimed host serves a requested host: equal, or a wildcard claim
 * (`*.example.com`, or `*`) covering it, as Istio matches server hosts.
 */
export function claimCovers(claimed: string, requested: string): boolean {
  const host = requested.toLowerCase();
  if (claimed === host || claimed === '*') return true;
  return claimed.startsWith('*.') && host.endsWith(claimed.slice(1));
}
