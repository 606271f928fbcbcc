import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_NAMESPACE_RESOURCE_TYPE,
  NamespaceClaim,
  namespaceClaimOf,
  NamespaceClaimTrust,
} from '@meshwise/plugin-mesh-common';

/**
 * Reads which team claims which namespace (mesh-common's ownership rule).
 * Uses this plugin's service credentials so the claims are complete even
 * when the requesting user cannot see every Resource entity: a claim hidden
 * from the requester must still make a namespace ambiguous.
 */
export async function loadNamespaceClaims(
  catalog: CatalogService,
  auth: AuthService,
  trust: NamespaceClaimTrust,
): Promise<NamespaceClaim[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': KUBERNETES_NAMESPACE_RESOURCE_TYPE,
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.type',
        'spec.owner',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.flatMap(entity => {
    const claim = namespaceClaimOf(entity, trust);
    return claim ? [claim] : [];
  });
}
