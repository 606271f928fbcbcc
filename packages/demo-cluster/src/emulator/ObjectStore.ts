import { createObject, CreateOptions } from './createObject';
import { DeleteOptions, DeleteResult, deleteObject } from './deleteObject';
import { ListRequest, ListResult, listObjects } from './listObjects';
import { loadObjects } from './loadObjects';
import { ResourceType } from './resourceTypes';
import { StoredObject } from './StoredObject';
import { ObjectStoreOptions, StoreState } from './StoreState';
import { WatchListener } from './TypeBucket';
import { KubeObject, PatchType } from './types';
import { patchObject, updateObject, WriteOptions } from './updateObject';
import { startWatch, WatchRequest, WatchStart } from './watchObjects';

/**
 * The cluster's object storage: one global resourceVersion counter (etcd's revision),
 * per-type buckets with keys in etcd order, a bounded per-type event history (the
 * watch cache), and watchers. All methods are synchronous, so a list or watch start is
 * atomic with respect to writes.
 */
export class ObjectStore {
  private readonly state: StoreState;

  constructor(options: ObjectStoreOptions = {}) {
    this.state = new StoreState(options);
  }

  get types(): readonly ResourceType[] {
    return this.state.types;
  }

  /** The current global resourceVersion (etcd revision). */
  get resourceVersion(): number {
    return this.state.resourceVersion;
  }

  /** The type of `apiVersion` + `kind`; throws a 404 Status when unknown. */
  typeOf(apiVersion: string, kind: string): ResourceType {
    return this.state.typeOf(apiVersion, kind);
  }

  namespaceExists(name: string): boolean {
    return this.state.namespaceExists(name);
  }

  /** The object, or a 404 Status. */
  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    return this.state.get(type, namespace, name);
  }

  find(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.state.find(type, namespace, name);
  }

  list(type: ResourceType, request: ListRequest): ListResult {
    return listObjects(this.state, type, request);
  }

  watch(
    type: ResourceType,
    request: WatchRequest,
    listener: WatchListener,
  ): WatchStart {
    return startWatch(this.state, type, request, listener);
  }

  /** A reinstalled CRD: watches can no longer resume from before now. */
  resetHistory(type: ResourceType): void {
    this.state.bucket(type).history.reset(this.state.resourceVersion);
  }

  create(
    type: ResourceType,
    input: KubeObject | Record<string, unknown>,
    namespace?: string,
    options?: CreateOptions,
  ): StoredObject {
    return createObject(this.state, type, input, namespace, options);
  }

  load(objects: KubeObject[], options?: { initial?: boolean }): void {
    loadObjects(this.state, objects, options);
  }

  update(
    type: ResourceType,
    input: KubeObject | Record<string, unknown>,
    namespace: string | undefined,
    name: string,
    options?: WriteOptions,
  ): StoredObject {
    return updateObject(this.state, type, input, namespace, name, options);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    patchType: PatchType | string,
    options?: WriteOptions,
  ): StoredObject {
    return patchObject(
      this.state,
      type,
      namespace,
      name,
      patch,
      patchType,
      options,
    );
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult {
    return deleteObject(this.state, type, namespace, name, options);
  }
}
