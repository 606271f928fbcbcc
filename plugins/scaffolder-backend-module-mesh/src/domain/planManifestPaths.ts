import { parseEntityRef } from '@backstage/catalog-model';
import type { MeshScaffolderConfig } from '../config/readMeshScaffolderConfig';
import { ADMIN_ONLY_KINDS } from './adminOnlyKinds';
import type { NamespaceOwnershipIndex } from '@meshwise/plugin-mesh-common';
import type { Manifest } from './Manifest';

export interface PlannedFile {
  /** Repository-relative path, `/`-separated. */
  path: string;
  manifest: Manifest;
  /** Whether the file lies under the mesh-admin tree (and needs mesh-admin review). */
  adminOwned: boolean;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(
    /\{(team|namespace|cluster)\}/g,
    (_, key: string) => values[key],
  );
}

function teamName(ownerRef: string | undefined): string {
  if (!ownerRef) return '_unowned';
  try {
    return parseEntityRef(ownerRef).name;
  } catch {
    return '_unowned';
  }
}

/**
 * Where each manifest goes in the GitOps repository: mesh-admin paths for
 * admin-only kinds, cluster-scoped objects and anything in the root or gateway
 * namespace (including a team's Certificate request, which a mesh admin
 * reviews — seed 003); the owning team's path for everything else.
 */
export function planManifestPaths(
  manifests: Manifest[],
  options: {
    layout: MeshScaffolderConfig['gitops'];
    rootNamespace: string;
    gatewayNamespace: string;
    namespaces: NamespaceOwnershipIndex;
    cluster?: string;
  },
): PlannedFile[] {
  const seen = new Set<string>();
  return manifests.map(manifest => {
    const name = manifest.metadata?.name ?? '';
    const namespace = manifest.metadata?.namespace ?? name;
    const adminOwned =
      ADMIN_ONLY_KINDS.has(manifest.kind) ||
      !manifest.metadata?.namespace ||
      namespace === options.rootNamespace ||
      namespace === options.gatewayNamespace;
    const directory = fill(
      adminOwned ? options.layout.adminPath : options.layout.teamPath,
      {
        team: teamName(
          options.namespaces.ownerOf({ namespace, cluster: options.cluster }),
        ),
        namespace,
        cluster: options.cluster || 'default',
      },
    ).replace(/\/+$/, '');
    const group = manifest.apiVersion.includes('gateway.networking.k8s.io')
      ? 'gatewayapi-'
      : '';
    let path = `${directory}/${group}${manifest.kind.toLowerCase()}-${name}.yaml`;
    for (let i = 2; seen.has(path); i++) {
      path = `${directory}/${group}${manifest.kind.toLowerCase()}-${name}-${i}.yaml`;
    }
    seen.add(path);
    return { path, manifest, adminOwned };
  });
}
