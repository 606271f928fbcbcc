import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  indexNamespaceOwnership,
  NamespaceClaim,
  namespaceClaimOf,
  NamespaceClaimTrust,
  ownerRefOf,
  WorkloadSelection,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';

/** A catalog entity whose workloads Meshwise follows. */
export interface CatalogMeshService {
  entityRef: string;
  title?: string;
  /** Full owner ref, e.g. `group:default/storefront`. */
  owner?: string;
  selection: WorkloadSelection;
}

/** A `Resource` of `spec.type: kubernetes-namespace`: who owns a namespace (mesh-common's rule). */
export type CatalogNamespace = NamespaceClaim;

/** The parts of the catalog the fleet views need, indexed for lookups. */
export interface CatalogSnapshot {
  readonly services: readonly CatalogMeshService[];
  readonly namespaces: readonly CatalogNamespace[];
  /**
   * The owner of a namespace by mesh-common's ownership rule: the claims for
   * the cluster and the cluster-less ones decide, and claims naming
   * different owners leave the namespace without an owner.
   */
  namespaceOwner(cluster: string, namespace: string): string | undefined;
  service(entityRef: string): CatalogMeshService | undefined;
}

/** The entity fields the index reads; the catalog sends nothing else. */
export const CATALOG_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.type',
];

/**
 * Indexes Components with Kubernetes annotations (their workloads and owner)
 * and the namespace claims of `kubernetes-namespace` Resources.
 */
export function buildCatalogSnapshot(
  entities: readonly Entity[],
  trust: NamespaceClaimTrust = {},
): CatalogSnapshot {
  const services: CatalogMeshService[] = [];
  const namespaces: CatalogNamespace[] = [];
  for (const entity of entities) {
    const kind = entity.kind.toLowerCase();
    if (kind === 'component') {
      const selection = workloadSelectionForEntity(entity);
      if (!selection) continue;
      const owner = ownerRefOf(entity);
      services.push({
        entityRef: stringifyEntityRef(entity),
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(owner ? { owner } : {}),
        selection,
      });
    } else {
      const claim = namespaceClaimOf(entity, trust);
      if (claim) namespaces.push(claim);
    }
  }
  const owners = indexNamespaceOwnership(namespaces);
  const byRef = new Map(services.map(service => [service.entityRef, service]));
  return {
    services,
    namespaces,
    namespaceOwner: (cluster, namespace) =>
      owners.ownerOf({ cluster, namespace }),
    service: entityRef => byRef.get(entityRef),
  };
}
