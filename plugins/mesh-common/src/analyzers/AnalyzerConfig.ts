/** Settings for the analyzers; every field has a default. */
export interface AnalyzerConfig {
  /** Istio's root (config) namespace. Default `istio-system`. */
  rootNamespace?: string;
  /** Certificates expiring within this many days are reported (MW303). Default 30. */
  certificateExpiryWindowDays?: number;
  /** "Now" for expiry computations; default the current time. */
  now?: Date | number;
  /** Cluster DNS domain for FQDNs. Default `cluster.local`. */
  clusterDomain?: string;
  /**
   * Whether the platform requires a deny-by-default NetworkPolicy in every
   * mesh namespace (MW702, seed 003). Default false: MW702 is off.
   */
  requireDenyByDefaultNetworkPolicy?: boolean;
  /**
   * Whether the cluster serves the TokenRequest API (`serviceaccounts/token`),
   * from API discovery. Unset: unknown, and MW511 is not evaluated.
   */
  tokenRequestSupported?: boolean;
  /**
   * Namespaces never expected in the mesh (MW101 skips them). Default: the
   * Kubernetes system namespaces and the root namespace.
   */
  systemNamespaces?: readonly string[];
}

export interface ResolvedAnalyzerConfig {
  rootNamespace: string;
  certificateExpiryWindowDays: number;
  nowMs: number;
  clusterDomain: string;
  requireDenyByDefaultNetworkPolicy: boolean;
  tokenRequestSupported: boolean | undefined;
  systemNamespaces: ReadonlySet<string>;
}

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';
export const DEFAULT_CERTIFICATE_EXPIRY_WINDOW_DAYS = 30;

function epochMsOf(now: Date | number | undefined): number {
  if (now === undefined) return Date.now();
  return typeof now === 'number' ? now : now.getTime();
}

export function resolveAnalyzerConfig(
  config?: AnalyzerConfig,
): ResolvedAnalyzerConfig {
  const rootNamespace = config?.rootNamespace || DEFAULT_ROOT_NAMESPACE;
  const nowMs = epochMsOf(config?.now);
  const windowDays = config?.certificateExpiryWindowDays;
  return {
    rootNamespace,
    certificateExpiryWindowDays:
      typeof windowDays === 'number' &&
      Number.isFinite(windowDays) &&
      windowDays >= 0
        ? windowDays
        : DEFAULT_CERTIFICATE_EXPIRY_WINDOW_DAYS,
    nowMs: Number.isFinite(nowMs) ? nowMs : Date.now(),
    clusterDomain: config?.clusterDomain || 'cluster.local',
    requireDenyByDefaultNetworkPolicy:
      config?.requireDenyByDefaultNetworkPolicy ?? false,
    tokenRequestSupported: config?.tokenRequestSupported,
    systemNamespaces: new Set(
      config?.systemNamespaces ?? [
        'kube-system',
        'kube-public',
        'kube-node-lease',
        'local-path-storage',
        rootNamespace,
      ],
    ),
  };
}
