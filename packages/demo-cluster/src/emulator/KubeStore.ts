import { parseSelectors } from './objectFilter';
import { ObjectStore } from './ObjectStore';
import { StoredObject } from './StoredObject';
import { structuredCloneJson } from './mergePatch';
import { objectAt } from './render';
import { parseApiVersion, ResourceType } from './resourceTypes';
import { KubeObject, PatchType } from './types';

/** Names one object: its type (apiVersion + kind) and namespace/name. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface StoreListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * The in-process API to the emulated cluster, with the same semantics as the HTTP
 * writes (status dropped on create/update where the type has a status subresource,
 * 409 on stale resourceVersion, 404 on a missing namespace, watch events for every
 * change). Errors are `KubeStatusError`s carrying the HTTP code and reason. Objects
 * returned are copies, at the apiVersion asked for; list items always carry
 * apiVersion and kind. Uninstalled or forbidden types are still reachable here.
 */
export class KubeStore {
  constructor(private readonly store: ObjectStore) {}

  /** The current global resourceVersion. */
  get resourceVersion(): number {
    return this.store.resourceVersion;
  }

  typeOf(apiVersion: string, kind: string): ResourceType {
    return this.store.typeOf(apiVersion, kind);
  }

  private out(
    type: ResourceType,
    stored: StoredObject,
    apiVersion: string,
  ): KubeObject {
    return structuredCloneJson(
      objectAt(type, stored, parseApiVersion(apiVersion).version),
    );
  }

  create(obj: KubeObject, options: { dryRun?: boolean } = {}): KubeObject {
    const type = this.typeOf(obj.apiVersion, obj.kind);
    const stored = this.store.create(
      type,
      obj,
      type.namespaced ? obj.metadata.namespace ?? 'default' : undefined,
      options,
    );
    return this.out(type, stored, obj.apiVersion);
  }

  /** PUT semantics: status is kept as stored where the type has a status subresource. */
  update(obj: KubeObject, options: { dryRun?: boolean } = {}): KubeObject {
    const type = this.typeOf(obj.apiVersion, obj.kind);
    const stored = this.store.update(
      type,
      obj,
      obj.metadata.namespace ?? (type.namespaced ? 'default' : undefined),
      obj.metadata.name ?? '',
      options,
    );
    return this.out(type, stored, obj.apiVersion);
  }

  /** PUT on `/status`: only `status` is taken from `obj`. */
  updateStatus(obj: KubeObject): KubeObject {
    const type = this.typeOf(obj.apiVersion, obj.kind);
    const stored = this.store.update(
      type,
      obj,
      obj.metadata.namespace ?? (type.namespaced ? 'default' : undefined),
      obj.metadata.name ?? '',
      {
        subresource: type.statusSubresource ? 'status' : undefined,
      },
    );
    return this.out(type, stored, obj.apiVersion);
  }

  patch(
    ref: ObjectRef,
    patch: unknown,
    patchType: PatchType = 'application/merge-patch+json',
    options: { subresource?: 'status'; dryRun?: boolean } = {},
  ): KubeObject {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const stored = this.store.patch(
      type,
      ref.namespace,
      ref.name,
      patch,
      patchType,
      options,
    );
    return this.out(type, stored, ref.apiVersion);
  }

  /**
   * Creates the object, or replaces it if it exists, status included (what a
   * controller's spec and status writes would produce together). For scenarios.
   */
  put(obj: KubeObject): KubeObject {
    const type = this.typeOf(obj.apiVersion, obj.kind);
    const namespace = type.namespaced
      ? obj.metadata.namespace ?? 'default'
      : undefined;
    const name = obj.metadata.name ?? '';
    const { resourceVersion, ...meta } = obj.metadata;
    const input = { ...obj, metadata: meta };
    let stored: StoredObject;
    if (this.store.find(type, namespace, name)) {
      stored = this.store.update(type, input, namespace, name);
      if (type.statusSubresource)
        stored = this.store.update(type, input, namespace, name, {
          subresource: 'status',
        });
    } else {
      stored = this.store.create(type, input, namespace, { keepStatus: true });
    }
    return this.out(type, stored, obj.apiVersion);
  }

  /** Deletes; returns the object as deleted, or with deletionTimestamp while finalizers hold it. */
  delete(ref: ObjectRef): KubeObject {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    return this.out(
      type,
      this.store.delete(type, ref.namespace, ref.name).stored,
      ref.apiVersion,
    );
  }

  /** The object, or undefined when it does not exist. */
  get(ref: ObjectRef): KubeObject | undefined {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const stored = this.store.find(type, ref.namespace, ref.name);
    return stored ? this.out(type, stored, ref.apiVersion) : undefined;
  }

  list(
    apiVersion: string,
    kind: string,
    options: StoreListOptions = {},
  ): KubeObject[] {
    const type = this.typeOf(apiVersion, kind);
    const selectors = parseSelectors(
      options.labelSelector,
      options.fieldSelector,
    );
    const result = this.store.list(type, {
      namespace: type.namespaced ? options.namespace : undefined,
      ...selectors,
    });
    return result.items.map(s => this.out(type, s, apiVersion));
  }

  /** Adds many objects (status kept), each with its own resourceVersion and ADDED event. */
  load(objects: KubeObject[]): void {
    this.store.load(objects);
  }
}
