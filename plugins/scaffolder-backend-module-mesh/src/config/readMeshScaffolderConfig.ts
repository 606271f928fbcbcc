import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DEFAULT_ROOT_NAMESPACE,
  NamespaceClaimTrust,
  normalizeAllowedDomain,
  readNamespaceClaimTrust,
} from '@meshwise/plugin-mesh-common';

/** The resolved `mesh.scaffolder` settings, with defaults applied. */
export interface MeshScaffolderConfig {
  /** Full entity refs (`group:default/mesh-admins`). */
  adminGroups: string[];
  /** Lower-case domains without a leading dot. */
  allowedDomains: string[];
  /** Istio's root namespace: `mesh.rootNamespace`, the setting the mesh backend reads. */
  rootNamespace: string;
  gatewayNamespace: string;
  ingressGatewaySelector: Record<string, string>;
  gatewayClassName: string;
  issuerRef: { name: string; kind: string; group: string };
  trustDomain: string;
  clusterDomain: string;
  gitops: { teamPath: string; adminPath: string };
  meshAdminReviewers: { users: string[]; teams: string[] };
  /** `mesh.ownership`, shared with the mesh backend: which catalog entities may claim namespaces. */
  ownership: NamespaceClaimTrust;
}

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
  ownership: {},
};

/**
 * The root namespace is `mesh.rootNamespace`, one setting for the mesh
 * backend and these actions. The former `mesh.scaffolder.rootNamespace` is
 * not read; rather than silently guarding another namespace than the one it
 * names, a value that differs from `mesh.rootNamespace` stops start-up.
 */
function readRootNamespace(config: Config): string {
  const rootNamespace =
    config.getOptionalString('mesh.rootNamespace') ?? DEFAULT_ROOT_NAMESPACE;
  const former = config.getOptionalString('mesh.scaffolder.rootNamespace');
  if (former !== undefined && former !== rootNamespace) {
    throw new Error(
      `mesh.scaffolder.rootNamespace (${former}) is no longer read: the mesh actions use mesh.rootNamespace, shared with the mesh backend, which is ${rootNamespace}; set mesh.rootNamespace to ${former} and remove mesh.scaffolder.rootNamespace`,
    );
  }
  return rootNamespace;
}

/** Reads `mesh.scaffolder` (and `mesh.rootNamespace`) from app-config; missing values take the defaults. */
export function readMeshScaffolderConfig(config: Config): MeshScaffolderConfig {
  const rootNamespace = readRootNamespace(config);
  const ownership = readNamespaceClaimTrust(config);
  const c = config.getOptionalConfig('mesh.scaffolder');
  const d = defaultMeshScaffolderConfig;
  if (!c) {
    return { ...d, rootNamespace, gatewayNamespace: rootNamespace, ownership };
  }
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
      normalizeAllowedDomain,
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
    ownership,
  };
}
