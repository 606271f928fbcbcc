import { Config } from '@backstage/config';
import {
  AnalyzerConfig,
  DEFAULT_CERTIFICATE_EXPIRY_WINDOW_DAYS,
  DEFAULT_ROOT_NAMESPACE,
  NamespaceClaimTrust,
  readNamespaceClaimTrust,
} from '@meshwise/plugin-mesh-common';
import { FindingSuppressionRule } from './service/FindingSuppressions';

/** The mesh backend's settings (`mesh.*`, see config.d.ts), with defaults applied. */
export interface MeshBackendOptions {
  analyzer: AnalyzerConfig & {
    rootNamespace: string;
    certificateExpiryWindowDays: number;
  };
  suppressions: FindingSuppressionRule[];
  /** Watch Secrets (metadata only) to tell a manually created credential from a missing one. */
  secretMetadata: boolean;
  analysisDebounceMs: number;
  analysisMaxAgeMs: number;
  catalogRefreshSeconds: number;
  /** `mesh.ownership`: which catalog entities may claim namespaces. */
  ownership: NamespaceClaimTrust;
}

/** Reads `mesh.*`; the config schema has validated the types already. */
export function readMeshOptions(config: Config): MeshBackendOptions {
  const mesh = config.getOptionalConfig('mesh');
  const suppressions = (
    mesh?.getOptionalConfigArray('findings.suppress') ?? []
  ).map(rule => {
    const entry: FindingSuppressionRule = {};
    for (const key of [
      'code',
      'cluster',
      'namespace',
      'object',
      'reason',
    ] as const) {
      const value = rule.getOptionalString(key);
      if (value) entry[key] = value;
    }
    if (!entry.code && !entry.cluster && !entry.namespace && !entry.object) {
      throw new Error(
        `mesh.findings.suppress entries need at least one of code, cluster, namespace, object`,
      );
    }
    return entry;
  });
  return {
    analyzer: {
      rootNamespace:
        mesh?.getOptionalString('rootNamespace') ?? DEFAULT_ROOT_NAMESPACE,
      certificateExpiryWindowDays:
        mesh?.getOptionalNumber('certificateExpiryWindowDays') ??
        DEFAULT_CERTIFICATE_EXPIRY_WINDOW_DAYS,
      requireDenyByDefaultNetworkPolicy:
        mesh?.getOptionalBoolean('requireDenyByDefaultNetworkPolicy') ?? false,
    },
    suppressions,
    secretMetadata: mesh?.getOptionalBoolean('readSecretMetadata') ?? false,
    analysisDebounceMs:
      mesh?.getOptionalNumber('refresh.analysisDebounceMs') ?? 300,
    analysisMaxAgeMs:
      (mesh?.getOptionalNumber('refresh.analysisMaxAgeSeconds') ?? 300) * 1000,
    catalogRefreshSeconds:
      mesh?.getOptionalNumber('refresh.catalogIntervalSeconds') ?? 120,
    ownership: readNamespaceClaimTrust(config),
  };
}
