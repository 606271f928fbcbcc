/**
 * Host name matching as Istio and the Gateway API define it: `*` matches
 * everything, `*.example.com` is a suffix match (any depth, not the apex),
 * everything else is exact (case-insensitive).
 */
export function hostCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*' || p === h) return true;
  if (p.startsWith('*.')) {
    const suffix = p.slice(1); // ".example.com"
    if (h.startsWith('*.')) return h.slice(1).endsWith(suffix);
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  return false;
}

/** Whether two host patterns can match a common host name. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/** A Service's in-cluster FQDN. */
export function serviceFqdn(
  name: string,
  namespace: string,
  clusterDomain: string,
): string {
  return `${name}.${namespace}.svc.${clusterDomain}`.toLowerCase();
}

/**
 * Resolves a host as Istio does for DestinationRule/VirtualService
 * destinations: a name without dots is short for a Service in the config's
 * namespace; anything else (FQDN, wildcard) is taken as written.
 */
export function resolveShortName(
  host: string,
  namespace: string,
  clusterDomain: string,
): string {
  if (host === '*' || host.startsWith('*') || host.includes('.'))
    return host.toLowerCase();
  return serviceFqdn(host, namespace, clusterDomain);
}

/**
 * Splits an Istio Gateway server host `ns/host` into its namespace filter and
 * host; `./` means the Gateway's namespace and no prefix means any namespace.
 */
export function splitGatewayHost(
  value: string,
  gatewayNamespace: string,
): { namespace: string; host: string } {
  const slash = value.indexOf('/');
  if (slash < 0) return { namespace: '*', host: value };
  const ns = value.slice(0, slash);
  return {
    namespace: ns === '.' ? gatewayNamespace : ns,
    host: value.slice(slash + 1),
  };
}
