import { BackoffOptions, backoffDelay } from './backoffDelay';
import { messageOf } from './errorText';
import { KubeApiError } from './KubeApiError';
import { RetryWake } from './RetryWake';

/** Whether the API server answers at all, as the probes last found it. */
export interface ReachabilityState {
  reachable: boolean;
  /** ISO 8601 time of the last change (for `reachable: false`, when the server stopped answering). */
  since: string;
  /** Why it cannot be reached (the transport error of the last probe). */
  reason?: string;
}

export interface ApiReachabilityOptions {
  /** One readiness request: the HTTP status of any answer; rejects when none arrives. */
  probe(options: {
    signal: AbortSignal;
    stallTimeoutMs: number;
  }): Promise<number>;
  /** Between probes while every request succeeds: a silent network partition shows within this plus `probeTimeoutMs`. */
  heartbeatMs: number;
  /** A probe without an answer for this long counts as "not reachable". */
  probeTimeoutMs: number;
  /** Between probes while the server fails; capped low so that recovery is seen within seconds. */
  retry: BackoffOptions;
  /** Every change of `state()`. */
  onChange(state: ReachabilityState): void;
  /**
   * A probe succeeded after probes had failed: the server is back. The
   * cache wakes every waiting retry with it.
   */
  onRecovered(): void;
}

/**
 * Probes an API server's `/readyz`: every `heartbeatMs` while all is well,
 * and at once, then with a short jittered backoff, after any request of the
 * cache failed in a way that may mean the server is gone (no answer, 5xx,
 * 429). No answer at all makes the cluster unreachable; an answer of any
 * kind makes it reachable again, and the first 2xx after failed probes
 * reports recovery so everything waiting to retry retries now.
 */
export class ApiReachability {
  private current: ReachabilityState = {
    reachable: true,
    since: new Date().toISOString(),
  };
  /** A request failed or a probe did: probe on the short backoff until one succeeds. */
  private troubled = false;
  /** Probes that did not succeed in a row. */
  private failedProbes = 0;
  private readonly wake = new RetryWake();
  private running?: Promise<void>;

  constructor(private readonly options: ApiReachabilityOptions) {}

  state(): ReachabilityState {
    return this.current;
  }

  start(signal: AbortSignal): void {
    if (this.running) return;
    this.running = this.loop(signal);
  }

  async stopped(): Promise<void> {
    await this.running;
  }

  /**
   * A request of the cache failed. Failures that prove the server answers
   * and means it (403, 404, 410, other 4xx) change nothing; anything else
   * starts probing now.
   */
  noteFailure(error: unknown): void {
    if (!mayMeanUnreachable(error)) return;
    if (this.troubled) return;
    this.troubled = true;
    this.wake.wakeAll();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.wake.wait(
        this.troubled
          ? backoffDelay(this.failedProbes + 1, this.options.retry)
          : this.options.heartbeatMs,
        signal,
      );
      if (signal.aborted) return;
      await this.probeOnce(signal);
    }
  }

  private async probeOnce(signal: AbortSignal): Promise<void> {
    let status: number;
    try {
      status = await this.options.probe({
        signal,
        stallTimeoutMs: this.options.probeTimeoutMs,
      });
    } catch (error) {
      if (signal.aborted) return;
      this.failedProbes += 1;
      this.troubled = true;
      if (this.current.reachable) {
        this.set({
          reachable: false,
          since: new Date().toISOString(),
          reason: messageOf(error),
        });
      }
      return;
    }
    if (!this.current.reachable) {
      this.set({ reachable: true, since: new Date().toISOString() });
    }
    if (status >= 200 && status < 300) {
      const recovered = this.failedProbes > 0;
      this.failedProbes = 0;
      this.troubled = false;
      if (recovered) this.options.onRecovered();
    } else {
      // It answers but is not ready (or refuses): keep probing on the short backoff.
      this.failedProbes += 1;
      this.troubled = true;
    }
  }

  private set(state: ReachabilityState): void {
    this.current = state;
    this.options.onChange(state);
  }
}

/** No answer, a server error or throttling: the server may be gone or going. */
function mayMeanUnreachable(error: unknown): boolean {
  if (!(error instanceof KubeApiError)) return true;
  return error.code >= 500 || error.code === 429;
}
