import fc from 'fast-check';
import { fixtureView, loadFixture, NOW } from '../__testUtils__/fixtureView';
import { Kinds, WATCHED_KINDS } from '../kinds';
import { KubeObject } from '../types/kube';
import { ClusterView } from '../view/ClusterView';
import { KindSyncStatus } from '../types/sync';
import { analyzeCluster, ClusterAnalysis } from './analyzeCluster';
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

/**
 * The status model's rules for unreadable kinds ("missing data is never shown
 * as healthy"), as implications over one analysis; returns the ones it breaks
 * so that a counterexample names every broken rule at once.
 */
function unknownRuleViolations(
  view: ClusterView,
  analysis: ClusterAnalysis,
): string[] {
  const violations: string[] = [];
  const rule = (holds: boolean, description: string) => {
    if (!holds) violations.push(description);
  };
  const notSynced = (k: { group: string; kind: string }) =>
    view.kindState(k).status !== 'synced';
  for (const w of analysis.workloads) {
    const at = `${w.workload.namespace ?? ''}/${w.workload.name}`;
    if (w.dataPlane.mode === 'unknown')
      rule(
        w.dataPlane.unknown?.reason !== undefined,
        `${at}: unknown data plane has a reason`,
      );
    if (w.mtls.mode === 'unknown')
      rule(
        w.mtls.unknown?.reason !== undefined,
        `${at}: unknown mTLS has a reason`,
      );
    if (notSynced(Kinds.Pod)) {
      rule(
        w.dataPlane.mode === 'unknown',
        `${at}: data plane unknown without pods`,
      );
      rule(w.mtls.mode === 'unknown', `${at}: mTLS unknown without pods`);
    }
    if (
      notSynced(Kinds.PeerAuthentication) &&
      w.dataPlane.pods.some(p => p.mode !== 'none')
    ) {
      rule(
        w.mtls.mode === 'unknown',
        `${at}: meshed mTLS unknown without PeerAuthentications`,
      );
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
    if (exposureKindsBroken)
      rule(
        w.exposure.exposed !== false,
        `${at}: not claimed unexposed while a route source is unreadable`,
      );
    if (notSynced(Kinds.AuthorizationPolicy))
      rule(
        w.authorization.defaultDecision === 'unknown',
        `${at}: default decision unknown without AuthorizationPolicies`,
      );
    for (const entry of w.exposure.entries) {
      for (const c of entry.credentials) {
        if (c.state === 'unknown')
          rule(
            c.unknown?.reason !== undefined,
            `${at}: unknown credential has a reason`,
          );
        if (c.state === 'ready')
          rule(
            c.certificate?.ready === 'True',
            `${at}: ready credential has a Ready certificate`,
          );
      }
    }
  }
  for (const e of analysis.eck) {
    const at = `${e.ref.namespace ?? ''}/${e.ref.name}`;
    if (e.health !== 'unknown')
      rule(
        ['green', 'yellow', 'red'].includes(e.health),
        `${at}: known ECK health is green, yellow or red`,
      );
    if (notSynced(Kinds.PeerAuthentication) && e.dataPlane !== 'none')
      rule(
        e.mtls === 'unknown',
        `${at}: ECK mTLS unknown without PeerAuthentications`,
      );
    for (const c of e.checks)
      if (c.state === 'pass')
        rule(c.message !== '', `${at}: passed check ${c.code} has a message`);
  }
  // no finding may claim a kind's objects are missing while that kind is unreadable
  const hasFinding = (...codes: string[]) =>
    analysis.findings.some(f => codes.includes(f.code));
  if (notSynced(Kinds.IstioGateway))
    rule(!hasFinding('MW305'), 'no MW305 without Istio Gateways');
  if (notSynced(Kinds.ServiceAccount))
    rule(!hasFinding('MW404'), 'no MW404 without ServiceAccounts');
  if (notSynced(Kinds.Pod))
    rule(
      !hasFinding('MW307', 'MW402', 'MW102'),
      'no MW307, MW402 or MW102 without pods',
    );
  return violations;
}

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
        expect(unknownRuleViolations(view, analysis)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
