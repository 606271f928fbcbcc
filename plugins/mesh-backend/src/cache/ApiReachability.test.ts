import { ApiReachability, ReachabilityState } from './ApiReachability';
import { KubeApiError } from './KubeApiError';
import { waitFor } from '../__testUtils__/waitFor';

/** A probe whose answers the test sets: a status, or no answer at all. */
function harness(options: { heartbeatMs?: number } = {}) {
  let answer: number | Error = 200;
  let probes = 0;
  const states: ReachabilityState[] = [];
  let recoveries = 0;
  const controller = new AbortController();
  const reachability = new ApiReachability({
    probe: async () => {
      probes += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    heartbeatMs: options.heartbeatMs ?? 60_000,
    probeTimeoutMs: 1_000,
    retry: { initialMs: 10, maxMs: 20 },
    onChange: state => states.push(state),
    onRecovered: () => {
      recoveries += 1;
    },
  });
  reachability.start(controller.signal);
  return {
    reachability,
    setAnswer: (value: number | Error) => {
      answer = value;
    },
    probes: () => probes,
    states,
    recoveries: () => recoveries,
    stop: async () => {
      controller.abort();
      await reachability.stopped();
    },
  };
}

describe('ApiReachability', () => {
  it('probes at once after a failure that may mean the server is gone, and says unreachable while nothing answers', async () => {
    const h = harness();
    try {
      h.setAnswer(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
      h.reachability.noteFailure(new Error('socket hang up'));
      await waitFor(
        () => h.reachability.state(),
        state => !state.reachable,
        'unreachable',
        2_000,
      );
      expect(h.reachability.state().reason).toBe(
        'connect ECONNREFUSED 127.0.0.1:6443',
      );
      // Any answer, even a 500, proves the server is there; a 2xx is recovery.
      h.setAnswer(500);
      await waitFor(
        () => h.reachability.state().reachable,
        reachable => reachable,
        'reachable on a 500',
        2_000,
      );
      expect(h.recoveries()).toBe(0);
      h.setAnswer(200);
      await waitFor(h.recoveries, n => n === 1, 'the recovery', 2_000);
      expect(h.states.map(s => s.reachable)).toEqual([false, true]);
    } finally {
      await h.stop();
    }
  });

  it('does not wake retries when the server answered at once (a failure of one path, not of the server)', async () => {
    const h = harness();
    try {
      h.reachability.noteFailure(new KubeApiError(500, 'InternalError', 'x'));
      await waitFor(h.probes, n => n === 1, 'one probe', 2_000);
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(h.probes()).toBe(1);
      expect(h.recoveries()).toBe(0);
      expect(h.states).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('ignores answers that prove the server is there: 403, 404, 410', async () => {
    const h = harness();
    try {
      for (const code of [403, 404, 410]) {
        h.reachability.noteFailure(new KubeApiError(code, 'x', 'x'));
      }
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(h.probes()).toBe(0);
    } finally {
      await h.stop();
    }
  });

  it('finds a silent outage by its heartbeat, without any failed request', async () => {
    const h = harness({ heartbeatMs: 30 });
    try {
      h.setAnswer(new Error('no data from the Kubernetes API for 1000 ms'));
      await waitFor(
        () => h.reachability.state().reachable,
        reachable => !reachable,
        'unreachable by heartbeat',
        2_000,
      );
      expect(h.reachability.state().reason).toMatch(/no data/);
    } finally {
      await h.stop();
    }
  });
});
