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
import { ApiReachability, ReachabilityState } from './ApiReachability';
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
import { RetryWake } from './RetryWake';
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
  /** A synced kind whose list/watch is broken this long becomes `stale`; default 0: at once. */
  staleAfterMs?: number;
  /**
   * Retry spacing after errors; default 500 ms doubling up to 4 s, jittered.
   * The low cap is what brings a kind back within seconds of the cause
   * ending (a 403 lifted, 5xx that stop); a server that is down is not
   * hammered meanwhile, as every retry is one refused connection.
   */
  backoff?: BackoffOptions;
  /** How often discovery re-runs (CRDs installed or removed later); default 60 s. */
  discoveryIntervalMs?: number;
  /**
   * While some kinds are not installed, how often to ask discovery about
   * just those (one `/apis` request, plus their group's versions when the
   * group is served), so an installed CRD is read within seconds; default 4 s.
   */
  missingKindsPollMs?: number;
  /** Readiness probe (`/readyz`) interval while all is well; default 5 s. */
  probeIntervalMs?: number;
  /** A probe unanswered this long means the server cannot be reached; default 5 s. */
  probeTimeoutMs?: number;
  /** Probe spacing while the server fails; default 250 ms doubling up to 1 s, jittered. */
  probeBackoff?: BackoffOptions;
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
  'notWatched',
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
  private readonly missingKindsPollMs: number;
  /** Wakes every retry wait (reflectors, discovery) when the server is found back. */
  private readonly wake = new RetryWake();
  private readonly reachability: ApiReachability;
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
      staleAfterMs: options.staleAfterMs ?? 0,
      backoff: options.backoff ?? { initialMs: 500, maxMs: 4_000 },
    };
    this.discoveryIntervalMs = options.discoveryIntervalMs ?? 60_000;
    this.rediscoveryMinIntervalMs = options.rediscoveryMinIntervalMs ?? 2_000;
    this.missingKindsPollMs = options.missingKindsPollMs ?? 4_000;
    this.reachability = new ApiReachability({
      probe: probeOptions => this.client.probeReadiness(probeOptions),
      heartbeatMs: options.probeIntervalMs ?? 5_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      retry: options.probeBackoff ?? { initialMs: 250, maxMs: 1_000 },
      onChange: state => this.onReachabilityChange(state),
      onRecovered: () => {
        this.logger.info('API server answers again; retrying every kind now');
        this.wake.wakeAll();
      },
    });
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
    this.reachability.start(this.controller.signal);
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
    await this.reachability.stopped();
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
      ...this.effectiveState(slot),
      ...(slot.reflector ? { version: slot.reflector.version } : {}),
    }));
  }

  /** Whether the API server answers at all (the `/readyz` probes' verdict). */
  reachabilityState(): ReachabilityState {
    return this.reachability.state();
  }

  /** The URL this cache reads (for reasons a person acts on). */
  get url(): string {
    return this.options.cluster.url;
  }

  /**
   * A kind's state as served: while the server cannot be reached, a kind
   * whose watch still looks open is stale all the same (a silent network
   * partition ends no request), with the time the server stopped answering.
   */
  private effectiveState(slot: KindSlot): KindSyncState {
    const reach = this.reachability.state();
    if (reach.reachable || slot.state.status !== 'synced') return slot.state;
    return {
      status: 'stale',
      reason: `the API server of cluster ${this.options.cluster.name} (${this.options.cluster.url}) cannot be reached since ${reach.since}: ${reach.reason}; showing the objects last seen then`,
      since: reach.since,
    };
  }

  private onReachabilityChange(state: ReachabilityState): void {
    if (this.stopped) return;
    if (state.reachable) {
      this.logger.info('API server reachable again');
    } else {
      this.logger.warn('API server cannot be reached', {
        url: this.options.cluster.url,
        reason: state.reason,
      });
    }
    for (const slot of this.slots.values()) {
      if (slot.state.status === 'synced') this.deliverState(slot);
    }
    for (const check of [...this.waiters]) check();
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
        this.reachability.noteFailure(error);
        const reason = `cannot read the API of cluster ${this.options.cluster.name} (${this.options.cluster.url}), discovery failed: ${messageOf(
          error,
        )}; retrying. Check that the API server is up and reachable from the portal, and its URL and credentials`;
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
        await this.wake.wait(
          backoffDelay(failures, this.settings.backoff),
          signal,
        );
      }
    }
  }

  /**
   * Waits `discoveryIntervalMs`, or less when a reflector asks for discovery
   * (`requestDiscovery`), but never starts a run sooner than
   * `rediscoveryMinIntervalMs` after the previous one started.
   */
  private async untilNextDiscovery(signal: AbortSignal): Promise<void> {
    const due = Date.now() + this.discoveryIntervalMs;
    while (!this.rediscoveryRequested && !signal.aborted) {
      const left = due - Date.now();
      if (left <= 0) break;
      const missing = this.missingKinds();
      await this.sleepUnlessWoken(
        missing.length ? Math.min(left, this.missingKindsPollMs) : left,
        signal,
      );
      if (missing.length && !this.rediscoveryRequested && !signal.aborted) {
        await this.pollMissingKinds(signal);
      }
    }
    if (this.rediscoveryRequested) {
      await delay(
        this.lastDiscoveryAt + this.rediscoveryMinIntervalMs - Date.now(),
        signal,
      );
    }
  }

  private sleepUnlessWoken(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>(resolve => {
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
      timer = setTimeout(wake, ms);
      signal.addEventListener('abort', wake, { once: true });
      this.wakeDiscovery = wake;
    });
  }

  private missingKinds(): CachedKind[] {
    return [...this.slots.values()]
      .filter(slot => slot.state.status === 'notInstalled')
      .map(slot => slot.kind);
  }

  /** Asks discovery about the kinds not installed only; starts reading those now served. */
  private async pollMissingKinds(signal: AbortSignal): Promise<void> {
    try {
      const served = await discoverServedVersions(
        this.client,
        this.missingKinds(),
        { signal, stallTimeoutMs: this.settings.stallTimeoutMs },
      );
      if (signal.aborted) return;
      for (const [key, discovered] of served) {
        const slot = this.slots.get(key);
        if (slot && discovered.status === 'served' && !slot.reflector) {
          this.logger.info('Kind now served', {
            ...kindMeta(slot.kind),
            version: discovered.version,
          });
          this.startReflector(slot, discovered.version);
        }
      }
    } catch (error) {
      // The full discovery's next run reports what is wrong.
      this.reachability.noteFailure(error);
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
      wake: this.wake,
      onState: state => {
        if (slot.reflector !== reflector) return;
        if (state.status === 'forbidden' && slot.holdsObjects) {
          // No longer allowed to see them: stop serving them (fail closed),
          // so nothing is derived from objects that may have changed since.
          slot.holdsObjects = false;
          this.deliver(() => this.options.sink.replace(refOf(slot.kind), []));
        }
        this.setState(slot, state.status, state.reason);
      },
      onFailure: error => this.reachability.noteFailure(error),
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
    const state = this.effectiveState(slot);
    this.deliver(() => this.options.sink.setKindState(refOf(slot.kind), state));
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
