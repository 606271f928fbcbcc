import { buildAuthorizationPolicy } from '../builders/buildAuthorizationPolicy';
import { buildCertificate } from '../builders/buildCertificate';
import { buildEckResources } from '../builders/buildEckResources';
import { buildGatewayApiGateway } from '../builders/buildGatewayApiGateway';
import { buildHttpRoute } from '../builders/buildHttpRoute';
import { buildIngressJwtDenyPolicy } from '../builders/buildIngressJwtDenyPolicy';
import { buildIstioGateway } from '../builders/buildIstioGateway';
import { buildIstioMutualDestinationRule } from '../builders/buildDestinationRule';
import { buildNamespace } from '../builders/buildNamespace';
import { buildPeerAuthentication } from '../builders/buildPeerAuthentication';
import { buildRequestAuthentication } from '../builders/buildRequestAuthentication';
import { buildVirtualService } from '../builders/buildVirtualService';
import type { MeshRole } from './decideRole';
import {
  AccessContext,
  AccessRule,
  evaluateAccess,
  HostClaim,
  HostClaimsState,
} from './evaluateAccess';
import type { Manifest } from './Manifest';
import {
  indexNamespaceOwnership,
  NamespaceClaim,
} from '@meshwise/plugin-mesh-common';

const TEAM = 'group:default/team-bookinfo';
const OTHER = 'group:default/team-shop';
const ADMINS = 'group:default/mesh-admins';

function namespaceClaim(
  namespace: string,
  owner: string,
  entityName = namespace,
  cluster?: string,
): NamespaceClaim {
  return {
    namespace,
    owner,
    entityRef: `resource:default/${entityName}`,
    ...(cluster ? { cluster } : {}),
  };
}

const namespaceClaims = [
  namespaceClaim('bookinfo', TEAM),
  namespaceClaim('shop', OTHER),
  namespaceClaim('istio-system', ADMINS),
  namespaceClaim('edge', TEAM, 'edge', 'eu-1'),
];

function context(
  role: MeshRole,
  overrides: Partial<AccessContext> = {},
): AccessContext {
  return {
    decision: {
      role,
      userRef: 'user:default/u',
      ownershipRefs:
        role === 'mesh-admin'
          ? ['user:default/u', ADMINS]
          : ['user:default/u', TEAM],
      reasons: ['test'],
    },
    namespaces: indexNamespaceOwnership(namespaceClaims),
    config: {
      rootNamespace: 'istio-system',
      gatewayNamespace: 'istio-system',
      allowedDomains: ['appk8s.com'],
      trustDomain: 'cluster.local',
    },
    hostClaims: { status: 'known', claims: [] },
    ...overrides,
  };
}

const selector = { app: 'productpage' };
const issuerRef = {
  name: 'vault-issuer',
  kind: 'Issuer',
  group: 'cert-manager.io',
};

// One representative manifest per kind, placed in a given namespace.
const resources: Record<string, (ns: string) => Manifest> = {
  'Istio Gateway': ns =>
    buildIstioGateway({
      name: 'gw',
      namespace: ns,
      hosts: ['a.appk8s.com'],
      port: 443,
      tlsMode: 'SIMPLE',
      credentialName: `${ns}-gw-tls`,
      selector: { istio: 'ingressgateway' },
    }),
  VirtualService: ns =>
    buildVirtualService({
      name: 'vs',
      namespace: ns,
      hosts: ['a.appk8s.com'],
      gateway: `${ns}/gw`,
      service: { name: 's', port: 80 },
      clusterDomain: 'cluster.local',
    }),
  'Gateway API Gateway': ns =>
    buildGatewayApiGateway({
      name: 'gw',
      namespace: ns,
      gatewayClassName: 'istio',
      hosts: ['a.appk8s.com'],
      port: 443,
      credentialName: 'c',
    }),
  HTTPRoute: ns =>
    buildHttpRoute({
      name: 'r',
      namespace: ns,
      gatewayName: 'gw',
      hosts: ['a.appk8s.com'],
      service: { name: 's', port: 80 },
    }),
  'AuthorizationPolicy with selector': ns =>
    buildAuthorizationPolicy({
      name: 'p',
      namespace: ns,
      action: 'ALLOW',
      selector,
      rules: [],
    }),
  'AuthorizationPolicy without selector': ns =>
    buildAuthorizationPolicy({
      name: 'p',
      namespace: ns,
      action: 'ALLOW',
      rules: [],
    }),
  DestinationRule: ns =>
    buildIstioMutualDestinationRule({
      name: 'd',
      namespace: ns,
      host: `x.${ns}.svc.cluster.local`,
    }),
  Elasticsearch: ns =>
    buildEckResources({
      name: 'es',
      namespace: ns,
      version: '8.17.0',
      nodeCount: 1,
      kibana: false,
      apmServer: false,
      disableSelfSignedHttpTls: true,
      istioCni: false,
      automountServiceAccountToken: false,
    })[0],
  PeerAuthentication: ns =>
    buildPeerAuthentication({ name: 'default', namespace: ns, mode: 'STRICT' }),
  RequestAuthentication: ns =>
    buildRequestAuthentication({
      name: 'jwt',
      namespace: ns,
      issuer: 'https://i',
      jwksUri: 'https://i/jwks',
      forwardOriginalToken: true,
    }),
  'ingress JWT DENY policy': ns =>
    buildIngressJwtDenyPolicy({
      name: 'deny',
      namespace: ns,
      selector: { istio: 'ingressgateway' },
    }),
  Namespace: ns => buildNamespace(ns, { mode: 'sidecar', revision: '1-7-3' }),
  Certificate: ns =>
    buildCertificate({
      name: 'bookinfo-cert',
      namespace: ns,
      secretName: 'bookinfo-cert',
      hosts: ['a.appk8s.com'],
      issuerRef,
    }),
};

type Expected = 'allow' | AccessRule;

// role × resource × namespace. Namespaces: the team's own, another team's,
// the root namespace, and one nobody owns in the catalog.
const developerMatrix: Record<
  string,
  [own: Expected, other: Expected, root: Expected, unowned: Expected]
> = {
  'Istio Gateway': [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  VirtualService: [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  'Gateway API Gateway': [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  HTTPRoute: ['allow', 'team-namespace', 'root-namespace', 'team-namespace'],
  'AuthorizationPolicy with selector': [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  'AuthorizationPolicy without selector': [
    'workload-selector',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  DestinationRule: [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  Elasticsearch: [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  PeerAuthentication: [
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
  ],
  RequestAuthentication: [
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
  ],
  'ingress JWT DENY policy': [
    'allow',
    'team-namespace',
    'root-namespace',
    'team-namespace',
  ],
  Namespace: [
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
    'admin-only-kind',
  ],
  // In the root (= gateway) namespace a Certificate is allowed once it names the team namespace it serves.
  Certificate: ['allow', 'team-namespace', 'allow', 'team-namespace'],
};

const namespaces = ['bookinfo', 'shop', 'istio-system', 'nobody'] as const;

function outcome(manifest: Manifest, role: MeshRole): Expected {
  const decision = evaluateAccess(
    [manifest],
    context(role, { credentialFor: 'bookinfo' }),
  );
  return decision.allowed ? 'allow' : decision.rule;
}

describe('evaluateAccess: role × resource × namespace', () => {
  const cells = Object.entries(developerMatrix).flatMap(
    ([resource, expected]) =>
      namespaces.map((ns, i) => [resource, ns, expected[i]] as const),
  );

  it.each(cells)('developer: %s in %s → %s', (resource, ns, expected) => {
    expect(outcome(resources[resource](ns), 'developer')).toBe(expected);
  });

  it.each(cells.map(([resource, ns]) => [resource, ns] as const))(
    'mesh admin: %s in %s → allow',
    (resource, ns) => {
      expect(outcome(resources[resource](ns), 'mesh-admin')).toBe('allow');
    },
  );
});

describe('evaluateAccess: refusals and their messages', () => {
  const gateway = (
    hosts: string[],
    ns = 'bookinfo',
    credentialName = `${ns}-gw-tls`,
  ) =>
    buildIstioGateway({
      name: 'gw',
      namespace: ns,
      hosts,
      port: 443,
      tlsMode: 'SIMPLE',
      credentialName,
      selector: { istio: 'ingressgateway' },
    });

  function refusal(manifests: Manifest[], ctx: AccessContext) {
    const decision = evaluateAccess(manifests, ctx);
    if (decision.allowed) throw new Error('expected a refusal');
    return decision;
  }

  it('refuses another team namespace and names its owner', () => {
    const r = refusal(
      [gateway(['a.appk8s.com'], 'shop')],
      context('developer'),
    );
    expect(r).toMatchObject({ rule: 'team-namespace', kind: 'not-allowed' });
    expect(r.message).toBe(
      'Gateway shop/gw: namespace shop is owned by group:default/team-shop, not by your teams (user:default/u, group:default/team-bookinfo)',
    );
  });

  it('refuses a namespace unknown to the catalog', () => {
    const r = refusal(
      [gateway(['a.appk8s.com'], 'nobody')],
      context('developer'),
    );
    expect(r.message).toBe(
      'Gateway nobody/gw: namespace nobody has no owner in the catalog, so it cannot be yours',
    );
  });

  it('honours the cluster annotation of a namespace', () => {
    const m = [gateway(['a.appk8s.com'], 'edge')];
    expect(
      evaluateAccess(m, context('developer', { cluster: 'eu-1' })).allowed,
    ).toBe(true);
    expect(refusal(m, context('developer', { cluster: 'us-1' })).rule).toBe(
      'team-namespace',
    );
    // No cluster named (or a blank one): every claim for the namespace counts.
    for (const cluster of [undefined, '']) {
      expect(evaluateAccess(m, context('developer', { cluster })).allowed).toBe(
        true,
      );
    }
  });

  describe('a namespace two catalog entities give different owners', () => {
    // Team bookinfo publishes a second Resource naming team shop's namespace.
    const contested = (
      role: MeshRole,
      overrides: Partial<AccessContext> = {},
    ) =>
      context(role, {
        namespaces: indexNamespaceOwnership([
          ...namespaceClaims,
          namespaceClaim('shop', TEAM, 'shop-is-ours'),
        ]),
        ...overrides,
      });

    it('is refused to every developer, naming both entities', () => {
      const r = refusal(
        [gateway(['a.appk8s.com'], 'shop')],
        contested('developer'),
      );
      expect(r).toEqual({
        allowed: false,
        rule: 'ambiguous-namespace-owner',
        kind: 'not-allowed',
        message:
          'Gateway shop/gw: namespace shop has more than one owner in the catalog: resource:default/shop (owner group:default/team-shop) and resource:default/shop-is-ours (owner group:default/team-bookinfo); nobody may write to it as its team until the catalog names one owner',
        checks: [expect.objectContaining({ rule: 'role' })],
      });
    });

    it('is refused as the namespace a gateway certificate is for', () => {
      const r = refusal(
        [resources.Certificate('istio-system')],
        contested('developer', { credentialFor: 'shop' }),
      );
      expect(r.rule).toBe('ambiguous-namespace-owner');
    });

    it('is a warning for mesh admins', () => {
      const d = evaluateAccess(
        [resources.DestinationRule('shop')],
        contested('mesh-admin'),
      );
      expect(d.allowed && d.warnings).toEqual([
        'DestinationRule shop/d: namespace shop has more than one owner in the catalog: resource:default/shop (owner group:default/team-shop) and resource:default/shop-is-ours (owner group:default/team-bookinfo)',
      ]);
    });

    it('is not settled by another claim for the cluster (a cluster claim cannot take over a namespace)', () => {
      const ctx = contested('developer', {
        cluster: 'eu-1',
        namespaces: indexNamespaceOwnership([
          ...namespaceClaims,
          namespaceClaim('shop', TEAM, 'shop-is-ours'),
          namespaceClaim('shop', TEAM, 'shop-eu', 'eu-1'),
        ]),
      });
      const decision = evaluateAccess([gateway(['a.appk8s.com'], 'shop')], ctx);
      expect(decision.allowed).toBe(false);
      expect(!decision.allowed && decision.rule).toBe(
        'ambiguous-namespace-owner',
      );
    });
  });

  it('refuses the root namespace for anything but a certificate', () => {
    const r = refusal(
      [resources.DestinationRule('istio-system')],
      context('developer'),
    );
    expect(r.message).toBe(
      'DestinationRule istio-system/d: the root namespace istio-system belongs to the mesh admins; developers may only request Certificates there',
    );
  });

  it('refuses a separate gateway namespace for anything but a certificate', () => {
    const ctx = context('developer', {
      config: {
        rootNamespace: 'istio-system',
        gatewayNamespace: 'istio-ingress',
        allowedDomains: ['appk8s.com'],
        trustDomain: 'cluster.local',
      },
    });
    expect(refusal([resources.VirtualService('istio-ingress')], ctx).rule).toBe(
      'gateway-namespace',
    );
    expect(
      refusal([resources.Certificate('istio-system')], {
        ...ctx,
        credentialFor: 'bookinfo',
      }).rule,
    ).toBe('root-namespace');
    expect(
      evaluateAccess([resources.Certificate('istio-ingress')], {
        ...ctx,
        credentialFor: 'bookinfo',
      }).allowed,
    ).toBe(true);
  });

  it('refuses admin-only kinds with the kind named', () => {
    expect(
      refusal([resources.PeerAuthentication('bookinfo')], context('developer'))
        .message,
    ).toBe(
      'PeerAuthentication bookinfo/default: only mesh admins may generate PeerAuthentication resources',
    );
  });

  it('refuses a certificate in the gateway namespace for a namespace the team does not own', () => {
    const r = refusal(
      [resources.Certificate('istio-system')],
      context('developer', { credentialFor: 'shop' }),
    );
    expect(r.rule).toBe('credential-owner');
    expect(r.message).toContain('(shop is not)');
    expect(
      refusal([resources.Certificate('istio-system')], context('developer'))
        .rule,
    ).toBe('credential-owner');
  });

  it("refuses credential names that could replace another team's secret", () => {
    const cert = buildCertificate({
      name: 'shop-cert',
      namespace: 'istio-system',
      secretName: 'shop-cert',
      hosts: ['a.appk8s.com'],
      issuerRef,
    });
    const r = refusal(
      [cert],
      context('developer', { credentialFor: 'bookinfo' }),
    );
    expect(r.rule).toBe('credential-prefix');
    expect(r.message).toContain('must start with "bookinfo-"');
    const gw = gateway(['a.appk8s.com'], 'bookinfo', 'shop-gw-tls');
    expect(refusal([gw], context('developer')).rule).toBe('credential-prefix');
  });

  it('refuses wildcard hosts for developers only', () => {
    const m = [gateway(['*.appk8s.com'])];
    expect(refusal(m, context('developer')).message).toBe(
      'host "*.appk8s.com": wildcard hosts may only be requested by mesh admins',
    );
    expect(evaluateAccess(m, context('mesh-admin')).allowed).toBe(true);
  });

  it('refuses hosts outside the allowed domains, including look-alike suffixes', () => {
    expect(
      refusal([gateway(['shop.example.com'])], context('developer')).message,
    ).toBe(
      'host "shop.example.com" is outside the allowed domains (appk8s.com)',
    );
    expect(
      refusal([gateway(['evilappk8s.com'])], context('developer')).rule,
    ).toBe('allowed-domains');
    expect(
      evaluateAccess([gateway(['appk8s.com'])], context('developer')).allowed,
    ).toBe(true);
  });

  it('refuses every host when no domain is open to developers', () => {
    const ctx = context('developer', {
      config: {
        rootNamespace: 'istio-system',
        gatewayNamespace: 'istio-system',
        allowedDomains: [],
        trustDomain: 'cluster.local',
      },
    });
    expect(refusal([gateway(['a.appk8s.com'])], ctx).message).toContain(
      'mesh.scaffolder.allowedDomains is empty',
    );
  });

  const claim = (over: Partial<HostClaim>): HostClaim => ({
    host: 'a.appk8s.com',
    port: 443,
    cluster: 'prod',
    namespace: 'shop',
    gateway: 'shop-gw',
    ...over,
  });
  const known = (claims: HostClaim[]): HostClaimsState => ({
    status: 'known',
    claims,
  });

  it("refuses a host served by another team's Gateway", () => {
    const r = refusal(
      [gateway(['a.appk8s.com'])],
      context('developer', { hostClaims: known([claim({})]) }),
    );
    expect(r.message).toBe(
      'host a.appk8s.com is already served by Gateway shop/shop-gw port 443 in cluster prod (owner group:default/team-shop)',
    );
  });

  it('uses the owner the mesh backend reports, in short or full form', () => {
    const ctx = (owner: string) =>
      context('developer', {
        hostClaims: known([claim({ namespace: 'elsewhere', owner })]),
      });
    expect(
      evaluateAccess([gateway(['a.appk8s.com'])], ctx('team-bookinfo')).allowed,
    ).toBe(true);
    expect(
      refusal([gateway(['a.appk8s.com'])], ctx('group:default/team-shop')).rule,
    ).toBe('host-claimed');
  });

  it('refuses a host whose serving Gateway has no known owner', () => {
    const r = refusal(
      [gateway(['a.appk8s.com'])],
      context('developer', {
        hostClaims: known([claim({ namespace: 'legacy' })]),
      }),
    );
    expect(r.message).toContain('whose owner is unknown');
  });

  it("accepts the team's own Gateway and regenerating the same Gateway", () => {
    const own = known([
      claim({ namespace: 'bookinfo', gateway: 'other' }),
      claim({ namespace: 'bookinfo', gateway: 'gw' }),
    ]);
    expect(
      evaluateAccess(
        [gateway(['a.appk8s.com'])],
        context('developer', { hostClaims: own }),
      ).allowed,
    ).toBe(true);
  });

  it('refuses developers when host claims cannot be verified, warns admins', () => {
    const unavailable: HostClaimsState = {
      status: 'unavailable',
      reason: 'the mesh backend answered 503',
    };
    const r = refusal(
      [gateway(['a.appk8s.com'])],
      context('developer', { hostClaims: unavailable }),
    );
    expect(r.message).toBe(
      "host ownership cannot be checked: the mesh backend answered 503; a.appk8s.com may already be served by another team's Gateway",
    );
    const admin = evaluateAccess(
      [gateway(['a.appk8s.com'])],
      context('mesh-admin', { hostClaims: unavailable }),
    );
    expect(admin.allowed && admin.warnings).toEqual([
      'host ownership cannot be checked: the mesh backend answered 503; make sure no other team already serves a.appk8s.com',
    ]);
  });

  it('warns admins about a host another Gateway already serves', () => {
    const d = evaluateAccess(
      [gateway(['a.appk8s.com'])],
      context('mesh-admin', { hostClaims: known([claim({})]) }),
    );
    expect(d.allowed).toBe(true);
    expect(d.allowed && d.warnings[0]).toContain('IST0145');
  });

  it('requires exact SPIFFE principals from developers; admins may use patterns', () => {
    const policy = (principal: string) =>
      buildAuthorizationPolicy({
        name: 'p',
        namespace: 'bookinfo',
        action: 'ALLOW',
        selector,
        rules: [{ from: { principals: [principal] } }],
      });
    expect(
      evaluateAccess(
        [policy('cluster.local/ns/bookinfo/sa/reviews')],
        context('developer'),
      ).allowed,
    ).toBe(true);
    for (const bad of [
      '*',
      'cluster.local/ns/bookinfo/sa/*',
      'other.domain/ns/a/sa/b',
      'cluster.local/ns/../sa/x',
      'spiffe://cluster.local/ns/a/sa/b',
    ]) {
      const r = refusal([policy(bad)], context('developer'));
      expect(r).toMatchObject({ rule: 'principal-format', kind: 'input' });
      expect(r.message).toContain(
        'expected "cluster.local/ns/<namespace>/sa/<service-account>"',
      );
    }
    expect(
      evaluateAccess(
        [policy('cluster.local/ns/bookinfo/sa/*')],
        context('mesh-admin'),
      ).allowed,
    ).toBe(true);
    expect(refusal([policy('a*b')], context('mesh-admin')).rule).toBe(
      'principal-format',
    );
  });

  it('uses the configured trust domain', () => {
    const policy = buildAuthorizationPolicy({
      name: 'p',
      namespace: 'bookinfo',
      action: 'ALLOW',
      selector,
      rules: [{ from: { principals: ['corp.example/ns/bookinfo/sa/x'] } }],
    });
    const ctx = context('developer', {
      config: {
        rootNamespace: 'istio-system',
        gatewayNamespace: 'istio-system',
        allowedDomains: ['appk8s.com'],
        trustDomain: 'corp.example',
      },
    });
    expect(evaluateAccess([policy], ctx).allowed).toBe(true);
    expect(refusal([policy], context('developer')).rule).toBe(
      'principal-format',
    );
  });

  it('lists the checks it ran', () => {
    const d = evaluateAccess([gateway(['a.appk8s.com'])], context('developer'));
    expect(d.allowed && d.checks.map(c => c.rule)).toEqual([
      'role',
      'team-namespace',
      'wildcard-host',
      'allowed-domains',
      'host-claimed',
    ]);
  });
});

describe('named-callers: a developer ALLOW rule must say who may call', () => {
  const policy = (
    rules: Array<Record<string, unknown>>,
    action: 'ALLOW' | 'DENY' = 'ALLOW',
  ): Manifest => {
    const built = buildAuthorizationPolicy({
      name: 'p',
      namespace: 'bookinfo',
      action,
      selector,
      rules: [],
    });
    return { ...built, spec: { ...built.spec, rules } } as Manifest;
  };
  const decide = (manifest: Manifest, role: MeshRole = 'developer') =>
    evaluateAccess([manifest], context(role));

  it.each([
    ['no source at all', [{}]],
    ['operations only', [{ to: [{ operation: { methods: ['GET'] } }] }]],
    [
      'only the namespaces it excludes',
      [{ from: [{ source: { notNamespaces: ['shop'] } }] }],
    ],
    [
      'a condition on the request, not the caller',
      [{ when: [{ key: 'request.headers[x-env]', values: ['prod'] }] }],
    ],
  ])('refuses a rule with %s', (_name, rules) => {
    expect(decide(policy(rules))).toMatchObject({
      allowed: false,
      rule: 'named-callers',
      kind: 'input',
    });
  });

  it.each([
    ['source namespaces', [{ from: [{ source: { namespaces: ['shop'] } }] }]],
    [
      'request principals',
      [{ from: [{ source: { requestPrincipals: ['https://idp/alice'] } }] }],
    ],
    ['IP blocks', [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }]],
    [
      'a JWT claim condition',
      [
        {
          when: [{ key: 'request.auth.claims[groups]', values: ['shoppers'] }],
        },
      ],
    ],
    [
      'a source condition',
      [{ when: [{ key: 'source.namespace', values: ['shop'] }] }],
    ],
  ])('allows a rule that names callers by %s', (_name, rules) => {
    const decision = decide(policy(rules));
    expect(decision.allowed).toBe(true);
    expect(decision.checks).toContainEqual(
      expect.objectContaining({ rule: 'named-callers', outcome: 'passed' }),
    );
  });

  it('leaves DENY policies and policies without rules alone', () => {
    expect(decide(policy([{}], 'DENY')).allowed).toBe(true);
    expect(decide(policy([])).allowed).toBe(true);
  });

  it('warns a mesh admin instead of refusing', () => {
    expect(decide(policy([{}, { from: [] }]), 'mesh-admin')).toMatchObject({
      allowed: true,
      warnings: [
        'AuthorizationPolicy bookinfo/p: rule 1 names no caller, so it allows every caller from anywhere',
        'AuthorizationPolicy bookinfo/p: rule 2 names no caller, so it allows every caller from anywhere',
      ],
    });
  });
});
