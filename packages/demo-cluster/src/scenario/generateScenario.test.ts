import { generateScenario, GeneratedScenario } from './generateScenario';
import { ScenarioObject } from './ScenarioObject';
import { podsOfEntity, proxyVersionOf } from './testUtils';
import { validateScenario } from './validateScenario';

const NOW = new Date('2026-05-04T08:00:00Z');

function appPods(objects: ScenarioObject[]): ScenarioObject[] {
  return objects.filter(
    o =>
      o.kind === 'Pod' &&
      /^svc-/.test(o.metadata.labels?.['backstage.io/kubernetes-id'] ?? ''),
  );
}

function namespaceProfiles(objects: ScenarioObject[]): Set<string> {
  const profiles = new Set<string>();
  for (const ns of objects.filter(
    o => o.kind === 'Namespace' && o.metadata.labels?.team,
  )) {
    const l = ns.metadata.labels!;
    if (l['istio.io/use-waypoint']) profiles.add('ambient-waypoint');
    else if (l['istio.io/dataplane-mode'] === 'ambient')
      profiles.add('ambient');
    else if (l['istio.io/rev']) profiles.add(`sidecar-${l['istio.io/rev']}`);
    else profiles.add('none');
  }
  return profiles;
}

describe('generateScenario', () => {
  let medium: GeneratedScenario;
  beforeAll(() => {
    medium = generateScenario({
      clusterName: 'gen',
      services: 120,
      podsPerService: 2,
      seed: 7,
      now: NOW,
    });
  });

  it('creates the requested services and pods, and a valid scenario', () => {
    expect(appPods(medium.objects)).toHaveLength(240);
    expect(
      medium.objects.filter(
        o => o.kind === 'Deployment' && /^svc-/.test(o.metadata.name),
      ),
    ).toHaveLength(120);
    expect(() => validateScenario(medium.objects)).not.toThrow();
    expect(
      medium.objects
        .filter(o => o.kind === 'Secret')
        .filter(s => 'data' in s || 'stringData' in s),
    ).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateScenario({
      clusterName: 'gen',
      services: 120,
      podsPerService: 2,
      seed: 7,
      now: NOW,
    });
    expect(again).toEqual(medium);
    const other = generateScenario({
      clusterName: 'gen',
      services: 120,
      podsPerService: 2,
      seed: 8,
      now: NOW,
    });
    expect(other.objects.length).toBeGreaterThan(0);
    expect(other).not.toEqual(medium);
  });

  it('maps every Component entity to its pods', () => {
    const components = medium.entities.filter(e => e.kind === 'Component');
    expect(components.filter(c => /^svc-/.test(c.metadata.name))).toHaveLength(
      120,
    );
    for (const c of components) {
      const pods = podsOfEntity(c.metadata.annotations, medium.objects);
      const expected = /^svc-/.test(c.metadata.name) ? 2 : 5;
      expect({ name: c.metadata.name, pods: pods.length }).toEqual({
        name: c.metadata.name,
        pods: expected,
      });
    }
    const groups = new Set(
      medium.entities
        .filter(e => e.kind === 'Group')
        .map(g => `group:${g.metadata.name}`),
    );
    for (const e of medium.entities.filter(x => x.kind !== 'Group'))
      expect(groups).toContain(e.spec.owner);
  });

  it('has the demo variety: both revisions, ambient with and without waypoint, out of mesh', () => {
    expect(namespaceProfiles(medium.objects)).toEqual(
      new Set([
        'sidecar-1-24-3',
        'sidecar-1-23-2',
        'ambient',
        'ambient-waypoint',
        'none',
      ]),
    );
    const waypoints = medium.objects.filter(
      o =>
        o.kind === 'Gateway' && o.spec?.gatewayClassName === 'istio-waypoint',
    );
    expect(waypoints.length).toBeGreaterThan(0);
  });

  it('leaves pods on the old proxy in namespaces moved to the new revision', () => {
    const newRevNamespaces = new Set(
      medium.objects
        .filter(
          o =>
            o.kind === 'Namespace' &&
            o.metadata.labels?.['istio.io/rev'] === '1-24-3',
        )
        .map(o => o.metadata.name),
    );
    const stale = appPods(medium.objects).filter(
      p =>
        newRevNamespaces.has(p.metadata.namespace!) &&
        proxyVersionOf(p) === '1.23.2',
    );
    const current = appPods(medium.objects).filter(
      p =>
        newRevNamespaces.has(p.metadata.namespace!) &&
        proxyVersionOf(p) === '1.24.3',
    );
    expect(stale.length).toBeGreaterThan(0);
    expect(current.length).toBeGreaterThan(stale.length);
  });

  it('has PERMISSIVE exceptions and AuthorizationPolicies that select real workloads', () => {
    const permissive = medium.objects.filter(
      o =>
        o.kind === 'PeerAuthentication' && o.spec?.mtls?.mode === 'PERMISSIVE',
    );
    expect(permissive.length).toBeGreaterThan(0);
    const policies = medium.objects.filter(
      o =>
        o.kind === 'AuthorizationPolicy' &&
        o.metadata.namespace !== 'istio-system',
    );
    expect(policies.length).toBeGreaterThan(40);
    const pods = appPods(medium.objects);
    const selectingNothing = [...permissive, ...policies]
      .filter(
        p =>
          !pods.some(
            pod =>
              pod.metadata.namespace === p.metadata.namespace &&
              pod.metadata.labels!.app === p.spec!.selector.matchLabels.app,
          ),
      )
      .map(p => `${p.kind} ${p.metadata.namespace}/${p.metadata.name}`);
    expect(selectingNothing).toEqual([]);
  });

  it('exposes services through MUTUAL gateways with ready, expiring and failing certificates', () => {
    const certs = medium.objects.filter(o => o.kind === 'Certificate');
    const state = (c: ScenarioObject) => {
      const ready =
        c.status!.conditions.find((x: any) => x.type === 'Ready').status ===
        'True';
      if (!ready) return 'failing';
      return Date.parse(c.status!.notAfter) - NOW.getTime() < 7 * 86_400_000
        ? 'expiring'
        : 'ready';
    };
    expect(new Set(certs.map(state))).toEqual(
      new Set(['ready', 'expiring', 'failing']),
    );
    const gateways = medium.objects.filter(
      o => o.kind === 'Gateway' && o.apiVersion === 'networking.istio.io/v1',
    );
    expect(gateways).toHaveLength(certs.length);
    const secretNames = new Set(certs.map(c => c.spec!.secretName));
    for (const gw of gateways) {
      expect(gw.spec!.servers[0].tls.mode).toBe('MUTUAL');
      expect(secretNames).toContain(gw.spec!.servers[0].tls.credentialName);
    }
    for (const c of certs.filter(x => state(x) === 'failing')) {
      expect(c.status!.failedIssuanceAttempts).toBeGreaterThan(0);
      expect(
        medium.objects.some(
          o => o.kind === 'Secret' && o.metadata.name === c.spec!.secretName,
        ),
      ).toBe(false);
    }
  });

  it('adds Elastic Stacks set up both right and wrong', () => {
    const stacks = medium.objects.filter(o => o.kind === 'Elasticsearch');
    expect(stacks).toHaveLength(2);
    const disabled = stacks.map(
      es => es.spec!.http?.tls?.selfSignedCertificate?.disabled === true,
    );
    expect(disabled.sort()).toEqual([false, true]);
    expect(stacks.map(es => es.status!.health).sort()).toEqual([
      'green',
      'yellow',
    ]);
    expect(medium.objects.filter(o => o.kind === 'Kibana')).toHaveLength(2);
    expect(medium.objects.filter(o => o.kind === 'ApmServer')).toHaveLength(2);
  });

  it('scales to 2,000 services of 10 pods', () => {
    const big = generateScenario({
      clusterName: 'big',
      services: 2000,
      podsPerService: 10,
      seed: 1,
      now: NOW,
    });
    expect(appPods(big.objects)).toHaveLength(20_000);
    expect(big.entities.filter(e => e.kind === 'Component').length).toBe(
      2000 + 21,
    );
  });

  it('refuses nonsensical sizes', () => {
    expect(() =>
      generateScenario({
        clusterName: 'x',
        services: -1,
        podsPerService: 1,
        seed: 1,
      }),
    ).toThrow(/services/);
    expect(() =>
      generateScenario({
        clusterName: 'x',
        services: 1,
        podsPerService: 0,
        seed: 1,
      }),
    ).toThrow(/podsPerService/);
  });
});
