import {
  ClusterView,
  EntityClusterStatus,
  InMemoryClusterView,
  Kinds,
  KubeObject,
  WATCHED_KINDS,
  WorkloadSelection,
  computeWorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { MemoizedStatus, WorkloadStatusMemo } from './WorkloadStatusMemo';

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

const parsed = (status: MemoizedStatus): EntityClusterStatus =>
  JSON.parse(status.json.toString('utf8'));
const podsOf = (status: MemoizedStatus) =>
  parsed(status).workloads.reduce((n, w) => n + w.podCount, 0);

/** A memo over the real computation that counts the computations. */
function countingMemo(
  options: { now?: () => number; maxEntries?: number } = {},
) {
  const calls: string[] = [];
  const memo = new WorkloadStatusMemo({
    ...options,
    compute: (view: ClusterView, selection, config) => {
      calls.push(`${view.cluster}:${selection.labelSelector}`);
      return computeWorkloadStatus(view, selection, config);
    },
  });
  return { memo, calls };
}

describe('WorkloadStatusMemo', () => {
  const config = { now: NOW };

  it('serves a repeated request from memory, and other selections do not disturb it', () => {
    const view = cluster('a');
    const { memo, calls } = countingMemo();
    const first = memo.get(view, cart, config);
    expect(podsOf(first)).toBe(1);
    expect(parsed(memo.get(view, checkout, config)).workloads).toHaveLength(1);
    expect(memo.get(view, cart, config)).toBe(first);
    expect(memo.get(view, { ...cart }, config)).toBe(first);
    expect(calls).toEqual(['a:app=cart', 'a:app=checkout']);
  });

  it('recomputes after a change to a kind in its cluster, and shows the change', () => {
    const view = cluster('a');
    const { memo, calls } = countingMemo();
    expect(podsOf(memo.get(view, cart, config))).toBe(1);
    view.upsert(pod('cart-1', 'cart'));
    expect(podsOf(memo.get(view, cart, config))).toBe(2);
    // A change that does not touch the cart pods still drops the entries.
    view.upsert({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(podsOf(memo.get(view, cart, config))).toBe(2);
    expect(calls).toEqual(['a:app=cart', 'a:app=cart', 'a:app=cart']);
    // A kind's sync state is part of the status too.
    view.setKindState(Kinds.Pod, 'stale', 'watch failed');
    expect(parsed(memo.get(view, cart, config)).unknown?.reason).toBe('stale');
    expect(calls).toHaveLength(4);
  });

  it('keeps one cluster’s statuses when another cluster changes', () => {
    const a = cluster('a');
    const b = cluster('b');
    const { memo, calls } = countingMemo();
    const inA = memo.get(a, cart, config);
    memo.get(b, cart, config);
    b.upsert(pod('cart-1', 'cart'));
    expect(memo.get(a, cart, config)).toBe(inA);
    expect(podsOf(memo.get(b, cart, config))).toBe(2);
    expect(calls).toEqual(['a:app=cart', 'b:app=cart', 'b:app=cart']);
  });

  it('recomputes for other analyzer settings and after maxAge', () => {
    const view = cluster('a');
    let clock = 1_000;
    const { memo, calls } = countingMemo({ now: () => clock });
    memo.get(view, cart, config);
    memo.get(view, cart, { ...config, tokenRequestSupported: true });
    expect(calls).toHaveLength(2);
    clock += 29_999;
    memo.get(view, cart, { ...config, tokenRequestSupported: true });
    expect(calls).toHaveLength(2);
    clock += 1;
    memo.get(view, cart, { ...config, tokenRequestSupported: true });
    expect(calls).toHaveLength(3);
  });

  it('forgets the least recently used status beyond maxEntries', () => {
    const view = cluster('a');
    const { memo, calls } = countingMemo({ maxEntries: 1 });
    memo.get(view, cart, config);
    memo.get(view, checkout, config);
    memo.get(view, checkout, config);
    memo.get(view, cart, config);
    expect(calls).toEqual(['a:app=cart', 'a:app=checkout', 'a:app=cart']);
  });

  it('forgets a cluster when told it changed', () => {
    const view = cluster('a');
    const { memo, calls } = countingMemo();
    memo.get(view, cart, config);
    memo.forget(view);
    memo.get(view, cart, config);
    expect(calls).toEqual(['a:app=cart', 'a:app=cart']);
  });
});
