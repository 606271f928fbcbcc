import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
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

/** A `Resource` of `spec.type: kubernetes-namespace`: who owns a namespace. */
export interface CatalogNamespace {
  namespace: string;
  /** Absent: the namespace of that name in every cluster. */
  cluster?: string;
  owner: string;
}

/** The parts of the catalog the fleet views need, indexed for lookups. */
export interface CatalogSnapshot {
  readonly services: readonly CatalogMeshService[];
  readonly namespaces: readonly CatalogNamespace[];
  /** The owner of a namespace: a cluster-specific entry wins over a cluster-less one. */
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

function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Indexes Components with Kubernetes annotations (their workloads and owner)
 * and namespace Resources (`metadata.name`, or the
 * `backstage.io/kubernetes-namespace` annotation, is the namespace).
 */
export function buildCatalogSnapshot(
  entities: readonly Entity[],
): CatalogSnapshot {
  const services: CatalogMeshService[] = [];
  const namespaces: CatalogNamespace[] = [];
  for (const entity of entities) {
    const kind = entity.kind.toLowerCase();
    if (kind === 'component') {
      const selection = workloadSelectionForEntity(entity);
      if (!selection) continue;
      const owner = ownerRef(entity);
      services.push({
        entityRef: stringifyEntityRef(entity),
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(owner ? { owner } : {}),
        selection,
      });
    } else if (
      kind === 'resource' &&
      entity.spec?.type === 'kubernetes-namespace'
    ) {
      const owner = ownerRef(entity);
      if (!owner) continue;
      const annotations = entity.metadata.annotations ?? {};
      const cluster = annotations[KUBERNETES_CLUSTER_ANNOTATION]?.trim();
      namespaces.push({
        namespace:
          annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() ||
          entity.metadata.name,
        ...(cluster ? { cluster } : {}),
        owner,
      });
    }
  }
  const byClusterNamespace = new Map<string, string>();
  const byNamespace = new Map<string, string>();
  for (const ns of namespaces) {
    if (ns.cluster)
      byClusterNamespace.set(`${ns.cluster}/${ns.namespace}`, ns.owner);
    else byNamespace.set(ns.namespace, ns.owner);
  }
  const byRef = new Map(services.map(service => [service.entityRef, service]));
  return {
    services,
    namespaces,
    namespaceOwner: (cluster, namespace) =>
      byClusterNamespace.get(`${cluster}/${namespace}`) ??
      byNamespace.get(namespace),
    service: entityRef => byRef.get(entityRef),
  };
}
