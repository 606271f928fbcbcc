import fc from 'fast-check';
import { fixtureView, loadFixture, NOW } from '../__testUtils__/fixtureView';
import { Kinds, WATCHED_KINDS } from '../kinds';
import { KubeObject } from '../types/kube';
import { KindSyncStatus } from '../view/ClusterView';
import { analyzeCluster } from './computeFindings';
import { computeWorkloadStatus } from './computeWorkloadStatus';
import { summarizeCluster } from './summarizeFleet';

const fixtures = [
  ...loadFixture('bookinfo-sidecar.yaml'),
  ...loadFixture('eck-elastic-istio.yaml'),
  ...loadFixture('ambient.yaml'),
];

/** Every path to a value inside an object, for targeted corruption. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}
const fixturePaths = fixtures.map(o => paths(o));

const junk = fc.oneof(
  fc.constantFrom(null, undefined, 0, -1, 1e12, '', 'x', true, [], {}, [null], {
    a: null,
  }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Fixture objects with random fields replaced by values of the wrong type (or removed). */
const corruptedFixtures = fc
  .array(fc.tuple(fc.nat(), fc.nat(), junk), { maxLength: 25 })
  .map(mutations => {
    const copy = JSON.parse(JSON.stringify(fixtures)) as any[];
    for (const [oi, pi, replacement] of mutations) {
      const o = oi % copy.length;
      const ps = fixturePaths[o];
      if (!ps.length) continue;
      const path = ps[pi % ps.length];
      let target = copy[o];
      for (const step of path.slice(0, -1)) {
        if (target === null || typeof target !== 'object') break;
        target = target[step];
      }
      if (target !== null && typeof target === 'object')
        target[path[path.length - 1]] = replacement;
    }
    return copy as KubeObject[];
  });

/** Objects of watched kinds with arbitrary content. */
const arbitraryObjects = fc.array(
  fc.record(
    {
      apiVersion: fc.constantFrom(
        ...WATCHED_KINDS.map(k =>
          k.group ? `${k.group}/${k.versions[0]}` : 'v1',
        ),
      ),
      kind: fc.constantFrom(...WATCHED_KINDS.map(k => k.kind)),
      metadata: fc.oneof(
        fc.record({
          name: fc.constantFrom('a', 'b', 'istiod', 'default'),
          namespace: fc.option(
            fc.constantFrom('istio-system', 'ns1', 'default'),
            { nil: undefined },
          ),
          labels: fc.option(
            fc.dictionary(
              fc.constantFrom(
                'app',
                'istio',
                'istio.io/rev',
                'istio-injection',
              ),
              fc.constantFrom('x', 'enabled', 'ingressgateway', 'default'),
            ),
            { nil: undefined },
          ),
        }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      spec: fc.jsonValue({ maxDepth: 4 }),
      status: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: ['kind'] },
  ),
  { maxLength: 30 },
);

const statesArb = fc.array(
  fc.record({
    kind: fc.constantFrom(...WATCHED_KINDS),
    status: fc.constantFrom<KindSyncStatus>(
      'forbidden',
      'notInstalled',
      'error',
      'stale',
      'pending',
    ),
  }),
  { maxLength: 6 },
);

const selectionArb = fc.record({
  labelSelector: fc.constantFrom(
    'app=productpage',
    'app',
    '!app',
    'app in (details,ratings)',
    'app=',
    'bad selector(',
    '',
  ),
  namespace: fc.option(
    fc.constantFrom('bookinfo', 'default', 'book-info', 'nope'),
    { nil: undefined },
  ),
});

describe('analyzers on arbitrary and partial objects', () => {
  it('never throw and never record internal errors', () => {
    fc.assert(
      fc.property(
        fc.oneof(corruptedFixtures, arbitraryObjects),
        statesArb,
        selectionArb,
        (objects, states, selection) => {
          const view = fixtureView(objects as KubeObject[], states);
          const analysis = analyzeCluster(view, { now: NOW });
          expect(analysis.errors).toEqual([]);
          const entity = computeWorkloadStatus(view, selection, { now: NOW });
          expect(entity.errors).toBeUndefined();
          summarizeCluster(view, analysis, { now: NOW });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mark values unknown, with a reason, whenever the kinds behind them are unreadable', () => {
    fc.assert(
      fc.property(corruptedFixtures, statesArb, (objects, states) => {
        const view = fixtureView(objects, states);
        const analysis = analyzeCluster(view, { now: NOW });
        const notSynced = (k: { group: string; kind: string }) =>
          view.kindState(k).status !== 'synced';
        for (const w of analysis.workloads) {
          if (w.dataPlane.mode === 'unknown')
            expect(w.dataPlane.unknown?.reason).toBeDefined();
          if (w.mtls.mode === 'unknown')
            expect(w.mtls.unknown?.reason).toBeDefined();
          if (notSynced(Kinds.Pod)) {
            expect(w.dataPlane.mode).toBe('unknown');
            expect(w.mtls.mode).toBe('unknown');
          }
          if (
            notSynced(Kinds.PeerAuthentication) &&
            w.dataPlane.pods.some(p => p.mode !== 'none')
          ) {
            expect(w.mtls.mode).toBe('unknown');
          }
          // a route source is unknown unless one of its CRDs is absent (then it is known empty)
          const exposureKindsBroken = [
            [Kinds.VirtualService, Kinds.IstioGateway],
            [Kinds.HTTPRoute, Kinds.K8sGateway],
          ].some(
            kinds =>
              kinds.some(notSynced) &&
              !kinds.some(k => view.kindState(k).status === 'notInstalled'),
          );
          if (exposureKindsBroken) expect(w.exposure.exposed).not.toBe(false);
          if (notSynced(Kinds.AuthorizationPolicy))
            expect(w.authorization.defaultDecision).toBe('unknown');
          for (const entry of w.exposure.entries) {
            for (const c of entry.credentials) {
              if (c.state === 'unknown')
                expect(c.unknown?.reason).toBeDefined();
              if (c.state === 'ready')
                expect(c.certificate?.ready).toBe('True');
            }
          }
        }
        for (const e of analysis.eck) {
          if (e.health !== 'unknown')
            expect(['green', 'yellow', 'red']).toContain(e.health);
          if (notSynced(Kinds.PeerAuthentication) && e.dataPlane !== 'none')
            expect(e.mtls).toBe('unknown');
          for (const c of e.checks)
            if (c.state === 'pass') expect(c.message).not.toBe('');
        }
        // no finding may claim a kind's objects are missing while that kind is unreadable
        if (notSynced(Kinds.IstioGateway))
          expect(analysis.findings.some(f => f.code === 'MW305')).toBe(false);
        if (notSynced(Kinds.ServiceAccount))
          expect(analysis.findings.some(f => f.code === 'MW404')).toBe(false);
        if (notSynced(Kinds.Pod)) {
          expect(
            analysis.findings.some(f =>
              ['MW307', 'MW402', 'MW102'].includes(f.code),
            ),
          ).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
