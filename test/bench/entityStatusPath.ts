import type { Entity } from '@backstage/catalog-model';

/** The mesh backend's status route for an entity. */
export function entityStatusPath(entity: Entity): string {
  return `/api/mesh/entities/${entity.metadata.namespace ?? 'default'}/${
    entity.kind
  }/${entity.metadata.name}/status`.toLowerCase();
}
