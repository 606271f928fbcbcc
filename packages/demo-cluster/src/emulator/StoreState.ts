import { KubeStatusError, notFound } from './KubeStatusError';
import {
  findResourceType,
  ResourceType,
  resourceTypeId,
  resourceTypes as defaultResourceTypes,
} from './resourceTypes';
import { StoredObject } from './StoredObject';
import { TypeBucket } from './TypeBucket';

export interface ObjectStoreOptions {
  resourceTypes?: readonly ResourceType[];
  /** Events kept per type for watches and consistent paging (default 10000). */
  eventHistory?: number;
  /** Per-type overrides of `eventHistory`, keyed by `pods`, `gateways.networking.istio.io`... */
  eventHistoryByType?: Record<string, number>;
  now?: () => Date;
}

/**
 * What the list, watch and write modules share: one global resourceVersion counter
 * (etcd's revision) and a bucket per type with its keys in etcd order.
 */
export class StoreState {
  readonly types: readonly ResourceType[];
  readonly now: () => Date;
  /** Namespaces are special: other objects need theirs to exist, and go with it. */
  readonly namespaceBucket: TypeBucket;
  private readonly buckets = new Map<ResourceType, TypeBucket>();
  private rv = 0;

  constructor(options: ObjectStoreOptions = {}) {
    this.types = options.resourceTypes ?? defaultResourceTypes;
    this.now = options.now ?? (() => new Date());
    for (const type of this.types) {
      const capacity =
        options.eventHistoryByType?.[resourceTypeId(type)] ??
        options.eventHistory ??
        10000;
      this.buckets.set(type, new TypeBucket(type, Math.max(1, capacity)));
    }
    const nsType = this.types.find(
      t => t.group === '' && t.plural === 'namespaces',
    );
    if (!nsType)
      throw new Error('the resource types must include core/v1 namespaces');
    this.namespaceBucket = this.buckets.get(nsType)!;
  }

  /** The current global resourceVersion (etcd revision). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Takes the resourceVersion of the next write. */
  nextRv(): number {
    this.rv += 1;
    return this.rv;
  }

  bucket(type: ResourceType): TypeBucket {
    const bucket = this.buckets.get(type);
    if (!bucket)
      throw new Error(`unknown resource type ${resourceTypeId(type)}`);
    return bucket;
  }

  allBuckets(): IterableIterator<TypeBucket> {
    return this.buckets.values();
  }

  keyOf(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): string {
    return type.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  namespaceExists(name: string): boolean {
    return this.namespaceBucket.objects.has(name);
  }

  find(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.bucket(type).objects.get(this.keyOf(type, namespace, name));
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const stored = this.find(type, namespace, name);
    if (!stored)
      throw notFound({ group: type.group, resource: type.plural }, name);
    return stored;
  }

  /** The type of `apiVersion` + `kind`; throws a 404 Status when unknown. */
  typeOf(apiVersion: string, kind: string): ResourceType {
    const type = findResourceType(apiVersion, kind, this.types);
    if (!type) {
      throw new KubeStatusError(
        404,
        'NotFound',
        `no matches for kind "${kind}" in version "${apiVersion}"`,
        {},
      );
    }
    return type;
  }
}
