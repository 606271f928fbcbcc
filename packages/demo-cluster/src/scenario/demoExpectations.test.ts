import {
  CertificateExpectation,
  demoExpectations,
  expectedTimestamp,
  ObjectRef,
} from './demoExpectations';
import {
  COMPONENT_ROWS,
  ECK_STACK_ROWS,
  EXPOSURE_ROWS,
  FINDING_ROWS,
} from './demoExpectationTable';
import { ScenarioObject } from './ScenarioObject';
import { loadDemoScenario } from './loadDemoScenario';
import {
  findObject,
  podsOfEntity,
  proxyVersionOf,
  readCatalogFile,
} from './testUtils';

const NOW = new Date('2026-05-04T08:00:00Z');

function unique<T>(values: T[]): T[] {
  return [...new Set(values)].sort();
}

/** The namespace-level data-plane mode the design derives from the pods' modes. */
function dataPlaneOf(modes: string[], hasWaypoint: boolean): string {
  if (modes.length > 1) return 'partial';
  if (modes[0] === 'ambient' && hasWaypoint) return 'ambient+waypoint';
  return modes[0];
}

describe('demoExpectations', () => {
  let objects: ScenarioObject[];
  const components = readCatalogFile('components.yaml').filter(
    e => e.kind === 'Component',
  );
  const exists = (ref: ObjectRef) => findObject(objects, ref) !== undefined;
  const podsOf = (name: string) =>
    podsOfEntity(
      components.find(c => c.metadata.name === name)!.metadata.annotations,
      objects,
    );

  beforeAll(() => {
    objects = loadDemoScenario({ now: NOW });
  });

  it('describes exactly the catalog Components, with their owners', () => {
    expect(Object.keys(demoExpectations.components).sort()).toEqual(
      components.map(c => c.metadata.name).sort(),
    );
    for (const c of components) {
      expect(
        `group:${demoExpectations.components[c.metadata.name].owner}`,
      ).toBe(c.spec!.owner);
    }
  });

  it('joins every exposure and ECK row to a component row, and states each finding once', () => {
    const componentNames = new Set(COMPONENT_ROWS.map(c => c.name));
    const orphans = [...EXPOSURE_ROWS, ...ECK_STACK_ROWS]
      .map(row => row.component)
      .filter(name => !componentNames.has(name));
    expect(orphans).toEqual([]);
    const stated = FINDING_ROWS.map(
      f =>
        `${f.code} ${f.objects
          .map(o => `${o.kind} ${o.namespace}/${o.name}`)
          .join(', ')}`,
    );
    expect(stated.filter((s, i) => stated.indexOf(s) !== i)).toEqual([]);
  });

  it('refers only to objects that exist', () => {
    const refs: ObjectRef[] = [];
    for (const c of Object.values(demoExpectations.components)) {
      for (const e of c.exposure) {
        refs.push(e.route);
        if (!e.problem || e.problem !== 'MW305') refs.push(e.gateway);
        if (e.certificate) refs.push(e.certificate);
      }
      refs.push(...(c.eck?.resources ?? []));
      for (const p of c.authorizationPolicies) {
        const [namespace, name] = p.split('/');
        refs.push({ kind: 'AuthorizationPolicy', namespace, name });
      }
    }
    for (const cert of Object.values(demoExpectations.certificates))
      refs.push(cert.ref, ...cert.usedBy);
    for (const f of [
      ...demoExpectations.findings,
      ...demoExpectations.absentFindings,
    ])
      refs.push(...f.objects);
    for (const name of Object.keys(demoExpectations.namespaces))
      refs.push({ kind: 'Namespace', name });
    const missing = refs.filter(r => !exists(r));
    expect(missing).toEqual([]);
  });

  it('names, for the missing-gateway case, a gateway that really is missing', () => {
    const reviews = demoExpectations.components.reviews.exposure.find(
      e => e.problem === 'MW305',
    )!;
    expect(exists(reviews.gateway)).toBe(false);
  });

  it('agrees with the manifests on pods, revisions, proxy versions and pods to restart', () => {
    const namespaceRevision = (ns: string) =>
      demoExpectations.namespaces[ns]?.effectiveRevision;
    for (const [name, expected] of Object.entries(
      demoExpectations.components,
    )) {
      const pods = podsOf(name);
      const sidecars = pods.filter(p => proxyVersionOf(p));
      const actual = {
        name,
        podCount: pods.length,
        namespaces: unique(pods.map(p => p.metadata.namespace!)),
        revisions: unique(
          sidecars.map(p => p.metadata.labels!['istio.io/rev']),
        ),
        proxyVersions: unique(sidecars.map(p => proxyVersionOf(p)!)),
        podsToRestart: sidecars.filter(p => {
          const want = namespaceRevision(p.metadata.namespace!);
          return (
            want !== undefined && want !== p.metadata.labels!['istio.io/rev']
          );
        }).length,
      };
      expect(actual).toEqual({
        name,
        podCount: expected.podCount,
        namespaces: unique(expected.namespaces),
        revisions: unique(expected.revisions),
        proxyVersions: unique(expected.proxyVersions),
        podsToRestart: expected.podsToRestart,
      });
    }
  });

  it('agrees with the pods on each data-plane mode', () => {
    for (const [name, expected] of Object.entries(
      demoExpectations.components,
    )) {
      const pods = podsOf(name);
      const modes = unique(
        pods.map(p => {
          if (proxyVersionOf(p)) return 'sidecar';
          if (
            p.metadata.annotations?.['ambient.istio.io/redirection'] ===
            'enabled'
          )
            return 'ambient';
          return 'none';
        }),
      );
      const ns = demoExpectations.namespaces[expected.namespaces[0]];
      const derived = dataPlaneOf(modes, Boolean(ns.waypoint));
      expect({ name, dataPlane: derived }).toEqual({
        name,
        dataPlane: expected.dataPlane,
      });
    }
  });

  it('agrees with the manifests on revisions in use', () => {
    const pods = objects.filter(
      o =>
        o.kind === 'Pod' &&
        proxyVersionOf(o) &&
        o.metadata.annotations?.['sidecar.istio.io/status'],
    );
    for (const [rev, expected] of Object.entries(demoExpectations.revisions)) {
      const istiod = findObject(objects, {
        kind: 'Deployment',
        namespace: 'istio-system',
        name: `istiod-${rev}`,
      });
      expect({
        rev,
        image: istiod?.spec?.template.spec.containers.find(
          (c: { name: string }) => c.name === 'discovery',
        )?.image,
      }).toEqual({ rev, image: `docker.io/istio/pilot:${expected.version}` });
      expect({
        rev,
        pods: pods.filter(p => p.metadata.labels!['istio.io/rev'] === rev)
          .length,
      }).toEqual({
        rev,
        pods: expected.sidecarPods,
      });
      expect(expected.inUse).toBe(expected.sidecarPods > 0);
    }
    const tag = findObject(objects, {
      kind: 'MutatingWebhookConfiguration',
      name: 'istio-revision-tag-default',
    })!;
    expect(tag.metadata.labels!['istio.io/rev']).toBe(
      demoExpectations.defaultRevisionTag,
    );
  });

  it('agrees with the Certificates on readiness and expiry, relative to load time', () => {
    const certificates = Object.values(demoExpectations.certificates);
    const observe = (expected: CertificateExpectation) => {
      const cert = findObject(objects, expected.ref)!;
      const ready = cert.status!.conditions.find(
        (c: any) => c.type === 'Ready',
      );
      return { cert, ready };
    };
    const issued = (expected: CertificateExpectation) =>
      expected.daysToExpiry !== undefined;
    for (const expected of certificates.filter(issued)) {
      const { cert } = observe(expected);
      expect(cert.status!.notAfter).toBe(
        expectedTimestamp(NOW, expected.daysToExpiry!),
      );
      expect(cert.status!.renewalTime).toBe(
        expectedTimestamp(NOW, expected.daysToRenewal!),
      );
    }
    for (const expected of certificates.filter(c => !issued(c))) {
      const { cert, ready } = observe(expected);
      expect(cert.status!.notAfter).toBeUndefined();
      expect(ready.reason).toBe(expected.reason);
      expect(cert.status!.failedIssuanceAttempts).toBe(
        expected.failedIssuanceAttempts,
      );
    }
    for (const expected of certificates) {
      const { cert, ready } = observe(expected);
      expect(ready.status).toBe(expected.ready ? 'True' : 'False');
      for (const gateway of expected.usedBy) {
        const gw = findObject(objects, gateway)!;
        const names =
          gw.apiVersion === 'networking.istio.io/v1'
            ? gw.spec!.servers.map((s: any) => s.tls?.credentialName)
            : gw.spec!.listeners.flatMap((l: any) =>
                (l.tls?.certificateRefs ?? []).map((r: any) => r.name),
              );
        expect(names).toContain(cert.spec!.secretName);
      }
    }
  });

  it('agrees with the ECK resources on health', () => {
    for (const c of Object.values(demoExpectations.components)) {
      if (!c.eck) continue;
      for (const ref of c.eck.resources) {
        const resource = findObject(objects, ref)!;
        expect({ ref, health: resource.status!.health }).toEqual({
          ref,
          health:
            c.eck.health[ref.kind as 'Elasticsearch' | 'Kibana' | 'ApmServer'],
        });
      }
      expect(c.eck.passes.filter(code => c.eck!.fails.includes(code))).toEqual(
        [],
      );
    }
  });

  it('states each finding code of the catalogue it exercises, and never both fires and not', () => {
    const fired = new Set(demoExpectations.findings.map(f => f.code));
    for (const code of [
      'MW101',
      'MW102',
      'MW103',
      'MW104',
      'MW105',
      'MW106',
      'MW107',
      'MW201',
      'MW202',
      'MW203',
      'MW301',
      'MW302',
      'MW303',
      'MW304',
      'MW305',
      'MW306',
      'MW307',
      'MW402',
      'MW404',
      'MW405',
      'MW503',
      'MW504',
      'MW506',
      'MW507',
      'MW509',
      'MW510',
      'MW602',
      'MW701',
    ]) {
      expect(fired).toContain(code);
    }
    const key = (code: string, ref: ObjectRef) =>
      `${code} ${ref.kind} ${ref.namespace}/${ref.name}`;
    const firing = new Set(
      demoExpectations.findings.flatMap(f =>
        f.objects.map(o => key(f.code, o)),
      ),
    );
    const clash = demoExpectations.absentFindings
      .flatMap(f => f.objects.map(o => key(f.code, o)))
      .filter(k => firing.has(k));
    expect(clash).toEqual([]);
  });
});
