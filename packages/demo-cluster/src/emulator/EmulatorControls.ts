import { KubeVerb } from './requestInfo';
import { ResourceType, resourceTypeId } from './resourceTypes';

/** Which requests a fault applies to. */
export interface RequestMatcher {
  /** A path prefix (string) or a pattern (RegExp) matched against the URL path. */
  path?: string | RegExp;
  /** A Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: KubeVerb | string;
}

export interface FailureFault extends RequestMatcher {
  /** How many matching requests fail (default 1). */
  count?: number;
  /** HTTP status of the failure: 500 (default), 503, 429, 504... */
  status?: number;
  /** Sent as `Retry-After` (default 1 for 429). */
  retryAfterSeconds?: number;
}

export interface StallFault extends RequestMatcher {
  /** How many matching requests stall (default 1; unlimited with `until`). */
  count?: number;
  /** How long the matching requests wait before being served. */
  ms: number;
  /**
   * Epoch ms: matching requests wait until then instead of `ms` (a stall
   * that ends at one time, however late a request arrived). The fault
   * applies to every matching request until that time unless `count` says
   * otherwise.
   */
  until?: number;
}

/** One request as the emulator saw it. */
export interface RequestRecord {
  method: string;
  verb: string;
  path: string;
  query: string;
  status?: number;
}

/** Something that names a resource type: `pods`, `deployments.apps`, `gateways.networking.istio.io`, or the type. */
export type ResourceRef = string | ResourceType;

interface PendingFault<T> {
  fault: T;
  remaining: number;
}

/**
 * The programmatic switches of the emulator: forbidden and uninstalled types, injected
 * failures and stalls, dropping watch streams, and request counters.
 */
export class EmulatorControls {
  private readonly forbidden = new Map<ResourceType, Set<string> | 'all'>();
  private readonly uninstalled = new Set<ResourceType>();
  private failures: Array<PendingFault<FailureFault>> = [];
  private stalls: Array<PendingFault<StallFault>> = [];
  private readonly counts = new Map<string, number>();
  private log: RequestRecord[] = [];
  private readonly logCapacity = 20000;

  constructor(
    private readonly types: readonly ResourceType[],
    private readonly hooks: {
      dropWatches(filter?: ResourceType): number;
      holdWatches(ms: number): void;
      onUninstall(type: ResourceType): void;
      onInstall(type: ResourceType): void;
    },
  ) {}

  resolve(ref: ResourceRef): ResourceType {
    if (typeof ref !== 'string') return ref;
    const type = this.types.find(t => resourceTypeId(t) === ref);
    if (!type) {
      throw new Error(
        `unknown resource type "${ref}"; use the plural with its group, e.g. "pods", "deployments.apps", "peerauthentications.security.istio.io"`,
      );
    }
    return type;
  }

  /** 403 Forbidden for the type (all verbs, or the verbs given). */
  forbid(ref: ResourceRef, options: { verbs?: string[] } = {}): void {
    const type = this.resolve(ref);
    this.forbidden.set(type, options.verbs ? new Set(options.verbs) : 'all');
  }

  allow(ref: ResourceRef): void {
    this.forbidden.delete(this.resolve(ref));
  }

  isForbidden(type: ResourceType, verb: string): boolean {
    const rule = this.forbidden.get(type);
    return rule === 'all' || (rule !== undefined && rule.has(verb));
  }

  /**
   * Takes a CRD-backed type away: it leaves discovery, its paths answer 404 and its open
   * watches end. Its objects are kept (hidden) and come back with `install`.
   */
  uninstall(ref: ResourceRef): void {
    const type = this.resolve(ref);
    if (!type.crd)
      throw new Error(`${resourceTypeId(type)} is built in, not CRD-backed`);
    if (this.uninstalled.has(type)) return;
    this.uninstalled.add(type);
    this.hooks.onUninstall(type);
  }

  install(ref: ResourceRef): void {
    const type = this.resolve(ref);
    if (!this.uninstalled.delete(type)) return;
    this.hooks.onInstall(type);
  }

  isInstalled(type: ResourceType): boolean {
    return !this.uninstalled.has(type);
  }

  /** The next `count` requests matching answer with `status` (default one 500). */
  failNext(fault: FailureFault = {}): void {
    this.failures.push({ fault, remaining: fault.count ?? 1 });
  }

  /** The next `count` requests matching wait `ms` (or until `until`) before being served. */
  stallNext(fault: StallFault): void {
    this.stalls.push({
      fault,
      remaining: fault.count ?? (fault.until !== undefined ? Infinity : 1),
    });
  }

  /** Stalls every open watch stream for `ms`: nothing is sent, then the held events follow in order. */
  holdWatches(ms: number): void {
    this.hooks.holdWatches(ms);
  }

  clearFaults(): void {
    this.failures = [];
    this.stalls = [];
  }

  /** Closes the sockets of all open watch streams (of one type), without a final event. */
  dropWatches(ref?: ResourceRef): number {
    return this.hooks.dropWatches(
      ref === undefined ? undefined : this.resolve(ref),
    );
  }

  /** Requests served for a path: exact string, pattern, or all paths when omitted. */
  requestCount(path?: string | RegExp, verb?: string): number {
    if (path === undefined && verb === undefined) {
      let total = 0;
      for (const n of this.counts.values()) total += n;
      return total;
    }
    if (verb !== undefined) {
      return this.log.filter(
        r =>
          r.verb === verb &&
          (path === undefined || pathMatches(r.path, path, true)),
      ).length;
    }
    let total = 0;
    for (const [p, n] of this.counts)
      if (pathMatches(p, path!, true)) total += n;
    return total;
  }

  /** Requests served per path. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** The most recent requests (up to 20,000), oldest first. */
  requests(): RequestRecord[] {
    return [...this.log];
  }

  resetRequestCounts(): void {
    this.counts.clear();
    this.log = [];
  }

  /** @internal */
  recordRequest(record: RequestRecord): void {
    this.counts.set(record.path, (this.counts.get(record.path) ?? 0) + 1);
    this.log.push(record);
    if (this.log.length > this.logCapacity * 1.5)
      this.log = this.log.slice(-this.logCapacity);
  }

  /** @internal Consumes the first matching failure fault. */
  takeFailure(path: string, verb: string): FailureFault | undefined {
    return take(this.failures, path, verb, f => {
      this.failures = f;
    });
  }

  /** @internal Consumes the first matching stall fault (one whose time is up is dropped). */
  takeStall(path: string, verb: string): StallFault | undefined {
    const now = Date.now();
    this.stalls = this.stalls.filter(
      s => s.fault.until === undefined || s.fault.until > now,
    );
    return take(this.stalls, path, verb, s => {
      this.stalls = s;
    });
  }
}

function pathMatches(
  path: string,
  pattern: string | RegExp,
  exact: boolean,
): boolean {
  if (typeof pattern !== 'string') return pattern.test(path);
  return exact ? path === pattern : path.startsWith(pattern);
}

function take<T extends RequestMatcher>(
  list: Array<PendingFault<T>>,
  path: string,
  verb: string,
  set: (list: Array<PendingFault<T>>) => void,
): T | undefined {
  const entry = list.find(
    f =>
      (f.fault.path === undefined || pathMatches(path, f.fault.path, false)) &&
      (f.fault.verb === undefined || f.fault.verb === verb),
  );
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) set(list.filter(f => f !== entry));
  return entry.fault;
}
