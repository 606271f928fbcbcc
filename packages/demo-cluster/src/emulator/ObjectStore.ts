import { randomUUID, randomBytes } from 'node:crypto';
import {
  ContinueToken,
  decodeContinueToken,
  encodeContinueToken,
} from './continueToken';
import { FieldSelector, parseFieldSelector } from './fieldSelector';
import { applyJsonPatch, JsonPatchError } from './jsonPatch';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  GroupResource,
  internalError,
  invalid,
  KubeStatusError,
  notFound,
  tooLargeResourceVersion,
  unprocessable,
  unsupportedMediaType,
} from './KubeStatusError';
import {
  LabelSelector,
  parseLabelSelector,
  SelectorParseError,
} from './labelSelector';
import {
  applyMergePatch,
  isPlainObject,
  jsonEqual,
  structuredCloneJson,
} from './mergePatch';
import {
  findResourceType,
  groupVersionOf,
  ResourceType,
  resourceTypeId,
  resourceTypes as defaultResourceTypes,
} from './resourceTypes';
import { prefixEnd, SortedKeys } from './SortedKeys';
import { applyStrategicMergePatch } from './strategicMergePatch';
import { KubeObject, PatchType } from './types';

/** One stored object version. Never mutated once stored; JSON renderings are cached. */
export interface StoredObject {
  readonly key: string;
  readonly obj: KubeObject;
  readonly rv: number;
  json?: string;
  itemJson?: string;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface HistoryEvent {
  rv: number;
  type: StoreEventType;
  key: string;
  stored: StoredObject;
  prev: StoredObject | null;
}

/** What a list or watch is restricted to. */
export interface ObjectFilter {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

export interface ListRequest extends ObjectFilter {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: StoredObject[];
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchRequest extends ObjectFilter {
  resourceVersion?: string;
  sendInitialEvents?: boolean;
}

export type WatchListener = (
  type: StoreEventType,
  stored: StoredObject,
) => void;

export interface WatchStart {
  /** Synthetic ADDED events for the current state (resourceVersion unset/0 or sendInitialEvents). */
  initial: StoredObject[];
  /** Events from the history after the requested resourceVersion. */
  replay: Array<{ type: StoreEventType; stored: StoredObject }>;
  /** The resourceVersion the watch is consistent at once `initial` and `replay` are sent. */
  startRv: number;
  stop(): void;
}

interface Watcher {
  filter: ObjectFilter;
  listener: WatchListener;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Write the `status` subresource: only `status` of the input is taken. */
  subresource?: 'status';
}

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object as deleted, or with `deletionTimestamp` set when finalizers keep it. */
  stored: StoredObject;
  /** False when finalizers keep the object until they are removed. */
  deleted: boolean;
}

/** Everything the store keeps for one resource type. */
export class TypeBucket {
  readonly objects = new Map<string, StoredObject>();
  readonly keys = new SortedKeys();
  readonly watchers = new Set<Watcher>();
  /** Every event with an rv above this is still in `history`. */
  historyStartRv = 0;
  private history: HistoryEvent[] = [];
  private historyHead = 0;

  constructor(readonly type: ResourceType, readonly historyCapacity: number) {}

  get gr(): GroupResource {
    return { group: this.type.group, resource: this.type.plural };
  }

  record(event: HistoryEvent): void {
    this.history.push(event);
    while (this.history.length - this.historyHead > this.historyCapacity) {
      this.historyStartRv = this.history[this.historyHead].rv;
      this.historyHead++;
    }
    // Compact now and then so the array does not grow without bound.
    if (this.historyHead > 1024 && this.historyHead * 2 > this.history.length) {
      this.history = this.history.slice(this.historyHead);
      this.historyHead = 0;
    }
  }

  /** Events with rv > `rv`, oldest first. Callers check `historyStartRv` first. */
  eventsAfter(rv: number): HistoryEvent[] {
    let lo = this.historyHead;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Drops the history (CRD reinstalled: old resourceVersions are no longer watchable). */
  resetHistory(rv: number): void {
    this.history = [];
    this.historyHead = 0;
    this.historyStartRv = rv;
  }
}

export interface ObjectStoreOptions {
  resourceTypes?: readonly ResourceType[];
  /** Events kept per type for watches and consistent paging (default 10000). */
  eventHistory?: number;
  /** Per-type overrides of `eventHistory`, keyed by `pods`, `gateways.networking.istio.io`... */
  eventHistoryByType?: Record<string, number>;
  now?: () => Date;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Server-side metadata fields, in the order the real server writes them. */
const METADATA_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function orderedMetadata(
  meta: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of METADATA_ORDER)
    if (meta[key] !== undefined) out[key] = meta[key];
  for (const [key, value] of Object.entries(meta)) {
    if (value !== undefined && !(key in out)) out[key] = value;
  }
  return out;
}

/** Reads a dotted path (`spec.nodeName`) as the field-selector string value. */
function readPath(obj: Record<string, unknown>, path: string): string {
  let node: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return '';
    node = node[part];
  }
  if (node === undefined || node === null) return '';
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

function withoutVolatile(obj: KubeObject): Record<string, unknown> {
  const { metadata, ...rest } = obj;
  const { resourceVersion, managedFields, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

function specPart(obj: Record<string, unknown>): Record<string, unknown> {
  const { metadata, status, apiVersion, kind, ...rest } = obj;
  return rest;
}

/**
 * The cluster's object storage: one global resourceVersion counter (etcd's revision),
 * per-type buckets with keys in etcd order, a bounded per-type event history (the
 * watch cache), and watchers. All methods are synchronous, so a list or watch start is
 * atomic with respect to writes.
 */
export class ObjectStore {
  readonly types: readonly ResourceType[];
  private readonly buckets = new Map<ResourceType, TypeBucket>();
  private readonly namespaceBucket: TypeBucket;
  private rv = 0;
  private readonly now: () => Date;

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

  bucket(type: ResourceType): TypeBucket {
    const bucket = this.buckets.get(type);
    if (!bucket)
      throw new Error(`unknown resource type ${resourceTypeId(type)}`);
    return bucket;
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

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const stored = this.bucket(type).objects.get(
      this.keyOf(type, namespace, name),
    );
    if (!stored)
      throw notFound({ group: type.group, resource: type.plural }, name);
    return stored;
  }

  // ---------------------------------------------------------------- reads

  /** Checks the field selector against what the real server supports for the type. */
  validateFieldSelector(type: ResourceType, selector: FieldSelector): void {
    for (const req of selector.requirements) {
      if (
        req.field !== 'metadata.name' &&
        req.field !== 'metadata.namespace' &&
        !(type.selectableFields && req.field in type.selectableFields)
      ) {
        throw badRequest(`field label not supported: ${req.field}`);
      }
    }
  }

  matches(
    type: ResourceType,
    stored: StoredObject,
    filter: ObjectFilter,
  ): boolean {
    const meta = stored.obj.metadata;
    if (filter.namespace !== undefined && meta.namespace !== filter.namespace)
      return false;
    if (filter.labelSelector && !filter.labelSelector.empty) {
      if (!filter.labelSelector.matches(meta.labels)) return false;
    }
    if (filter.fieldSelector && !filter.fieldSelector.empty) {
      return filter.fieldSelector.matches(field => {
        if (field === 'metadata.name') return meta.name ?? '';
        if (field === 'metadata.namespace') return meta.namespace ?? '';
        const path = type.selectableFields?.[field];
        return path ? readPath(stored.obj, path) : '';
      });
    }
    return true;
  }

  private parseRv(text: string, what = 'resourceVersion'): number {
    if (!/^\d+$/.test(text)) throw badRequest(`invalid ${what}: "${text}"`);
    return Number(text);
  }

  /**
   * List semantics of the real server:
   * - no resourceVersion: the latest state ("most recent"), paged with `limit`;
   * - `resourceVersion=0`: any state, served like the watch cache: `limit` ignored;
   * - `resourceVersion=N` with `resourceVersionMatch=NotOlderThan` (or no match and no
   *   limit): the latest state, 504 if N is in the future;
   * - `resourceVersion=N` with `resourceVersionMatch=Exact` (or no match with a limit):
   *   the state at N, rebuilt from the event history; 410 when N is older than it;
   * - `continue`: the next page of the same snapshot (the first page's rv). When the
   *   history no longer reaches back that far: 410 Expired, with a token that continues
   *   inconsistently from the current state, like the real server after compaction.
   */
  list(type: ResourceType, request: ListRequest): ListResult {
    const bucket = this.bucket(type);
    const filter = request.fieldSelector;
    if (filter) this.validateFieldSelector(type, filter);
    let readRv = this.rv;
    let limit = request.limit && request.limit > 0 ? request.limit : undefined;
    let startKey: string | undefined;
    const rvText = request.resourceVersion;
    const match = request.resourceVersionMatch;
    if (
      match !== undefined &&
      match !== '' &&
      match !== 'Exact' &&
      match !== 'NotOlderThan'
    ) {
      throw badRequest(
        `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
      );
    }
    if (request.continue) {
      if (rvText !== undefined && rvText !== '' && rvText !== '0') {
        throw badRequest(
          'specifying resource version is not allowed when using continue',
        );
      }
      if (match)
        throw badRequest(
          'resourceVersionMatch is forbidden when continue is provided',
        );
      const token: ContinueToken = decodeContinueToken(request.continue);
      startKey = token.start;
      readRv = token.rv;
      if (readRv < bucket.historyStartRv && readRv < this.rv) {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          encodeContinueToken({ rv: this.rv, start: token.start }),
        );
      }
    } else if (rvText === undefined || rvText === '') {
      if (match)
        throw badRequest(
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        );
    } else if (rvText === '0') {
      if (match === 'Exact')
        throw badRequest(
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        );
      limit = undefined;
    } else {
      const requested = this.parseRv(rvText);
      if (requested > this.rv)
        throw tooLargeResourceVersion(requested, this.rv);
      const exact = match === 'Exact' || (!match && limit !== undefined);
      if (exact) {
        if (requested < bucket.historyStartRv && requested < this.rv) {
          throw expired(
            'The resourceVersion for the provided list is too old.',
          );
        }
        readRv = requested;
      }
    }
    return this.readPage(bucket, request, readRv, startKey, limit);
  }

  /** The state of the keys changed after `rv`, as it was at `rv` (null: did not exist). */
  private snapshotOverrides(
    bucket: TypeBucket,
    rv: number,
  ): Map<string, StoredObject | null> {
    const overrides = new Map<string, StoredObject | null>();
    if (rv >= this.rv) return overrides;
    for (const event of bucket.eventsAfter(rv)) {
      if (!overrides.has(event.key)) overrides.set(event.key, event.prev);
    }
    return overrides;
  }

  private readPage(
    bucket: TypeBucket,
    request: ListRequest,
    readRv: number,
    startKey: string | undefined,
    limit: number | undefined,
  ): ListResult {
    const type = bucket.type;
    const prefix =
      type.namespaced && request.namespace !== undefined
        ? `${request.namespace}/`
        : '';
    const rangeEnd = prefixEnd(prefix);
    const from =
      startKey !== undefined && startKey > prefix ? startKey : prefix;
    const overrides = this.snapshotOverrides(bucket, readRv);
    // Keys that existed at readRv but are gone now, merged into the walk in order.
    const extra = [...overrides.entries()]
      .filter(
        ([key, prev]) =>
          prev !== null &&
          !bucket.objects.has(key) &&
          key >= from &&
          key < rangeEnd,
      )
      .map(([key]) => key)
      .sort();
    const keys = bucket.keys;
    let i = keys.lowerBound(from);
    let j = 0;
    const nextKey = (): string | undefined => {
      const a = i < keys.size ? keys.at(i) : undefined;
      const inRange = a !== undefined && a < rangeEnd ? a : undefined;
      const b = j < extra.length ? extra[j] : undefined;
      if (inRange === undefined && b === undefined) return undefined;
      if (b === undefined || (inRange !== undefined && inRange < b)) {
        i++;
        return inRange;
      }
      j++;
      return b;
    };
    const stateAt = (key: string): StoredObject | undefined => {
      if (overrides.has(key)) return overrides.get(key) ?? undefined;
      return bucket.objects.get(key);
    };
    const items: StoredObject[] = [];
    const filter: ObjectFilter = {
      labelSelector: request.labelSelector,
      fieldSelector: request.fieldSelector,
    };
    const selective =
      (filter.labelSelector && !filter.labelSelector.empty) ||
      (filter.fieldSelector && !filter.fieldSelector.empty);
    let lastKey: string | undefined;
    let more = false;
    for (let key = nextKey(); key !== undefined; key = nextKey()) {
      const stored = stateAt(key);
      if (!stored) continue;
      if (limit !== undefined && items.length >= limit) {
        more = true;
        break;
      }
      lastKey = key;
      if (!selective || this.matches(type, stored, filter)) items.push(stored);
    }
    const result: ListResult = { items, resourceVersion: readRv };
    if (more && lastKey !== undefined) {
      result.continue = encodeContinueToken({
        rv: readRv,
        start: `${lastKey}\u0000`,
      });
      if (!selective) {
        result.remainingItemCount = this.countAfter(
          bucket,
          overrides,
          lastKey,
          rangeEnd,
        );
      }
    }
    return result;
  }

  private countAfter(
    bucket: TypeBucket,
    overrides: Map<string, StoredObject | null>,
    lastKey: string,
    rangeEnd: string,
  ): number {
    const after = `${lastKey}\u0000`;
    let count =
      bucket.keys.lowerBound(rangeEnd) - bucket.keys.lowerBound(after);
    for (const [key, prev] of overrides) {
      if (key < after || key >= rangeEnd) continue;
      const present = bucket.objects.has(key);
      if (present && prev === null) count--;
      if (!present && prev !== null) count++;
    }
    return count;
  }

  // ---------------------------------------------------------------- watch

  /**
   * Starts a watch. Semantics as the real watch cache: resourceVersion unset or "0"
   * (or `sendInitialEvents`) → synthetic ADDED for the current state, then live events;
   * resourceVersion N → every event after N, then live; 410 when N is older than the
   * history kept for the type. Objects that stop matching the selectors are sent as
   * DELETED, objects that start matching as ADDED.
   */
  watch(
    type: ResourceType,
    request: WatchRequest,
    listener: WatchListener,
  ): WatchStart {
    const bucket = this.bucket(type);
    if (request.fieldSelector)
      this.validateFieldSelector(type, request.fieldSelector);
    const filter: ObjectFilter = {
      namespace: type.namespaced ? request.namespace : undefined,
      labelSelector: request.labelSelector,
      fieldSelector: request.fieldSelector,
    };
    const rvText = request.resourceVersion ?? '';
    let initial: StoredObject[] = [];
    const replay: WatchStart['replay'] = [];
    const fromState = rvText === '' || rvText === '0';
    if (
      request.sendInitialEvents === true ||
      (fromState && request.sendInitialEvents !== false)
    ) {
      if (!fromState) {
        const requested = this.parseRv(rvText);
        if (requested > this.rv)
          throw tooLargeResourceVersion(requested, this.rv);
      }
      initial = this.readPage(
        bucket,
        filter,
        this.rv,
        undefined,
        undefined,
      ).items.filter(
        s =>
          filter.namespace === undefined ||
          s.obj.metadata.namespace === filter.namespace,
      );
    } else if (!fromState) {
      const requested = this.parseRv(rvText);
      if (requested < bucket.historyStartRv) {
        throw expired(
          `too old resource version: ${requested} (${bucket.historyStartRv})`,
        );
      }
      for (const event of bucket.eventsAfter(requested)) {
        const translated = this.translate(
          type,
          filter,
          event.type,
          event.stored,
          event.prev,
        );
        if (translated) replay.push(translated);
      }
    }
    // A watch from a future resourceVersion only sees events after it.
    const floor = fromState ? 0 : this.parseRv(rvText);
    const watcher: Watcher = {
      filter,
      listener:
        floor > this.rv ? (t, s) => s.rv > floor && listener(t, s) : listener,
    };
    bucket.watchers.add(watcher);
    return {
      initial,
      replay,
      startRv: this.rv,
      stop: () => {
        bucket.watchers.delete(watcher);
      },
    };
  }

  /** Number of open watches per type id (for assertions and the controls). */
  watcherCount(type: ResourceType): number {
    return this.bucket(type).watchers.size;
  }

  /** What a watcher with `filter` sees of an event (the real cacher's rules). */
  private translate(
    type: ResourceType,
    filter: ObjectFilter,
    eventType: StoreEventType,
    stored: StoredObject,
    prev: StoredObject | null,
  ): { type: StoreEventType; stored: StoredObject } | undefined {
    const cur = eventType !== 'DELETED' && this.matches(type, stored, filter);
    const old =
      eventType === 'DELETED'
        ? this.matches(type, stored, filter)
        : prev !== null && this.matches(type, prev, filter);
    if (eventType === 'DELETED')
      return old ? { type: 'DELETED', stored } : undefined;
    if (cur && old) return { type: 'MODIFIED', stored };
    if (cur) return { type: 'ADDED', stored };
    if (old && prev) {
      // The previous content, stamped with the event's resourceVersion.
      return { type: 'DELETED', stored: this.restamp(prev, stored.rv) };
    }
    return undefined;
  }

  private restamp(stored: StoredObject, rv: number): StoredObject {
    const obj = {
      ...stored.obj,
      metadata: orderedMetadata({
        ...stored.obj.metadata,
        resourceVersion: String(rv),
      }),
    } as KubeObject;
    return { key: stored.key, obj, rv };
  }

  private emit(bucket: TypeBucket, event: HistoryEvent): void {
    bucket.record(event);
    for (const watcher of bucket.watchers) {
      const translated = this.translate(
        bucket.type,
        watcher.filter,
        event.type,
        event.stored,
        event.prev,
      );
      if (translated) watcher.listener(translated.type, translated.stored);
    }
  }

  // ---------------------------------------------------------------- writes

  private nextRv(): number {
    this.rv += 1;
    return this.rv;
  }

  private normalize(
    type: ResourceType,
    obj: Record<string, unknown>,
    metadata: Record<string, unknown>,
  ): KubeObject {
    const { apiVersion, kind, metadata: _ignored, ...rest } = obj;
    if (
      type === this.namespaceBucket.type &&
      typeof metadata.name === 'string'
    ) {
      // The real server stamps every Namespace with this label (NetworkPolicies select on it).
      metadata.labels = {
        ...(isPlainObject(metadata.labels) ? metadata.labels : {}),
        'kubernetes.io/metadata.name': metadata.name,
      };
    }
    return {
      apiVersion: groupVersionOf(type.group, type.versions[0]),
      kind: type.kind,
      metadata: orderedMetadata(metadata),
      ...rest,
    } as KubeObject;
  }

  private checkKind(type: ResourceType, obj: Record<string, unknown>): void {
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw badRequest(
        `the kind in the data (${String(
          obj.kind,
        )}) does not match the expected kind (${type.kind})`,
      );
    }
    if (obj.apiVersion !== undefined) {
      const ok = type.versions.some(
        v => groupVersionOf(type.group, v) === obj.apiVersion,
      );
      if (!ok) {
        throw badRequest(
          `the API version in the data (${String(
            obj.apiVersion,
          )}) does not match the expected API version (${groupVersionOf(
            type.group,
            type.versions[0],
          )})`,
        );
      }
    }
  }

  private validateName(type: ResourceType, name: string): void {
    const pattern = type.plural === 'namespaces' ? DNS_LABEL : DNS_SUBDOMAIN;
    const max = type.plural === 'namespaces' ? 63 : 253;
    if (name.length > max || !pattern.test(name)) {
      throw invalid(type.kind, type.group, name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${name}": a lowercase RFC 1123 ${
            type.plural === 'namespaces' ? 'label' : 'subdomain'
          } must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        },
      ]);
    }
  }

  /**
   * Creates an object (POST). `namespace` is the namespace of the request path, if any.
   * Like the real server: status is dropped where the type has a status subresource,
   * the namespace must exist, the name must be free, `resourceVersion` must be empty.
   */
  create(
    type: ResourceType,
    input: KubeObject | Record<string, unknown>,
    namespace?: string,
    options: WriteOptions & { keepStatus?: boolean } = {},
  ): StoredObject {
    const bucket = this.bucket(type);
    if (!isPlainObject(input))
      throw badRequest('the request body must be a JSON object');
    this.checkKind(type, input);
    const meta = isPlainObject(input.metadata)
      ? structuredCloneJson(input.metadata)
      : {};
    if (type.namespaced) {
      const bodyNs =
        typeof meta.namespace === 'string' && meta.namespace !== ''
          ? meta.namespace
          : undefined;
      if (
        namespace !== undefined &&
        bodyNs !== undefined &&
        bodyNs !== namespace
      ) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace ?? bodyNs;
      if (meta.namespace === undefined) {
        throw badRequest(
          'the namespace of the provided object is empty and no namespace was given on the request',
        );
      }
    } else {
      delete meta.namespace;
    }
    if (
      typeof meta.resourceVersion === 'string' &&
      meta.resourceVersion !== ''
    ) {
      throw internalError(
        'resourceVersion should not be set on objects to be created',
      );
    }
    if (typeof meta.name !== 'string' || meta.name === '') {
      if (typeof meta.generateName === 'string' && meta.generateName !== '') {
        let suffix = '';
        const bytes = randomBytes(5);
        for (const b of bytes) suffix += NAME_CHARS[b % NAME_CHARS.length];
        meta.name = `${meta.generateName}${suffix}`;
      } else {
        throw invalid(type.kind, type.group, '', [
          {
            field: 'metadata.name',
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
          },
        ]);
      }
    }
    const name = meta.name as string;
    this.validateName(type, name);
    if (type.namespaced && !this.namespaceExists(meta.namespace as string)) {
      throw notFound(
        { group: '', resource: 'namespaces' },
        meta.namespace as string,
      );
    }
    const key = this.keyOf(type, meta.namespace as string | undefined, name);
    if (bucket.objects.has(key)) throw alreadyExists(bucket.gr, name);

    const body: Record<string, unknown> = { ...input };
    if (type.statusSubresource && !options.keepStatus) delete body.status;
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp(this.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    delete meta.generation;
    if ('spec' in body) meta.generation = 1;
    if (options.dryRun) {
      return { key, obj: this.normalize(type, body, meta), rv: this.rv };
    }
    const rv = this.nextRv();
    meta.resourceVersion = String(rv);
    const stored: StoredObject = {
      key,
      obj: this.normalize(type, structuredCloneJson(body), meta),
      rv,
    };
    bucket.objects.set(key, stored);
    bucket.keys.insert(key);
    this.emit(bucket, { rv, type: 'ADDED', key, stored, prev: null });
    return stored;
  }

  /**
   * Loads objects as they are (status included), one resourceVersion each. Objects of
   * unknown types are rejected. With `initial`, no events are recorded and every type's
   * history starts after the load (like a watch cache primed from a list): fast for
   * tens of thousands of objects.
   */
  load(objects: KubeObject[], options: { initial?: boolean } = {}): void {
    const byType = new Map<ResourceType, KubeObject[]>();
    for (const obj of objects) {
      const type = this.typeOf(obj.apiVersion, obj.kind);
      const list = byType.get(type) ?? [];
      list.push(obj);
      byType.set(type, list);
    }
    // Namespaces first, so the namespace check passes for everything else.
    const nsType = this.namespaceBucket.type;
    const ordered = [...byType.entries()].sort(
      ([a], [b]) => Number(b === nsType) - Number(a === nsType),
    );
    for (const [type, list] of ordered) {
      if (!options.initial) {
        for (const obj of list) {
          const ns = type.namespaced
            ? obj.metadata.namespace ?? 'default'
            : undefined;
          this.create(type, stripRv(obj), ns, { keepStatus: true });
        }
        continue;
      }
      const bucket = this.bucket(type);
      const newKeys: string[] = [];
      for (const obj of list) {
        const stored = this.prepareLoaded(type, obj);
        if (bucket.objects.has(stored.key))
          throw alreadyExists(bucket.gr, obj.metadata.name ?? '');
        bucket.objects.set(stored.key, stored);
        newKeys.push(stored.key);
      }
      bucket.keys.insertMany(newKeys);
    }
    if (options.initial) {
      for (const bucket of this.buckets.values()) bucket.resetHistory(this.rv);
    }
  }

  private prepareLoaded(type: ResourceType, obj: KubeObject): StoredObject {
    const meta = { ...obj.metadata } as Record<string, unknown>;
    const name = meta.name as string | undefined;
    if (!name) throw badRequest(`${type.kind} without metadata.name`);
    if (type.namespaced) {
      if (!meta.namespace) meta.namespace = 'default';
      if (!this.namespaceExists(meta.namespace as string)) {
        throw notFound(
          { group: '', resource: 'namespaces' },
          meta.namespace as string,
        );
      }
    } else {
      delete meta.namespace;
    }
    meta.uid = meta.uid ?? randomUUID();
    meta.creationTimestamp = meta.creationTimestamp ?? timestamp(this.now());
    if ('spec' in obj && meta.generation === undefined) meta.generation = 1;
    const rv = this.nextRv();
    meta.resourceVersion = String(rv);
    const key = this.keyOf(type, meta.namespace as string | undefined, name);
    return {
      key,
      obj: this.normalize(type, structuredCloneJson(obj), meta),
      rv,
    };
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

  /**
   * Replaces an object (PUT), or its status with `subresource: 'status'`. A stale
   * `metadata.resourceVersion` is a 409 Conflict; none means an unconditional update.
   * Nothing changed → same object, same resourceVersion, no event.
   */
  update(
    type: ResourceType,
    input: KubeObject | Record<string, unknown>,
    namespace: string | undefined,
    name: string,
    options: WriteOptions = {},
  ): StoredObject {
    const bucket = this.bucket(type);
    if (!isPlainObject(input))
      throw badRequest('the request body must be a JSON object');
    this.checkKind(type, input);
    const current = this.get(type, namespace, name);
    const meta = isPlainObject(input.metadata) ? input.metadata : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(
          meta.name,
        )}) does not match the name on the URL (${name})`,
      );
    }
    if (
      type.namespaced &&
      meta.namespace !== undefined &&
      meta.namespace !== '' &&
      meta.namespace !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const rvText = meta.resourceVersion;
    if (
      rvText !== undefined &&
      rvText !== '' &&
      rvText !== String(current.rv)
    ) {
      throw conflict(bucket.gr, name);
    }
    return this.replace(bucket, current, input, options);
  }

  /** Applies a candidate new state to the current one, keeping server-owned fields. */
  private replace(
    bucket: TypeBucket,
    current: StoredObject,
    input: Record<string, unknown>,
    options: WriteOptions,
  ): StoredObject {
    const type = bucket.type;
    const old = current.obj;
    let body: Record<string, unknown>;
    let meta: Record<string, unknown>;
    if (options.subresource === 'status') {
      // Only status comes from the request; everything else stays as stored.
      body = { ...old };
      if (input.status === undefined) delete body.status;
      else body.status = structuredCloneJson(input.status);
      meta = { ...old.metadata };
    } else {
      body = structuredCloneJson(input);
      if (type.statusSubresource) {
        if (old.status === undefined) delete body.status;
        else body.status = old.status;
      }
      meta = isPlainObject(input.metadata)
        ? structuredCloneJson(input.metadata)
        : {};
      for (const owned of [
        'name',
        'namespace',
        'uid',
        'creationTimestamp',
        'deletionTimestamp',
        'deletionGracePeriodSeconds',
        'generation',
      ]) {
        if (old.metadata[owned] === undefined) delete meta[owned];
        else meta[owned] = old.metadata[owned];
      }
      delete meta.selfLink;
      if (
        meta.generation !== undefined &&
        !jsonEqual(specPart(body), specPart(old as Record<string, unknown>))
      ) {
        meta.generation = (old.metadata.generation ?? 0) + 1;
      }
    }
    meta.resourceVersion = old.metadata.resourceVersion;
    const candidate = this.normalize(type, body, meta);
    if (jsonEqual(withoutVolatile(candidate), withoutVolatile(old)))
      return current;
    if (options.dryRun)
      return { key: current.key, obj: candidate, rv: current.rv };
    const finalizers = candidate.metadata.finalizers;
    if (
      candidate.metadata.deletionTimestamp &&
      (!finalizers || finalizers.length === 0)
    ) {
      return this.remove(bucket, current, candidate);
    }
    const rv = this.nextRv();
    candidate.metadata.resourceVersion = String(rv);
    const stored: StoredObject = { key: current.key, obj: candidate, rv };
    bucket.objects.set(current.key, stored);
    this.emit(bucket, {
      rv,
      type: 'MODIFIED',
      key: current.key,
      stored,
      prev: current,
    });
    return stored;
  }

  /**
   * Patches an object (PATCH) with a merge patch, JSON patch or (for built-in kinds) the
   * strategic-merge approximation. Custom resources refuse strategic merge (415), as
   * the real server does. A `metadata.resourceVersion` in the patch is a precondition.
   */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    patchType: PatchType | string,
    options: WriteOptions = {},
  ): StoredObject {
    const bucket = this.bucket(type);
    const current = this.get(type, namespace, name);
    const accepted = type.crd
      ? [
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/apply-patch+yaml',
        ]
      : [
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/strategic-merge-patch+json',
          'application/apply-patch+yaml',
        ];
    let patched: unknown;
    try {
      switch (patchType) {
        case 'application/merge-patch+json':
          if (!isPlainObject(patch))
            throw badRequest('a merge patch must be a JSON object');
          patched = applyMergePatch(current.obj, patch);
          break;
        case 'application/json-patch+json':
          patched = applyJsonPatch(current.obj, patch);
          break;
        case 'application/strategic-merge-patch+json':
          if (type.crd) throw unsupportedMediaType(accepted);
          if (!isPlainObject(patch))
            throw badRequest('a strategic merge patch must be a JSON object');
          patched = applyStrategicMergePatch(current.obj, patch);
          break;
        default:
          throw unsupportedMediaType(accepted);
      }
    } catch (e) {
      if (e instanceof JsonPatchError) {
        throw e.malformed ? badRequest(e.message) : unprocessable(e.message);
      }
      throw e;
    }
    if (!isPlainObject(patched))
      throw unprocessable('the patch did not produce a JSON object');
    const patchedMeta = isPlainObject(patched.metadata) ? patched.metadata : {};
    if (
      patchedMeta.resourceVersion !== undefined &&
      patchedMeta.resourceVersion !== String(current.rv)
    ) {
      throw conflict(bucket.gr, name);
    }
    if (patchedMeta.name !== undefined && patchedMeta.name !== name) {
      throw badRequest(
        `the name of the object (${String(
          patchedMeta.name,
        )}) does not match the name on the URL (${name})`,
      );
    }
    this.checkKind(type, patched);
    return this.replace(bucket, current, patched, options);
  }

  /**
   * Deletes an object. With finalizers it only gets a `deletionTimestamp` (MODIFIED) and
   * goes when the last finalizer is removed. Deleting a namespace deletes its content.
   */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult {
    const bucket = this.bucket(type);
    const current = this.get(type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.obj.metadata.uid) {
      throw new KubeStatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resourceTypeId(
          type,
        )} "${name}": Precondition failed: UID in precondition: ${
          pre.uid
        }, UID in object meta: ${current.obj.metadata.uid}`,
        { name, group: type.group || undefined, kind: type.plural },
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== String(current.rv)) {
      throw new KubeStatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resourceTypeId(
          type,
        )} "${name}": Precondition failed: ResourceVersion in precondition: ${
          pre.resourceVersion
        }, ResourceVersion in object meta: ${current.rv}`,
        { name, group: type.group || undefined, kind: type.plural },
      );
    }
    const finalizers = current.obj.metadata.finalizers;
    const isNamespace = bucket === this.namespaceBucket;
    const terminating = (): KubeObject => {
      const meta = {
        ...current.obj.metadata,
        deletionTimestamp:
          current.obj.metadata.deletionTimestamp ?? timestamp(this.now()),
      } as Record<string, unknown>;
      if (meta.deletionGracePeriodSeconds === undefined)
        meta.deletionGracePeriodSeconds = 0;
      const obj = this.normalize(type, current.obj, meta);
      if (isNamespace)
        obj.status = {
          ...(isPlainObject(obj.status) ? obj.status : {}),
          phase: 'Terminating',
        };
      return obj;
    };
    if (options.dryRun)
      return {
        stored: { ...current, obj: terminating() },
        deleted: !(finalizers && finalizers.length),
      };
    if (finalizers && finalizers.length > 0) {
      if (current.obj.metadata.deletionTimestamp)
        return { stored: current, deleted: false };
      const rv = this.nextRv();
      const obj = terminating();
      obj.metadata.resourceVersion = String(rv);
      const stored: StoredObject = { key: current.key, obj, rv };
      bucket.objects.set(current.key, stored);
      this.emit(bucket, {
        rv,
        type: 'MODIFIED',
        key: current.key,
        stored,
        prev: current,
      });
      return { stored, deleted: false };
    }
    if (isNamespace) {
      // The namespace controller's work, done at once: content first, then the namespace.
      for (const other of this.buckets.values()) {
        if (!other.type.namespaced) continue;
        const prefix = `${name}/`;
        const from = other.keys.lowerBound(prefix);
        const end = other.keys.lowerBound(prefixEnd(prefix));
        const doomed: string[] = [];
        for (let k = from; k < end; k++) doomed.push(other.keys.at(k));
        for (const key of doomed) {
          const stored = other.objects.get(key);
          if (stored) this.remove(other, stored);
        }
      }
      const removed = this.remove(bucket, current, terminating());
      return { stored: removed, deleted: true };
    }
    return { stored: this.remove(bucket, current), deleted: true };
  }

  /** Removes `current`; the DELETED event carries `content` (default: as stored) at the new rv. */
  private remove(
    bucket: TypeBucket,
    current: StoredObject,
    content: KubeObject = current.obj,
  ): StoredObject {
    const rv = this.nextRv();
    const obj = {
      ...content,
      metadata: orderedMetadata({
        ...content.metadata,
        resourceVersion: String(rv),
      }),
    } as KubeObject;
    const stored: StoredObject = { key: current.key, obj, rv };
    bucket.objects.delete(current.key);
    bucket.keys.remove(current.key);
    this.emit(bucket, {
      rv,
      type: 'DELETED',
      key: current.key,
      stored,
      prev: current,
    });
    return stored;
  }
}

function stripRv(obj: KubeObject): KubeObject {
  const { resourceVersion, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** Parses `labelSelector` / `fieldSelector` query values into 400 Status errors on bad syntax. */
export function parseSelectors(
  label: string | null | undefined,
  field: string | null | undefined,
): {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
} {
  try {
    return {
      labelSelector: parseLabelSelector(label),
      fieldSelector: parseFieldSelector(field),
    };
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(e.message);
    throw e;
  }
}
