import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ScenarioObject } from './ScenarioObject';
import { loadDemoScenario } from './loadDemoScenario';
import { matchesSelector, proxyVersionOf } from './testUtils';

const NOW = new Date('2026-05-04T08:00:00Z');

describe('loadDemoScenario', () => {
  let objects: ScenarioObject[];
  beforeAll(() => {
    objects = loadDemoScenario({ now: NOW });
  });

  it('loads every manifest file into valid objects with stable UIDs', () => {
    expect(objects.length).toBeGreaterThan(200);
    for (const obj of objects) {
      expect(obj.apiVersion).toEqual(expect.any(String));
      expect(obj.kind).toEqual(expect.any(String));
      expect(obj.metadata.uid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const again = loadDemoScenario({ now: NOW });
    expect(again).toEqual(objects);
  });

  it('resolves every relative timestamp against the load time', () => {
    expect(JSON.stringify(objects)).not.toContain('{{now');
    const checkout = objects.find(
      o => o.kind === 'Certificate' && o.metadata.name === 'checkout-certs',
    )!;
    expect(checkout.status!.notAfter).toBe('2026-05-09T08:00:00Z');
    const later = loadDemoScenario({ now: new Date('2027-01-01T00:00:00Z') });
    const laterCheckout = later.find(
      o => o.kind === 'Certificate' && o.metadata.name === 'checkout-certs',
    )!;
    expect(laterCheckout.status!.notAfter).toBe('2027-01-06T00:00:00Z');
  });

  it('keeps Secrets to metadata', () => {
    const secrets = objects.filter(o => o.kind === 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret).not.toHaveProperty('data');
      expect(secret).not.toHaveProperty('stringData');
    }
  });

  it('has owner references that point at existing objects with the same UID', () => {
    const byUid = new Map(objects.map(o => [o.metadata.uid, o]));
    const owned = objects.filter(o => o.metadata.ownerReferences?.length);
    expect(owned.length).toBeGreaterThan(50);
    for (const obj of owned) {
      for (const ref of obj.metadata.ownerReferences!) {
        expect(byUid.get(ref.uid)).toMatchObject({
          kind: ref.kind,
          metadata: { name: ref.name },
        });
      }
    }
  });

  it('gives every Service with a selector at least one pod behind it', () => {
    const pods = objects.filter(o => o.kind === 'Pod');
    const withoutPods = objects
      .filter(o => o.kind === 'Service' && o.spec?.selector)
      .filter(
        svc =>
          !pods.some(
            p =>
              p.metadata.namespace === svc.metadata.namespace &&
              matchesSelector(p.metadata.labels, svc.spec!.selector),
          ),
      )
      .map(svc => `${svc.metadata.namespace}/${svc.metadata.name}`);
    expect(withoutPods).toEqual([]);
  });

  it('injects pods the way their revision would: proxy image, labels and status agree', () => {
    const injected = objects.filter(
      o =>
        o.kind === 'Pod' && o.metadata.annotations?.['sidecar.istio.io/status'],
    );
    expect(injected.length).toBeGreaterThan(20);
    for (const pod of injected) {
      const rev = pod.metadata.labels!['istio.io/rev'];
      expect(proxyVersionOf(pod)!.replace(/\./g, '-')).toBe(rev);
      expect(
        JSON.parse(pod.metadata.annotations!['sidecar.istio.io/status'])
          .revision,
      ).toBe(rev);
      expect(pod.metadata.labels!['security.istio.io/tlsMode']).toBe('istio');
      expect(pod.spec!.initContainers.map((c: any) => c.name)).toContain(
        'istio-validation',
      );
    }
    const revisions = new Set(
      objects
        .filter(
          o => o.kind === 'Deployment' && o.metadata.labels?.app === 'istiod',
        )
        .map(o => o.metadata.labels!['istio.io/rev']),
    );
    for (const pod of injected)
      expect(revisions).toContain(pod.metadata.labels!['istio.io/rev']);
  });

  it('rewrites HTTP probes unless the pod opts out', () => {
    const podOf = (ns: string, app: string) =>
      objects.find(
        o =>
          o.kind === 'Pod' &&
          o.metadata.namespace === ns &&
          o.metadata.labels?.app === app,
      )!;
    const productpage = podOf('bookinfo', 'productpage').spec!.containers[0];
    expect(productpage.readinessProbe.httpGet).toEqual({
      path: '/app-health/productpage/readyz',
      port: 15020,
      scheme: 'HTTP',
    });
    const checkout = podOf('storefront-checkout', 'checkout').spec!
      .containers[0];
    expect(checkout.readinessProbe.httpGet).toEqual({
      path: '/healthz',
      port: 8080,
    });
  });

  describe('with a broken scenario directory', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwise-scenario-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('names the file and document of a YAML error', () => {
      fs.writeFileSync(
        path.join(dir, 'a.yaml'),
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n',
      );
      expect(() => loadDemoScenario({ directory: dir })).toThrow(
        /a\.yaml, document 2/,
      );
    });

    it('refuses objects in namespaces the scenario does not define', () => {
      fs.writeFileSync(
        path.join(dir, 'a.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: nowhere\n',
      );
      expect(() => loadDemoScenario({ directory: dir })).toThrow(
        /namespace "nowhere" is not defined/,
      );
    });
  });
});
