import { setMaxListeners } from 'node:events';
import { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import {
  ClusterCacheSink,
  KindRef,
  KindSyncState,
  KindSyncStatus,
  kindKeyOf,
} from './ClusterCacheSink';
import { BackoffOptions, backoffDelay } from './backoffDelay';
import { delay } from './delay';
import { errorMeta, messageOf } from './errorText';
import {
  KindDiscovery,
  discoverServedVersions,
  servesTokenRequest,
} from './discoverServedVersions';
import { KubeHttpClient } from './KubeHttpClient';
import { Reflector, ReflectorSettings, ReflectorStats } from './Reflector';
import { Semaphore } from './Semaphore';
import { ValuePool } from './ValuePool';
import { CachedKind, watchedKinds } from './watchedKinds';

/** Where and how to reach the cluster (a subset of the backend's `MeshCluster`). */
export interface ClusterConnection {
  name: string;
  url: string;
  skipTLSVerify?: boolean;
  /** Base64-encoded PEM CA bundle. */
  caData?: string;
}

export interface ClusterCacheOptions {
  cluster: ClusterConnection;
  /** Asked before every request; absent means anonymous (e.g. behind `kubectl proxy`). */
  credential?: () => Promise<KubernetesCredential>;
  sink: ClusterCacheSink;
  logger: LoggerService;
  /** Told whenever discovery finds the TokenRequest API served or not (first time, and on change). */
  onTokenRequestSupport?: (supported: boolean) => void;
  /** Default `watchedKinds()`: root namespace `istio-system`, no Secrets. */
  kinds?: readonly CachedKind[];
  /** Objects per list page; default 500. */
  pageSize?: number;
  /** Base watch `timeoutSeconds`, randomised up to 2×; default 300 (5–10 min, as client-go). */
  watchTimeoutSeconds?: number;
  /**
   * Reconnect when a request receives nothing for this long. The API server
   * sends a bookmark about every minute on an idle watch, so the default is
   * three bookmark intervals: 180 s.
   */
  stallTimeoutMs?: number;
  /** A synced kind whose list/watch stays broken this long becomes `stale`; default 60 s. */
  staleAfterMs?: number;
  /** Retry spacing after errors; default 500 ms doubling up to 30 s, jittered. */
  backoff?: BackoffOptions;
  /** How often discovery re-runs (CRDs installed or removed later); default 60 s. */
  discoveryIntervalMs?: number;
  /**
   * A 404 from a list or watch wakes discovery at once, but woken
   * discoveries run at most once per this long, so a server that keeps
   * answering 404 while discovery says the kind is served cannot make the
   * cache spin; default 2 s.
   */
  rediscoveryMinIntervalMs?: number;
  /**
   * Where repeated values are shared. Pass one pool to the caches of all
   * clusters to share images, container specs and namespace names across them too; default:
   * a pool per cache.
   */
  valuePool?: ValuePool;
  /**
   * List pages fetched and parsed at once. Caps the memory peak of an
   * initial sync; share one across the caches of all clusters to cap it per
   * process. Default: 2 per cache.
   */
  listPages?: Semaphore;
}

/** One watched kind's state, as `kindStates()` reports it. */
export interface KindStateEntry extends KindRef, KindSyncState {
  /** The served version being watched, once discovery has found one. */
  version?: string;
}

export interface KindStatsEntry extends KindRef, ReflectorStats {}

/** Statuses that are a definitive answer for the initial sync. */
const SETTLED: ReadonlySet<KindSyncStatus> = new Set<KindSyncStatus>([
  'synced',
  'stale',
  'forbidden',
  'notInstalled',
]);

interface KindSlot {
  kind: CachedKind;
  state: KindSyncState;
  reflector?: Reflector;
  /** The sink holds a listed set of this kind's objects (kept through errors until discovery says the kind is gone). */
  holdsObjects: boolean;
}

/**
 * The object cache of one cluster: discovery picks the served version of
 * every watched kind (and re-runs periodically), one `Reflector` per served
 * kind keeps the sink current. Nothing here throws into the caller or
 * crashes the process: a failing cluster or kind shows in `kindStates()`.
 */
export class ClusterCache {
  private readonly client: KubeHttpClient;
  private readonly controller = new AbortController();
  private readonly slots = new Map<string, KindSlot>();
  private readonly settings: ReflectorSettings;
  private readonly discoveryIntervalMs: number;
  private readonly rediscoveryMinIntervalMs: number;
  /** A reflector asked for discovery to run again (after a 404) since the current run started. */
  private rediscoveryRequested = false;
  /** Ends the discovery loop's wait between runs early, while it waits. */
  private wakeDiscovery?: () => void;
  private lastDiscoveryAt = 0;
  private readonly pool: ValuePool;
  private readonly listPages: Semaphore;
  private readonly waiters = new Set<() => void>();
  /** Names the cluster in everything it logs. */
  private readonly logger: LoggerService;
  private discovery?: Promise<void>;
  private stopped = false;
  private tokenRequest?: boolean;

  static create(options: ClusterCacheOptions): ClusterCache {
    return new ClusterCache(options);
  }

  private constructor(private readonly options: ClusterCacheOptions) {
    this.logger = options.logger.child({ cluster: options.cluster.name });
    this.client = KubeHttpClient.create({
      url: options.cluster.url,
      credential: options.credential,
      caData: options.cluster.caData,
      skipTLSVerify: options.cluster.skipTLSVerify,
    });
    this.settings = {
      pageSize: options.pageSize ?? 500,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      stallTimeoutMs: options.stallTimeoutMs ?? 180_000,
      staleAfterMs: options.staleAfterMs ?? 60_000,
      backoff: options.backoff ?? {},
    };
    this.discoveryIntervalMs = options.discoveryIntervalMs ?? 60_000;
    this.rediscoveryMinIntervalMs = options.rediscoveryMinIntervalMs ?? 2_000;
    this.pool = options.valuePool ?? new ValuePool();
    this.listPages = options.listPages ?? new Semaphore(2);
    // Discovery requests share the signal, one abort listener each.
    setMaxListeners(100, this.controller.signal);
    const now = new Date().toISOString();
    for (const kind of options.kinds ?? watchedKinds()) {
      this.slots.set(kindKeyOf(kind), {
        kind,
        state: { status: 'pending', reason: 'not read yet', since: now },
        holdsObjects: false,
      });
    }
  }

  /** Starts reading in the background; returns at once. */
  start(): void {
    if (this.discovery || this.stopped) return;
    for (const slot of this.slots.values()) {
      this.deliverState(slot);
    }
    this.discovery = this.discoveryLoop().catch(error =>
      this.logger.error('Discovery loop ended unexpectedly', errorMeta(error)),
    );
  }

  /** Closes every request and socket and clears every timer. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.controller.abort();
    await Promise.all(
      [...this.slots.values()].map(slot => slot.reflector?.stop()),
    );
    await this.discovery;
    this.client.close();
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves `true` once every kind has a definitive state (synced, stale,
   * forbidden or notInstalled), `false` if that takes longer than
   * `timeoutMs` or the cache is stopped. Never rejects.
   */
  waitForInitialSync(timeoutMs: number): Promise<boolean> {
    return new Promise(resolve => {
      if (this.isInitiallySynced()) {
        resolve(true);
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const waiter = {
        finish: (result: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter.check);
          resolve(result);
        },
        check: () => {
          if (this.isInitiallySynced()) waiter.finish(true);
          else if (this.stopped) waiter.finish(false);
        },
      };
      timer = setTimeout(() => waiter.finish(false), timeoutMs);
      this.waiters.add(waiter.check);
    });
  }

  kindStates(): KindStateEntry[] {
    return [...this.slots.values()].map(slot => ({
      group: slot.kind.group,
      kind: slot.kind.kind,
      ...slot.state,
      ...(slot.reflector ? { version: slot.reflector.version } : {}),
    }));
  }

  /** List/watch counters per running reflector (diagnostics, metrics, tests). */
  stats(): KindStatsEntry[] {
    return [...this.slots.values()].flatMap(slot =>
      slot.reflector
        ? [
            {
              group: slot.kind.group,
              kind: slot.kind.kind,
              ...slot.reflector.stats(),
            },
          ]
        : [],
    );
  }

  private isInitiallySynced(): boolean {
    for (const slot of this.slots.values()) {
      if (!SETTLED.has(slot.state.status)) return false;
    }
    return true;
  }

  private async discoveryLoop(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    while (!signal.aborted) {
      this.lastDiscoveryAt = Date.now();
      this.rediscoveryRequested = false;
      try {
        const served = await discoverServedVersions(
          this.client,
          [...this.slots.values()].map(slot => slot.kind),
          { signal, stallTimeoutMs: this.settings.stallTimeoutMs },
        );
        // A capability, not a kind: when it cannot be read it stays unknown.
        const tokenRequest = await servesTokenRequest(this.client, {
          signal,
          stallTimeoutMs: this.settings.stallTimeoutMs,
        }).catch(() => undefined);
        if (signal.aborted) return;
        failures = 0;
        this.reconcile(served);
        if (tokenRequest !== undefined && tokenRequest !== this.tokenRequest) {
          this.tokenRequest = tokenRequest;
          this.options.onTokenRequestSupport?.(tokenRequest);
        }
        await this.untilNextDiscovery(signal);
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        const reason = `discovery failed: ${messageOf(error)}`;
        if (failures === 1) {
          this.logger.warn('Discovery failed; retrying with backoff', {
            error: messageOf(error),
          });
        }
        for (const slot of this.slots.values()) {
          // Running reflectors report their own health; only kinds not read yet change here.
          if (!slot.reflector && slot.state.status === 'pending') {
            this.setState(slot, 'error', reason);
          }
        }
        await delay(backoffDelay(failures, this.settings.backoff), signal);
      }
    }
  }

  /**
   * Waits `discoveryIntervalMs`, or less when a reflector asks for discovery
   * (`requestDiscovery`), but never starts a run sooner than
   * `rediscoveryMinIntervalMs` after the previous one started.
   */
  private async untilNextDiscovery(signal: AbortSignal): Promise<void> {
    if (!this.rediscoveryRequested) {
      await new Promise<void>(resolve => {
        if (signal.aborted) {
          resolve();
          return;
        }
        let timer: NodeJS.Timeout | undefined = undefined;
        const wake = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', wake);
          this.wakeDiscovery = undefined;
          resolve();
        };
        timer = setTimeout(wake, this.discoveryIntervalMs);
        signal.addEventListener('abort', wake, { once: true });
        this.wakeDiscovery = wake;
      });
    }
    if (this.rediscoveryRequested) {
      await delay(
        this.lastDiscoveryAt + this.rediscoveryMinIntervalMs - Date.now(),
        signal,
      );
    }
  }

  /** Runs discovery again soon (rate-limited), to decide what a 404 meant. */
  private requestDiscovery(): void {
    this.rediscoveryRequested = true;
    this.wakeDiscovery?.();
  }

  private reconcile(served: Map<string, KindDiscovery>): void {
    for (const [key, slot] of this.slots) {
      const discovered = served.get(key);
      if (!discovered) continue;
      switch (discovered.status) {
        case 'unknown':
          if (!slot.reflector) {
            // Kept objects stay stale; without any, the kind is in error.
            this.setState(
              slot,
              slot.holdsObjects ? 'stale' : 'error',
              discovered.reason,
            );
          }
          break;
        case 'notServed':
          this.markNotServed(slot, discovered.reason);
          break;
        case 'served':
          if (slot.reflector?.version !== discovered.version) {
            this.startReflector(slot, discovered.version);
          }
          break;
        default:
          break;
      }
    }
  }

  private startReflector(slot: KindSlot, version: string): void {
    const previous = slot.reflector;
    if (previous) {
      this.logger.info('Kind now served in another version', {
        ...kindMeta(slot.kind),
        version,
      });
      void previous.stop();
    }
    const reflector = new Reflector({
      client: this.client,
      kind: slot.kind,
      version,
      sink: this.options.sink,
      logger: this.logger,
      settings: this.settings,
      pool: this.pool,
      listPages: this.listPages,
      onState: state => {
        if (slot.reflector === reflector) {
          this.setState(slot, state.status, state.reason);
        }
      },
      onNotFound: reason => {
        if (slot.reflector === reflector) this.markNotFound(slot, reason);
      },
    });
    slot.reflector = reflector;
    reflector.start();
  }

  /**
   * A list or watch answered 404. That is not "uninstalled": a proxy or an
   * API server in trouble answers 404 too, and dropping the objects on it
   * would hide every Gateway until the next list. The objects are kept
   * (`stale`; `error` if there are none yet), the reflector stops, and
   * discovery, woken now, decides: not served → `markNotServed`, served →
   * a new reflector.
   */
  private markNotFound(slot: KindSlot, reason: string): void {
    const reflector = slot.reflector;
    slot.reflector = undefined;
    if (reflector) void reflector.stop();
    this.setState(
      slot,
      slot.holdsObjects ? 'stale' : 'error',
      `${reason}; discovery is re-checking whether the cluster still serves the kind${
        slot.holdsObjects
          ? ' (the objects listed before are kept until then)'
          : ''
      }`,
    );
    this.requestDiscovery();
  }

  /** Discovery says the cluster does not serve the kind: its objects went with it. */
  private markNotServed(slot: KindSlot, reason: string): void {
    const reflector = slot.reflector;
    slot.reflector = undefined;
    if (reflector) void reflector.stop();
    slot.holdsObjects = false;
    if (slot.state.status === 'notInstalled') return;
    // The objects went with their CRD; do not keep serving them.
    this.deliver(() => this.options.sink.replace(refOf(slot.kind), []));
    this.setState(slot, 'notInstalled', reason);
  }

  private setState(
    slot: KindSlot,
    status: KindSyncStatus,
    reason?: string,
  ): void {
    if (this.stopped) return;
    if (status === 'synced') slot.holdsObjects = true;
    const previous = slot.state;
    if (previous.status === status && previous.reason === reason) return;
    if (previous.status !== status) {
      const level = status === 'synced' ? 'info' : 'warn';
      if (previous.status !== 'pending' || status !== 'synced') {
        this.logger[level](`Kind ${status}`, {
          ...kindMeta(slot.kind),
          status,
          ...(reason ? { reason } : {}),
        });
      }
    }
    slot.state = {
      status,
      ...(reason ? { reason } : {}),
      since:
        previous.status === status ? previous.since : new Date().toISOString(),
    };
    this.deliverState(slot);
    for (const check of [...this.waiters]) check();
  }

  private deliverState(slot: KindSlot): void {
    this.deliver(() =>
      this.options.sink.setKindState(refOf(slot.kind), slot.state),
    );
  }

  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error('The cache sink failed', errorMeta(error));
    }
  }
}

function refOf(kind: KindRef): KindRef {
  return { group: kind.group, kind: kind.kind };
}

/** A kind as log metadata: `kind` and `group` (`core` for the core group). */
function kindMeta(kind: KindRef): { kind: string; group: string } {
  return { kind: kind.kind, group: kind.group || 'core' };
}
