import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CachedObject,
  ClusterCacheSink,
  KindRef,
  KindSyncState,
  KindSyncStatus,
} from './ClusterCacheSink';
import { BackoffOptions, backoffDelay } from './backoffDelay';
import { errorMeta, messageOf } from './errorText';
import {
  KubeApiError,
  isForbidden,
  isNotAcceptable,
  isNotFound,
  isResourceExpired,
} from './KubeApiError';
import { KubeHttpClient, RawWatchEvent } from './KubeHttpClient';
import { RetryWake } from './RetryWake';
import { Semaphore } from './Semaphore';
import { ValuePool } from './ValuePool';
import { stripObject } from './stripObject';
import { CachedKind, apiVersionOf, collectionPathOf } from './watchedKinds';

/** Timing and sizing of list+watch; every field has a production default in `ClusterCache`. */
export interface ReflectorSettings {
  pageSize: number;
  /** Base watch duration asked of the server; randomised up to 2× like client-go. */
  watchTimeoutSeconds: number;
  stallTimeoutMs: number;
  /**
   * A listed kind whose list or watch fails becomes `stale` after this long;
   * 0 (the default) marks it at once, since its objects may be out of date
   * from the moment the watch broke.
   */
  staleAfterMs: number;
  backoff: BackoffOptions;
}

export interface ReflectorOptions {
  client: KubeHttpClient;
  kind: CachedKind;
  /** The served version discovery picked. */
  version: string;
  sink: ClusterCacheSink;
  logger: LoggerService;
  settings: ReflectorSettings;
  /** Shares repeated values between cached objects. */
  pool: ValuePool;
  /** Caps the list pages in flight at once (shared by the reflectors of a cache or more). */
  listPages: Semaphore;
  /** Ends retry waits early when the cluster's API server is found back. */
  wake: RetryWake;
  /** Every change of the kind's sync state. */
  onState(state: KindSyncState): void;
  /** Every failed list or watch (the cache probes the server on those that may mean it is gone). */
  onFailure?(error: unknown): void;
  /**
   * The API answered 404 to a list or watch; the reflector has ended. The
   * kind may have been uninstalled, or the answer may be a stray one (a
   * proxy, an API server restarting): only discovery can tell.
   */
  onNotFound(reason: string): void;
}

/** Counters for diagnostics and tests. */
export interface ReflectorStats {
  version: string;
  /** The last resourceVersion seen (list, event or bookmark). */
  resourceVersion?: string;
  /** Completed lists (the first one and every re-list). */
  lists: number;
  listPages: number;
  /** Watch requests made. */
  watches: number;
  events: number;
  bookmarks: number;
  lastError?: string;
}

interface ListPage {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: Array<Record<string, unknown>>;
}

const METADATA_LIST =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA_OBJECT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/** A refusal to serve metadata only does not go away by itself: ask again this rarely. */
const METADATA_REFUSED_RETRY_MS = 60_000;

/** Thrown when a server answers a metadata-only request with whole objects. */
class MetadataOnlyIgnoredError extends Error {}

/** A watch that lasted this long (or delivered an event) worked: reconnect at once when it ends. */
const HEALTHY_WATCH_MS = 1000;

/**
 * Keeps one kind of one cluster mirrored into the sink, informer style:
 * paged list, then watch from the list's resourceVersion with bookmarks,
 * re-watch on a clean end, re-list on 410 Gone, exponential backoff with
 * jitter on other errors, reconnect when the stream stalls. It never throws:
 * everything that goes wrong ends up in the kind's sync state.
 */
export class Reflector {
  private readonly controller = new AbortController();
  private readonly kindRef: KindRef;
  private readonly apiVersion: string;
  private readonly path: string;
  private running?: Promise<void>;
  private status: KindSyncStatus = 'pending';
  private synced = false;
  private failures = 0;
  private brokenSince?: number;
  private staleTimer?: NodeJS.Timeout;
  private readonly counters: ReflectorStats;
  /** Names the kind, its version and namespace in everything it logs. */
  private readonly logger: LoggerService;

  constructor(private readonly options: ReflectorOptions) {
    const { kind, version } = options;
    this.kindRef = { group: kind.group, kind: kind.kind };
    this.apiVersion = apiVersionOf(kind.group, version);
    this.path = collectionPathOf(kind, version);
    this.logger = options.logger.child({
      kind: kind.kind,
      apiVersion: this.apiVersion,
      ...(kind.namespace ? { namespace: kind.namespace } : {}),
    });
    this.counters = {
      version,
      lists: 0,
      listPages: 0,
      watches: 0,
      events: 0,
      bookmarks: 0,
    };
  }

  get version(): string {
    return this.options.version;
  }

  start(): void {
    if (this.running) return;
    this.running = this.run().catch(error =>
      // Unreachable by design; logged rather than left as an unhandled rejection.
      this.logger.error('List/watch loop ended unexpectedly', errorMeta(error)),
    );
  }

  /** Aborts the open request and timers; resolves once the loop has ended. */
  async stop(): Promise<void> {
    this.controller.abort();
    this.clearStaleTimer();
    await this.running;
  }

  stats(): ReflectorStats {
    return { ...this.counters };
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private async run(): Promise<void> {
    let expiredInARow = 0;
    while (!this.signal.aborted) {
      try {
        if (this.counters.resourceVersion === undefined) await this.list();
        if (this.signal.aborted) return;
        await this.watch();
        expiredInARow = 0;
      } catch (error) {
        if (this.signal.aborted) return;
        this.counters.lastError = messageOf(error);
        if (isResourceExpired(error)) {
          // The history moved past us: only a fresh list helps. Immediately
          // the first time; with backoff if the server keeps answering 410.
          this.counters.resourceVersion = undefined;
          expiredInARow += 1;
          if (expiredInARow > 1) {
            await this.options.wake.wait(
              backoffDelay(expiredInARow - 1, this.options.settings.backoff),
              this.signal,
            );
          }
          continue;
        }
        expiredInARow = 0;
        if (isNotFound(error)) {
          this.options.onNotFound(
            `the API answered 404 for ${this.describe()}: ${messageOf(error)}`,
          );
          return;
        }
        await this.recover(error);
      }
    }
  }

  private async recover(error: unknown): Promise<void> {
    this.failures += 1;
    this.options.onFailure?.(error);
    if (
      this.options.kind.metadataOnly === 'required' &&
      (isNotAcceptable(error) || error instanceof MetadataOnlyIgnoredError)
    ) {
      this.setStatus('error', this.metadataRefusedReason(error));
      await this.options.wake.wait(METADATA_REFUSED_RETRY_MS, this.signal);
      return;
    }
    if (isForbidden(error)) {
      // Start from a fresh list once access is granted.
      this.counters.resourceVersion = undefined;
      this.setStatus(
        'forbidden',
        `the API refused to ${this.verbOf()} ${this.describe()} (403): ${messageOf(
          error,
        )}. Grant the portal's service account list and watch on it (deploy/clusterrole.yaml); it is read again within seconds of the grant`,
      );
    } else if (this.synced) {
      this.markBroken();
    } else {
      this.setStatus(
        'error',
        `could not ${this.verbOf()} ${this.describe()}: ${messageOf(
          error,
        )}; retrying`,
      );
    }
    this.logger.debug('List/watch failed; retrying with backoff', {
      attempt: this.failures,
      error: messageOf(error),
    });
    const retryAfterMs =
      error instanceof KubeApiError && error.retryAfterSeconds
        ? error.retryAfterSeconds * 1000
        : 0;
    await this.options.wake.wait(
      Math.max(
        backoffDelay(this.failures, this.options.settings.backoff),
        retryAfterMs,
      ),
      this.signal,
    );
  }

  /**
   * Secrets are read as metadata only or not at all. When the server (or a
   * proxy before it) will not serve metadata only, say what that leaves
   * unknown and the two ways out.
   */
  private metadataRefusedReason(error: unknown): string {
    const answer = isNotAcceptable(error)
      ? `406 Not Acceptable: ${messageOf(error)}`
      : messageOf(error);
    return `the API server (or a proxy in front of it) will not serve ${this.describe()} as metadata only (${answer}), and Meshwise never reads Secret data: gateway credentials without a cert-manager Certificate stay unknown, nothing else is affected. Either set mesh.readSecretMetadata: false (credentials are then decided from Certificates only), or let the API server serve PartialObjectMetadata (check proxies that rewrite the Accept header); asked again every ${
      METADATA_REFUSED_RETRY_MS / 1000
    } s`;
  }

  /** What the loop was doing when it failed, for reasons: the list until the first one completes. */
  private verbOf(): string {
    return this.counters.resourceVersion === undefined ? 'list' : 'watch';
  }

  private async list(): Promise<void> {
    const { client, kind, settings } = this.options;
    const objects: CachedObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query = { limit: settings.pageSize, continue: continueToken };
      // Parsed and stripped inside the slot, so the raw page is garbage when it is released.
      const metadata = await this.options.listPages.run(async () => {
        const page = await client.getJson<ListPage>(this.path, {
          query,
          accept: this.accept(METADATA_LIST),
          signal: this.signal,
          stallTimeoutMs: settings.stallTimeoutMs,
        });
        if (
          kind.metadataOnly === 'required' &&
          page.kind !== 'PartialObjectMetadataList'
        ) {
          throw new MetadataOnlyIgnoredError(
            `the API server ignored the metadata-only request for ${this.describe()}; its objects are not cached`,
          );
        }
        for (const item of page.items ?? []) {
          objects.push(
            stripObject(item, kind, this.apiVersion, this.options.pool),
          );
        }
        return page.metadata;
      });
      this.counters.listPages += 1;
      continueToken = metadata?.continue || undefined;
      resourceVersion = metadata?.resourceVersion;
    } while (continueToken);
    if (this.signal.aborted) return;
    if (!resourceVersion) {
      throw new Error(
        `the list of ${this.describe()} carried no resourceVersion`,
      );
    }
    this.counters.resourceVersion = resourceVersion;
    this.counters.lists += 1;
    this.deliver(() => this.options.sink.replace(this.kindRef, objects));
    this.synced = true;
    this.failures = 0;
    this.markHealthy();
    this.setStatus('synced');
  }

  private async watch(): Promise<void> {
    const { client, settings } = this.options;
    const startedAt = Date.now();
    let delivered = false;
    this.counters.watches += 1;
    await client.watch(this.path, {
      query: {
        resourceVersion: this.counters.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.round(
          settings.watchTimeoutSeconds * (1 + Math.random()),
        ),
      },
      accept: this.accept(METADATA_OBJECT),
      signal: this.signal,
      stallTimeoutMs: settings.stallTimeoutMs,
      onOpen: () => this.markHealthy(),
      onEvent: event => {
        if (!delivered) {
          delivered = true;
          this.failures = 0;
        }
        this.handleEvent(event);
      },
    });
    // A clean end (timeoutSeconds): re-watch at once, unless the server
    // keeps closing watches right away, which must not become a hot loop.
    if (delivered || Date.now() - startedAt >= HEALTHY_WATCH_MS) {
      this.failures = 0;
    } else {
      this.failures += 1;
      await this.options.wake.wait(
        backoffDelay(this.failures, settings.backoff),
        this.signal,
      );
    }
  }

  private handleEvent(event: RawWatchEvent): void {
    if (this.signal.aborted) return;
    const object = event.object;
    const metadata = object?.metadata as
      | { resourceVersion?: unknown }
      | undefined;
    const { kind, sink } = this.options;
    if (
      kind.metadataOnly === 'required' &&
      event.type !== 'BOOKMARK' &&
      object?.kind !== 'PartialObjectMetadata'
    ) {
      throw new MetadataOnlyIgnoredError(
        `the API server ignored the metadata-only watch for ${this.describe()}`,
      );
    }
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.counters.events += 1;
        this.deliver(() =>
          sink.upsert(
            this.kindRef,
            stripObject(object, kind, this.apiVersion, this.options.pool),
          ),
        );
        break;
      case 'DELETED':
        this.counters.events += 1;
        this.deliver(() =>
          sink.remove(
            this.kindRef,
            stripObject(object, kind, this.apiVersion, this.options.pool),
          ),
        );
        break;
      case 'BOOKMARK':
        this.counters.bookmarks += 1;
        break;
      default:
        return;
    }
    if (
      typeof metadata?.resourceVersion === 'string' &&
      metadata.resourceVersion
    ) {
      this.counters.resourceVersion = metadata.resourceVersion;
    }
  }

  private accept(metadataType: string): string {
    switch (this.options.kind.metadataOnly) {
      case 'required':
        return metadataType;
      case 'preferred':
        return `${metadataType},application/json`;
      default:
        return 'application/json';
    }
  }

  /** A sink that throws must not take the watch down with it. */
  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error('The cache sink failed', errorMeta(error));
    }
  }

  private markBroken(): void {
    if (this.brokenSince !== undefined) {
      // Already stale: keep the reason current with the latest error.
      if (this.status === 'stale') this.setStatus('stale', this.staleReason());
      return;
    }
    this.brokenSince = Date.now();
    const { staleAfterMs } = this.options.settings;
    if (staleAfterMs <= 0) {
      this.setStatus('stale', this.staleReason());
      return;
    }
    this.staleTimer = setTimeout(() => {
      this.staleTimer = undefined;
      if (this.brokenSince === undefined || this.signal.aborted) return;
      this.setStatus('stale', this.staleReason());
    }, staleAfterMs);
    this.staleTimer.unref?.();
  }

  private staleReason(): string {
    const since = new Date(this.brokenSince ?? Date.now()).toISOString();
    return `could not ${this.verbOf()} ${this.describe()} since ${since}: ${
      this.counters.lastError ?? 'unknown error'
    }; showing the objects last seen then, retrying. If this lasts, check that the API server is up and reachable from the portal`;
  }

  private markHealthy(): void {
    this.brokenSince = undefined;
    this.clearStaleTimer();
    if (
      this.synced &&
      this.status !== 'synced' &&
      this.status !== 'forbidden'
    ) {
      this.setStatus('synced');
    }
  }

  private clearStaleTimer(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
  }

  private setStatus(status: KindSyncStatus, reason?: string): void {
    if (this.signal.aborted) return;
    this.status = status;
    this.options.onState({ status, reason, since: new Date().toISOString() });
  }

  private describe(): string {
    const { kind } = this.options;
    const scope = kind.namespace ? ` in namespace ${kind.namespace}` : '';
    return `${kind.plural} (${this.apiVersion})${scope}`;
  }
}
