import fc from 'fast-check';
import { Kinds } from '../kinds';
import { KubeObject, LabelSelector } from '../types/kube';
import { InMemoryClusterView } from './InMemoryClusterView';
import {
  matchesLabelSelector,
  parseLabelSelector,
  formatLabelSelector,
} from './labelSelector';

const pod = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  uid?: string,
): KubeObject => ({
  metadata: { name, namespace: ns, labels, ...(uid ? { uid } : {}) },
  spec: { containers: [] },
});

describe('InMemoryClusterView', () => {
  it('indexes by namespace, labels and uid, and forgets removed objects', () => {
    const view = new InMemoryClusterView('c1');
    view.upsert(pod('a', 'p1', { app: 'x', tier: 'web' }, 'u1'), Kinds.Pod);
    view.upsert(pod('b', 'p2', { app: 'x' }, 'u2'), Kinds.Pod);
    expect(
      view
        .list(Kinds.Pod)
        .map(p => p.metadata!.name)
        .sort(),
    ).toEqual(['p1', 'p2']);
    expect(view.list(Kinds.Pod, 'a')).toHaveLength(1);
    expect(
      view.selectByLabels(Kinds.Pod, undefined, { matchLabels: { app: 'x' } }),
    ).toHaveLength(2);
    expect(
      view.selectByLabels(Kinds.Pod, 'b', { matchLabels: { app: 'x' } }),
    ).toHaveLength(1);
    // Pods own nothing: only owners are found by uid.
    expect(view.byUid('u1')).toBeUndefined();
    view.upsert(
      { metadata: { name: 'rs1', namespace: 'a', uid: 'rs-u1' } },
      Kinds.ReplicaSet,
    );
    expect(view.byUid('rs-u1')?.metadata?.name).toBe('rs1');
    // relabel: old label entries must go
    view.upsert(pod('a', 'p1', { app: 'y' }, 'u1'), Kinds.Pod);
    expect(
      view.selectByLabels(Kinds.Pod, undefined, { matchLabels: { app: 'x' } }),
    ).toHaveLength(1);
    expect(view.remove(pod('b', 'p2', {}), Kinds.Pod)).toBe(true);
    expect(
      view.selectByLabels(Kinds.Pod, undefined, { matchLabels: { app: 'x' } }),
    ).toHaveLength(0);
    expect(view.namespacesWith(Kinds.Pod)).toEqual(['a']);
    expect(
      view.remove(
        { metadata: { name: 'rs1', namespace: 'a' } },
        Kinds.ReplicaSet,
      ),
    ).toBe(true);
    expect(view.byUid('rs-u1')).toBeUndefined();
  });

  it('keeps objects as the feeder gives them (the backend cache strips them), found by the kind passed for list items', () => {
    const view = new InMemoryClusterView('c1');
    const item = { metadata: { name: 's', namespace: 'n' } };
    expect(view.upsert(item, Kinds.Secret)).toBe(true);
    expect(view.get(Kinds.Secret, 'n', 's')).toBe(item);
    expect(view.upsert({ metadata: { name: 'no-kind' } })).toBe(false);
  });

  it('reports kinds never set as pending, and keeps `since` while the state holds', () => {
    const view = new InMemoryClusterView('c1', {
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(view.kindState(Kinds.Certificate)).toMatchObject({
      status: 'pending',
      since: '2025-01-01T00:00:00.000Z',
    });
    view.setKindState(
      Kinds.Certificate,
      'forbidden',
      'no RBAC',
      '2025-02-01T00:00:00Z',
    );
    view.setKindState(Kinds.Certificate, 'forbidden', 'still no RBAC');
    expect(view.kindState(Kinds.Certificate)).toMatchObject({
      status: 'forbidden',
      reason: 'still no RBAC',
      since: '2025-02-01T00:00:00Z',
    });
  });

  it('replaceAll swaps a kind wholesale (re-list after 410 Gone) and bumps its version', () => {
    const view = new InMemoryClusterView('c1');
    view.upsert(pod('a', 'old', { app: 'x' }), Kinds.Pod);
    const v = view.kindVersion(Kinds.Pod);
    const all = view.version();
    const services = view.kindVersion(Kinds.Service);
    view.replaceAll(Kinds.Pod, [pod('a', 'new', { app: 'x' })]);
    expect(view.list(Kinds.Pod).map(p => p.metadata!.name)).toEqual(['new']);
    expect(view.kindVersion(Kinds.Pod)).toBeGreaterThan(v);
    expect(view.version()).toBeGreaterThan(all);
    expect(view.kindVersion(Kinds.Service)).toBe(services);
    const afterReplace = view.version();
    view.setKindState(Kinds.Service, 'forbidden', 'RBAC');
    expect(view.version()).toBeGreaterThan(afterReplace);
    expect(
      view.selectByLabels(Kinds.Pod, 'a', { matchLabels: { app: 'x' } }),
    ).toHaveLength(1);
  });

  const labelArb = fc.dictionary(
    fc.constantFrom('app', 'tier', 'version', 'team'),
    fc.constantFrom('a', 'b', 'c'),
    {
      maxKeys: 4,
    },
  );
  const selectorArb: fc.Arbitrary<LabelSelector> = fc.record(
    {
      matchLabels: labelArb,
      matchExpressions: fc.array(
        fc.record({
          key: fc.constantFrom('app', 'tier', 'version', 'team'),
          operator: fc.constantFrom(
            'In' as const,
            'NotIn' as const,
            'Exists' as const,
            'DoesNotExist' as const,
          ),
          values: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  );

  it('indexed selector and service lookups agree with a full scan after random upserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom('upsert', 'upsert', 'remove'),
            ns: fc.constantFrom('n1', 'n2'),
            name: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
            labels: labelArb,
          }),
          { maxLength: 30 },
        ),
        fc.array(
          fc.record({
            ns: fc.constantFrom('n1', 'n2'),
            name: fc.constantFrom('s1', 's2'),
            selector: labelArb,
          }),
          {
            maxLength: 4,
          },
        ),
        selectorArb,
        (ops, services, selector) => {
          const view = new InMemoryClusterView('c');
          const truth = new Map<string, KubeObject>();
          for (const o of ops) {
            const p = pod(o.ns, o.name, o.labels);
            if (o.op === 'upsert') {
              view.upsert(p, Kinds.Pod);
              truth.set(`${o.ns}/${o.name}`, p);
            } else {
              view.remove(p, Kinds.Pod);
              truth.delete(`${o.ns}/${o.name}`);
            }
          }
          for (const s of services) {
            view.upsert(
              {
                metadata: { name: s.name, namespace: s.ns },
                spec: { selector: s.selector },
              },
              Kinds.Service,
            );
          }
          const key = (p: KubeObject) =>
            `${p.metadata!.namespace}/${p.metadata!.name}`;
          for (const ns of [undefined, 'n1']) {
            const expected = [...truth.values()]
              .filter(p => ns === undefined || p.metadata!.namespace === ns)
              .filter(p => matchesLabelSelector(selector, p.metadata!.labels!))
              .map(key)
              .sort();
            expect(
              view.selectByLabels(Kinds.Pod, ns, selector).map(key).sort(),
            ).toEqual(expected);
          }
          for (const p of truth.values()) {
            const expected = view
              .list(Kinds.Service, p.metadata!.namespace)
              .filter(s => {
                const sel = (s.spec as any).selector as Record<string, string>;
                return (
                  Object.keys(sel).length > 0 &&
                  matchesLabelSelector(
                    { matchLabels: sel },
                    p.metadata!.labels!,
                  )
                );
              })
              .map(s => s.metadata!.name)
              .sort();
            expect(
              view
                .servicesSelecting(p)
                .map(s => s.metadata!.name)
                .sort(),
            ).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('label selector strings round-trip through parse and format', () => {
    expect(
      parseLabelSelector(
        'app=reviews,version in (v1, v2),!canary,tier!=db,env',
      ),
    ).toEqual({
      matchLabels: { app: 'reviews' },
      matchExpressions: [
        { key: 'version', operator: 'In', values: ['v1', 'v2'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'Exists' },
      ],
    });
    expect(() => parseLabelSelector('app in (a')).toThrow();
    fc.assert(
      fc.property(selectorArb, labelArb, (selector, labels) => {
        const s = formatLabelSelector(selector);
        if (s === '') return;
        const parsed = parseLabelSelector(s);
        expect(matchesLabelSelector(parsed, labels)).toBe(
          matchesLabelSelector(selector, labels),
        );
      }),
    );
  });
});
