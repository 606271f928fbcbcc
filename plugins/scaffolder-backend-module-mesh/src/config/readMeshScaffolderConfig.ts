import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The resolved `mesh.scaffolder` settings, with defaults applied. */
export interface MeshScaffolderConfig {
  /** Full entity refs (`group:default/mesh-admins`). */
  adminGroups: string[];
  /** Lower-case domains without a leading dot. */
  allowedDomains: string[];
  rootNamespace: string;
  gatewayNamespace: string;
  ingressGatewaySelector: Record<string, string>;
  gatewayClassName: string;
  issuerRef: { name: string; kind: string; group: string };
  trustDomain: string;
  clusterDomain: string;
  gitops: { teamPath: string; adminPath: string };
  meshAdminReviewers: { users: string[]; teams: string[] };
}

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** Defaults follow seed 003: root namespace istio-system, Vault `Issuer` `vault-issuer`. */
export const defaultMeshScaffolderConfig: MeshScaffolderConfig = {
  adminGroups: [],
  allowedDomains: [],
  rootNamespace: DEFAULT_ROOT_NAMESPACE,
  gatewayNamespace: DEFAULT_ROOT_NAMESPACE,
  ingressGatewaySelector: { istio: 'ingressgateway' },
  gatewayClassName: 'istio',
  issuerRef: { name: 'vault-issuer', kind: 'Issuer', group: 'cert-manager.io' },
  trustDomain: 'cluster.local',
  clusterDomain: 'cluster.local',
  gitops: {
    teamPath: 'teams/{team}/{namespace}',
    adminPath: 'mesh-admin/{namespace}',
  },
  meshAdminReviewers: { users: [], teams: [] },
};

/** Reads `mesh.scaffolder` from app-config; a missing section yields the defaults. */
export function readMeshScaffolderConfig(config: Config): MeshScaffolderConfig {
  const c = config.getOptionalConfig('mesh.scaffolder');
  const d = defaultMeshScaffolderConfig;
  if (!c) {
    return d;
  }
  const rootNamespace = c.getOptionalString('rootNamespace') ?? d.rootNamespace;
  const selectorConfig = c.getOptionalConfig('ingressGatewaySelector');
  const ingressGatewaySelector = selectorConfig
    ? Object.fromEntries(
        selectorConfig.keys().map(k => [k, selectorConfig.getString(k)]),
      )
    : d.ingressGatewaySelector;
  return {
    adminGroups: (c.getOptionalStringArray('adminGroups') ?? []).map(ref =>
      stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group' })),
    ),
    allowedDomains: (c.getOptionalStringArray('allowedDomains') ?? []).map(
      domain =>
        domain
          .trim()
          .toLowerCase()
          .replace(/^\*?\./, ''),
    ),
    rootNamespace,
    gatewayNamespace: c.getOptionalString('gatewayNamespace') ?? rootNamespace,
    ingressGatewaySelector,
    gatewayClassName:
      c.getOptionalString('gatewayClassName') ?? d.gatewayClassName,
    issuerRef: {
      name: c.getOptionalString('issuerRef.name') ?? d.issuerRef.name,
      kind: c.getOptionalString('issuerRef.kind') ?? d.issuerRef.kind,
      group: c.getOptionalString('issuerRef.group') ?? d.issuerRef.group,
    },
    trustDomain: c.getOptionalString('trustDomain') ?? d.trustDomain,
    clusterDomain: c.getOptionalString('clusterDomain') ?? d.clusterDomain,
    gitops: {
      teamPath: c.getOptionalString('gitops.teamPath') ?? d.gitops.teamPath,
      adminPath: c.getOptionalString('gitops.adminPath') ?? d.gitops.adminPath,
    },
    meshAdminReviewers: {
      users: c.getOptionalStringArray('meshAdminReviewers.users') ?? [],
      teams: c.getOptionalStringArray('meshAdminReviewers.teams') ?? [],
    },
  };
}
