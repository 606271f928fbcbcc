import { Kinds } from '../kinds';
import { loadFixture, patched } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';

/**
 * bookinfo: productpage and details with sidecars in bookinfo
 * (istio-injection=enabled); the ingress gateway in istio-system; policies
 * bookinfo/policy, bookinfo/details-from-productpage and
 * istio-system/frontend-ingress, each selecting pods that exist.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const namespace = (name: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
`;

const plainPod = (ns: string, app: string, annotations = {}) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${app}-0
  namespace: ${ns}
  labels: { app: ${app} }
  annotations: ${JSON.stringify(annotations)}
spec: { containers: [{ name: app, image: app:1 }] }
status: { phase: Running }
`;

const policy = (
  ns: string,
  name: string,
  spec: Record<string, unknown> = {},
) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec: ${JSON.stringify(spec)}
`;

describe('MW402 / IST0127: an AuthorizationPolicy no mesh workload is subject to', () => {
  const cluster = withYaml(
    bookinfo,
    // a namespace outside the mesh, its pod without proxy
    namespace('legacy'),
    plainPod('legacy', 'billing'),
    policy('legacy', 'namespace-wide', { action: 'DENY', rules: [{}] }),
    policy('legacy', 'billing-only', {
      selector: { matchLabels: { app: 'billing' } },
    }),
    // an injected namespace without pods yet
    namespace('fresh', { 'istio-injection': 'enabled' }),
    policy('fresh', 'namespace-wide'),
    // an ambient namespace: its pods are in the mesh without a sidecar
    namespace('ambient', { 'istio.io/dataplane-mode': 'ambient' }),
    plainPod('ambient', 'ratings', {
      'ambient.istio.io/redirection': 'enabled',
    }),
    policy('ambient', 'namespace-wide'),
    // bookinfo has mesh pods; the root namespace's selector-less policy is mesh-wide
    policy('bookinfo', 'namespace-wide'),
    policy('istio-system', 'mesh-wide', { action: 'ALLOW', rules: [{}] }),
    // a root-namespace selector looks at the whole cluster's mesh pods
    policy('istio-system', 'billing-anywhere', {
      selector: { matchLabels: { app: 'billing' } },
    }),
  );

  it('reports selector-less policies where no pod is in the mesh, and selectors matching only pods outside it', () => {
    expect(flagged(cluster, 'MW402')).toEqual([
      'AuthorizationPolicy fresh/namespace-wide',
      'AuthorizationPolicy istio-system/billing-anywhere',
      'AuthorizationPolicy legacy/billing-only',
      'AuthorizationPolicy legacy/namespace-wide',
    ]);
    const [namespaceWide] = findingsOf(cluster, 'MW402').filter(
      f =>
        f.objects[0].namespace === 'legacy' &&
        f.objects[0].name === 'namespace-wide',
    );
    expect(namespaceWide.message).toBe(
      'AuthorizationPolicy legacy/namespace-wide applies to every workload in legacy, but no pod in legacy is in the mesh; the policy has no effect.',
    );
  });
});

describe('MW403 / IST0101: source namespaces that match no namespace', () => {
  // bookinfo and istio-system exist.
  const from = (name: string, source: Record<string, string[]>) =>
    policy('bookinfo', name, {
      selector: { matchLabels: { app: 'details' } },
      rules: [{ from: [{ source }] }],
    });
  const cluster = withYaml(
    bookinfo,
    from('typo', { namespaces: ['bookinf0'] }),
    from('suffix-nowhere', { namespaces: ['*-bogus'] }),
    from('prefix-nowhere', { notNamespaces: ['bogus-*'] }),
    from('prefix', { namespaces: ['book*'] }),
    from('suffix', { notNamespaces: ['*-system'] }),
    from('any', { namespaces: ['*'] }),
    from('other-case', { namespaces: ['BookInfo'] }),
  );

  it('reports names and prefix or suffix patterns that match no namespace, and no other', () => {
    expect(flagged(cluster, 'MW403')).toEqual([
      'AuthorizationPolicy bookinfo/prefix-nowhere',
      'AuthorizationPolicy bookinfo/suffix-nowhere',
      'AuthorizationPolicy bookinfo/typo',
    ]);
    const [suffix] = findingsOf(cluster, 'MW403').filter(
      f => f.objects[0].name === 'suffix-nowhere',
    );
    expect(suffix).toMatchObject({
      istioCode: 'IST0101',
      kialiCode: 'KIA0101',
      message:
        'AuthorizationPolicy bookinfo/suffix-nowhere names namespace(s) *-bogus, which match no namespace.',
    });
  });
});

describe('MW404 / KIA0106 and MW409 / KIA0108: principals of missing service accounts and of unknown trust domains', () => {
  // bookinfo has the service accounts bookinfo-productpage and bookinfo-details.
  const from = (name: string, principals: string[]) =>
    policy('bookinfo', name, {
      selector: { matchLabels: { app: 'details' } },
      rules: [{ from: [{ source: { principals } }] }],
    });
  const policies = [
    from('existing', ['cluster.local/ns/bookinfo/sa/bookinfo-productpage']),
    from('ghost', ['cluster.local/ns/bookinfo/sa/ghost']),
    from('partner', ['partner.example/ns/bookinfo/sa/bookinfo-productpage']),
    from('partner-ghost', ['partner.example/ns/bookinfo/sa/ghost']),
    from('current', ['corp.example/ns/bookinfo/sa/bookinfo-details']),
    from('alias-ghost', ['old.example/ns/bookinfo/sa/ghost']),
    from('any-domain', ['*/ns/bookinfo/sa/ghost']),
  ];
  // No trustDomain in the mesh config: only cluster.local is local.
  const defaultDomain = withYaml(bookinfo, ...policies);
  // trustDomain corp.example, renamed from old.example.
  const renamed = withYaml(
    patched(bookinfo, 'ConfigMap', 'istio-system', 'istio', cm => {
      cm.data.mesh = `trustDomain: corp.example\ntrustDomainAliases: [old.example]\n${cm.data.mesh}`;
    }),
    ...policies,
  );

  it('with the default trust domain, reports other trust domains as unverifiable, never as missing service accounts', () => {
    expect(flagged(defaultDomain, 'MW404')).toEqual([
      'AuthorizationPolicy bookinfo/ghost',
    ]);
    expect(flagged(defaultDomain, 'MW409')).toEqual([
      'AuthorizationPolicy bookinfo/alias-ghost',
      'AuthorizationPolicy bookinfo/current',
      'AuthorizationPolicy bookinfo/partner',
      'AuthorizationPolicy bookinfo/partner-ghost',
    ]);
  });

  it('knows the mesh config trustDomain, its aliases and cluster.local', () => {
    expect(flagged(renamed, 'MW404')).toEqual([
      'AuthorizationPolicy bookinfo/alias-ghost',
      'AuthorizationPolicy bookinfo/ghost',
    ]);
    expect(flagged(renamed, 'MW409')).toEqual([
      'AuthorizationPolicy bookinfo/partner',
      'AuthorizationPolicy bookinfo/partner-ghost',
    ]);
    const [partner] = findingsOf(renamed, 'MW409').filter(
      f => f.objects[0].name === 'partner',
    );
    expect(partner).toMatchObject({
      severity: 'warning',
      kialiCode: 'KIA0108',
      message:
        'AuthorizationPolicy bookinfo/partner names principal(s) partner.example/ns/bookinfo/sa/bookinfo-productpage of a trust domain this mesh does not know (known: cluster.local, corp.example, old.example); their service accounts cannot be verified.',
    });
  });

  it('without a readable mesh config knows only cluster.local and says so', () => {
    const [current] = findingsOf(renamed, 'MW409', {
      states: [{ kind: Kinds.ConfigMap, status: 'forbidden' }],
    }).filter(f => f.objects[0].name === 'current');
    expect(current.message).toContain(
      'the mesh config in istio-system could not be read',
    );
  });
});
