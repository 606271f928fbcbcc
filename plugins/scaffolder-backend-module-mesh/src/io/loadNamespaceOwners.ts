import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import { normalizeOwnerRef, NamespaceOwner } from '../domain/evaluateAccess';

export const KUBERNETES_NAMESPACE_RESOURCE_TYPE = 'kubernetes-namespace';
const CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/** Maps a catalog `Resource` of type `kubernetes-namespace` to its owner; invalid owners are skipped. */
export function namespaceOwnerFromEntity(
  entity: Entity,
): NamespaceOwner | undefined {
  const rawOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof rawOwner !== 'string') return undefined;
  const owner = normalizeOwnerRef(
    rawOwner.includes(':') || rawOwner.includes('/')
      ? rawOwner
      : `group:${entity.metadata.namespace ?? 'default'}/${rawOwner}`,
  );
  if (!owner) return undefined;
  const cluster = entity.metadata.annotations?.[CLUSTER_ANNOTATION];
  return {
    namespace: entity.metadata.name,
    owner,
    ...(cluster ? { cluster } : {}),
  };
}

/**
 * Reads which team owns which namespace. Uses this plugin's service
 * credentials so the ownership map is complete even when the requesting user
 * cannot see every Resource entity.
 */
export async function loadNamespaceOwners(
  catalog: CatalogService,
  auth: AuthService,
): Promise<NamespaceOwner[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': KUBERNETES_NAMESPACE_RESOURCE_TYPE,
      },
      fields: [
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.owner',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.flatMap(e => {
    const owner = namespaceOwnerFromEntity(e);
    return owner ? [owner] : [];
  });
}
