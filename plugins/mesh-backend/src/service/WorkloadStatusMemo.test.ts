import {
  AnalyzerConfig,
  ClusterView,
  EntityClusterStatus,
  InMemoryClusterView,
  Kinds,
  KubeObject,
  WATCHED_KINDS,
  WorkloadSelection,
  computeWorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { selectionKey } from './selectionKey';
import { ClusterStatusText, WorkloadStatusMemo } from './WorkloadStatusMemo';

const NOW = new Date('2025-06-01T00:00:00Z');

function pod(name: string, app: string, sidecar = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      labels: { app },
    },
    spec: {
      containers: [
        { name: 'app', image: 'example/app:1' },
        ...(sidecar
          ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.3' }]
          : []),
      ],
    },
    status: { phase: 'Running' },
  };
}

function cluster(name: string): InMemoryClusterView {
  return InMemoryClusterView.fromObjects(
    name,
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      pod('cart-0', 'cart'),
      pod('checkout-0', 'checkout'),
    ],
    { syncedKinds: WATCHED_KINDS },
  );
}

const cart: WorkloadSelection = {
  labelSelector: 'app=cart',
  namespace: 'shop',
};
const checkout: WorkloadSelection = {
  labelSelector: 'app=checkout',
  namespace: 'shop',
};

const parsed = (status: ClusterStatusText): EntityClusterStatus =>
  JSON.parse(status.json.toString('utf8'));
const podsOf = (status: ClusterStatusText) =>
  parsed(status).workloads.reduce((n, w) => n + w.podCount, 0);

/**
 * The memo as the entity status service uses it: what it holds, else
 * computed (and counted) and kept.
 */
function countingMemo(
  options: { now?: () => number; maxEntries?: number } = {},
) {
  const calls: string[] = [];
  const memo = new WorkloadStatusMemo(options);
  const compute = (
    view: ClusterView,
    selection: WorkloadSelection,
    config: AnalyzerConfig,
  ) => {
    calls.push(`${view.cluster}:${selection.labelSelector}`);
    return computeWorkloadStatus(view, selection, config);
  };
  const get = (
    view: ClusterView,
    selection: WorkloadSelection,
    config: AnalyzerConfig,
  ) => {
    const key = selectionKey(selection);
    return (
      memo.get(view, config, key) ??
      memo.put(view, config, key, compute(view, selection, config))
    );
  };
  return { memo, get, calls };
}

describe('WorkloadStatusMemo', () => {
  const config = { now: NOW };

  it('serves a repeated request from memory, and other selections do not disturb it', () => {
    const view = cluster('a');
    const { get, calls } = countingMemo();
    const first = get(view, cart, config);
    expect(podsOf(first)).toBe(1);
    expect(parsed(get(view, checkout, config)).workloads).toHaveLength(1);
    expect(get(view, cart, config)).toBe(first);
    expect(get(view, { ...cart }, config)).toBe(first);
    expect(calls).toEqual(['a:app=cart', 'a:app=checkout']);
  });

  it('recomputes after a change to a kind in its cluster, and shows the change', () => {
    const view = cluster('a');
    const { get, calls } = countingMemo();
    expect(podsOf(get(view, cart, config))).toBe(1);
    view.upsert(pod('cart-1', 'cart'));
    expect(podsOf(get(view, cart, config))).toBe(2);
    // A change that does not touch the cart pods still drops the entries.
    view.upsert({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(podsOf(get(view, cart, config))).toBe(2);
    expect(calls).toEqual(['a:app=cart', 'a:app=cart', 'a:app=cart']);
    // A kind's sync state is part of the status too.
    view.setKindState(Kinds.Pod, 'stale', 'watch failed');
    expect(parsed(get(view, cart, config)).unknown?.reason).toBe('stale');
    expect(calls).toHaveLength(4);
  });

  it('keeps one cluster’s statuses when another cluster changes', () => {
    const a = cluster('a');
    const b = cluster('b');
    const { get, calls } = countingMemo();
    const inA = get(a, cart, config);
    get(b, cart, config);
    b.upsert(pod('cart-1', 'cart'));
    expect(get(a, cart, config)).toBe(inA);
    expect(podsOf(get(b, cart, config))).toBe(2);
    expect(calls).toEqual(['a:app=cart', 'b:app=cart', 'b:app=cart']);
  });

  it('recomputes for other analyzer settings and after maxAge', () => {
    const view = cluster('a');
    let clock = 1_000;
    const { get, calls } = countingMemo({ now: () => clock });
    const withTokenRequest = { ...config, tokenRequestSupported: true };
    get(view, cart, config);
    get(view, cart, withTokenRequest);
    expect(calls).toHaveLength(2);
    clock += 29_999;
    get(view, cart, withTokenRequest);
    expect(calls).toHaveLength(2);
    clock += 1;
    get(view, cart, withTokenRequest);
    expect(calls).toHaveLength(3);
    // Settings are told apart by identity: the service keeps one object per cluster's settings.
    get(view, cart, { ...withTokenRequest });
    expect(calls).toHaveLength(4);
  });

  it('forgets the least recently used status beyond maxEntries', () => {
    const view = cluster('a');
    const { get, calls } = countingMemo({ maxEntries: 1 });
    get(view, cart, config);
    get(view, checkout, config);
    get(view, checkout, config);
    get(view, cart, config);
    expect(calls).toEqual(['a:app=cart', 'a:app=checkout', 'a:app=cart']);
  });

  it('gives every status it keeps its own id, and its own generatedAt', () => {
    const view = cluster('a');
    const { memo } = countingMemo();
    const status = computeWorkloadStatus(view, cart, config);
    const first = memo.put(view, config, selectionKey(cart), status);
    const second = memo.put(view, config, selectionKey(checkout), status);
    expect(first.id).not.toBe(second.id);
    expect(first.generatedAt).toBe(status.generatedAt);
    expect(parsed(first)).toEqual(JSON.parse(JSON.stringify(status)));
  });
});
