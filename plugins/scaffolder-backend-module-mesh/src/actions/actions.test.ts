import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { readMeshScaffolderConfig } from '../config/readMeshScaffolderConfig';
import { createMeshActions } from './createMeshActions';
import type { MeshActionOptions } from './runMeshAction';
import {
  actionContext,
  catalogEntities,
  createWorkspace,
  FakeHostClaims,
  MESH_ADMINS,
  namespaceEntity,
  permissionsAllowing,
  TEAM_BOOKINFO,
  teamOnly,
  testConfig,
  testOptions,
  TestWorkspace,
  UserName,
} from '../__testUtils__/meshTestHarness';

const teamIngress = {
  name: 'bookinfo-gateway',
  namespace: 'bookinfo',
  hosts: ['productpage.bookinfo.appk8s.com'],
  tlsMode: 'MUTUAL',
  credentialName: 'bookinfo-ingressgateway-certs',
  service: { name: 'productpage', port: 9080 },
};

describe('mesh actions', () => {
  let workspace: TestWorkspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(async () => {
    await workspace.remove();
  });

  async function run(
    id: string,
    user: UserName,
    input: Record<string, unknown>,
    options: MeshActionOptions = testOptions(),
    extra: { isDryRun?: boolean } = {},
  ) {
    const action = createMeshActions(options).find(a => a.id === id)!;
    const { ctx, outputs } = actionContext(user, input, workspace, extra);
    await action.handler(ctx as any);
    return outputs;
  }

  async function refusal(
    id: string,
    user: UserName,
    input: Record<string, unknown>,
    options?: MeshActionOptions,
  ) {
    const error = await run(id, user, input, options).then(
      () => undefined,
      e => e,
    );
    // Refusals are the two documented errors, never a crash.
    expect(error).toBeInstanceOf(Error);
    expect(['InputError', 'NotAllowedError']).toContain(error.name);
    // A refusal writes nothing.
    expect(await workspace.files()).toEqual([]);
    return error as Error;
  }

  it('writes the team ingress to the team path and asks no admin review', async () => {
    const outputs = await run('mesh:gateway:create', 'alice', teamIngress);
    expect(await workspace.files()).toEqual([
      'teams/team-bookinfo/bookinfo/gateway-bookinfo-gateway.yaml',
      'teams/team-bookinfo/bookinfo/virtualservice-bookinfo-gateway.yaml',
    ]);
    expect(outputs).toMatchObject({
      role: 'developer',
      adminOwned: false,
      reviewers: [],
      teamReviewers: [],
      prTitle:
        'Expose productpage.bookinfo.appk8s.com through bookinfo/bookinfo-gateway',
    });
    expect(outputs.prBody).toContain('cert-manager#2358');
  });

  it('puts the certificate request under the mesh-admin path with mesh-admin reviewers', async () => {
    const outputs = await run('mesh:certificate:create', 'alice', {
      secretName: 'bookinfo-ingressgateway-certs',
      hosts: ['productpage.bookinfo.appk8s.com'],
      forNamespace: 'bookinfo',
    });
    const files = await workspace.files();
    expect(files).toEqual([
      'mesh-admin/istio-system/certificate-bookinfo-ingressgateway-certs.yaml',
    ]);
    expect(parse(await workspace.read(files[0])).spec).toEqual({
      secretName: 'bookinfo-ingressgateway-certs',
      issuerRef: {
        name: 'vault-issuer',
        kind: 'Issuer',
        group: 'cert-manager.io',
      },
      commonName: 'productpage.bookinfo.appk8s.com',
      dnsNames: ['productpage.bookinfo.appk8s.com'],
    });
    expect(outputs).toMatchObject({
      adminOwned: true,
      reviewers: ['mesh-lead'],
      teamReviewers: ['mesh-admins'],
    });
    expect(outputs.prBody).toContain('needs a mesh admin review');
  });

  it('generates Gateway API resources when asked', async () => {
    await run('mesh:gateway:create', 'alice', {
      ...teamIngress,
      tlsMode: 'SIMPLE',
      api: 'gateway-api',
    });
    const files = await workspace.files();
    expect(files).toEqual([
      'teams/team-bookinfo/bookinfo/gatewayapi-gateway-bookinfo-gateway.yaml',
      'teams/team-bookinfo/bookinfo/gatewayapi-httproute-bookinfo-gateway.yaml',
    ]);
    const route = parse(await workspace.read(files[1]));
    expect(route.spec.parentRefs).toEqual([{ name: 'bookinfo-gateway' }]);
  });

  it('refuses MUTUAL for Gateway API gateways', async () => {
    const error = await refusal('mesh:gateway:create', 'alice', {
      ...teamIngress,
      api: 'gateway-api',
    });
    expect(error).toBeInstanceOf(InputError);
  });

  it('writes in a dry run too, and says so in the body', async () => {
    const outputs = await run(
      'mesh:gateway:create',
      'alice',
      teamIngress,
      testOptions(),
      { isDryRun: true },
    );
    expect(await workspace.files()).toHaveLength(2);
    expect(outputs.prBody).toContain('Dry run');
  });

  describe('namespace ownership from the catalog', () => {
    const withCatalog = (...entities: Entity[]) =>
      testOptions({
        catalog: catalogServiceMock({
          entities: [...catalogEntities, ...entities],
        }),
      });

    // Team bookinfo publishes a second Resource for team shop's namespace,
    // naming itself the owner: fail closed, nobody's until the catalog is fixed.
    it.each([
      [
        'in the kubernetes-namespace annotation',
        namespaceEntity('shop-is-ours', TEAM_BOOKINFO, { namespace: 'shop' }),
        'resource:default/shop-is-ours',
      ],
      [
        'as the name of a Resource in another catalog namespace',
        namespaceEntity('shop', TEAM_BOOKINFO, {
          catalogNamespace: 'team-bookinfo',
        }),
        'resource:team-bookinfo/shop',
      ],
    ])(
      "refuses a developer who claims another team's namespace %s",
      async (_how, claim, claimRef) => {
        const error = await refusal(
          'mesh:gateway:create',
          'alice',
          { ...teamIngress, namespace: 'shop', credentialName: 'shop-certs' },
          withCatalog(claim),
        );
        expect(error).toBeInstanceOf(NotAllowedError);
        expect(error.message).toBe(
          `Refused by rule "ambiguous-namespace-owner": Gateway shop/bookinfo-gateway: namespace shop has more than one owner in the catalog: resource:default/shop (owner group:default/team-shop) and ${claimRef} (owner group:default/team-bookinfo); nobody may write to it as its team until the catalog names one owner`,
        );
      },
    );

    it('counts only namespace claims from the catalog origins mesh.ownership.trustedOrigins lists', async () => {
      const ORIGIN = 'backstage.io/managed-by-origin-location';
      // Alice registers her own location claiming the unclaimed namespace orders.
      const claim = namespaceEntity('orders', TEAM_BOOKINFO);
      claim.metadata.annotations = {
        [ORIGIN]: 'url:https://git.example.com/alice/catalog/orders.yaml',
      };
      const trustingPlatformOnly = {
        ...withCatalog(claim),
        config: {
          ...testConfig,
          ownership: {
            trustedOrigins: ['url:https://git.example.com/platform/*'],
          },
        },
      };
      const request = {
        ...teamIngress,
        namespace: 'orders',
        credentialName: 'orders-certs',
      };
      const error = await refusal(
        'mesh:gateway:create',
        'alice',
        request,
        trustingPlatformOnly,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('orders');
      // Without the setting, the same claim makes the namespace her team's.
      await run('mesh:gateway:create', 'alice', request, withCatalog(claim));
      expect(await workspace.files()).toEqual([
        'teams/team-bookinfo/orders/gateway-bookinfo-gateway.yaml',
        'teams/team-bookinfo/orders/virtualservice-bookinfo-gateway.yaml',
      ]);
    });

    const annotated = () =>
      testOptions({
        catalog: catalogServiceMock({
          entities: [
            namespaceEntity('payments-namespace', TEAM_BOOKINFO, {
              namespace: 'payments',
            }),
          ],
        }),
      });

    it('honours the kubernetes-namespace annotation', async () => {
      await run(
        'mesh:gateway:create',
        'alice',
        {
          ...teamIngress,
          namespace: 'payments',
          credentialName: 'payments-certs',
        },
        annotated(),
      );
      expect(await workspace.files()).toEqual([
        'teams/team-bookinfo/payments/gateway-bookinfo-gateway.yaml',
        'teams/team-bookinfo/payments/virtualservice-bookinfo-gateway.yaml',
      ]);
    });

    it('does not read the name of an annotated Resource as a namespace', async () => {
      const error = await refusal(
        'mesh:gateway:create',
        'alice',
        {
          ...teamIngress,
          namespace: 'payments-namespace',
          credentialName: 'payments-namespace-certs',
        },
        annotated(),
      );
      expect(error.message).toBe(
        'Refused by rule "team-namespace": Gateway payments-namespace/bookinfo-gateway: namespace payments-namespace has no owner in the catalog, so it cannot be yours',
      );
    });
  });

  describe('refusals', () => {
    it("refuses a developer in another team's namespace", async () => {
      const error = await refusal('mesh:gateway:create', 'bob', teamIngress);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'Refused by rule "team-namespace": Gateway bookinfo/bookinfo-gateway: namespace bookinfo is owned by group:default/team-bookinfo, not by your teams (group:default/team-shop, user:default/bob)',
      );
    });

    it('refuses a user the permission policy does not allow', async () => {
      const error = await refusal(
        'mesh:gateway:create',
        'alice',
        teamIngress,
        testOptions({ permissions: permissionsAllowing() }),
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('Refused by rule "role"');
      expect(error.message).toContain('denies mesh.config.team.create');
    });

    it('does not make an admin-group member an admin without the admin permission', async () => {
      const error = await refusal(
        'mesh:peer-authentication:create',
        'root',
        { mode: 'STRICT' },
        testOptions({ permissions: teamOnly }),
      );
      expect(error.message).toBe(
        'Refused by rule "admin-only-kind": PeerAuthentication istio-system/default: only mesh admins may generate PeerAuthentication resources',
      );
    });

    it('does not make an allow-all policy an admin grant', async () => {
      const error = await refusal('mesh:namespace:onboard', 'alice', {
        namespace: 'bookinfo',
        revision: '1-7-3',
      });
      expect(error.message).toContain(
        'only mesh admins may generate Namespace resources',
      );
    });

    it.each<[string, string, Record<string, unknown>, string]>([
      [
        'mesh:gateway:create',
        'wildcard host',
        { ...teamIngress, hosts: ['*.appk8s.com'] },
        'Refused by rule "wildcard-host"',
      ],
      [
        'mesh:gateway:create',
        'outside allowed domains',
        { ...teamIngress, hosts: ['shop.example.com'] },
        'Refused by rule "allowed-domains"',
      ],
      [
        'mesh:gateway:create',
        'credential of another team',
        { ...teamIngress, credentialName: 'shop-certs' },
        'Refused by rule "credential-prefix"',
      ],
      [
        'mesh:authorization-policy:create',
        'no selector',
        { name: 'p', namespace: 'bookinfo', rules: [] },
        'Refused by rule "workload-selector"',
      ],
      [
        'mesh:authorization-policy:create',
        'root namespace',
        { name: 'p', namespace: 'istio-system', selector: { app: 'x' } },
        'Refused by rule "root-namespace"',
      ],
      [
        'mesh:certificate:create',
        'certificate for a foreign namespace',
        { secretName: 'shop-x', hosts: ['a.appk8s.com'], forNamespace: 'shop' },
        'Refused by rule "credential-owner"',
      ],
      [
        'mesh:request-authentication:create',
        'admin-only',
        { issuer: 'https://i', jwksUri: 'https://i/jwks' },
        'Refused by rule "admin-only-kind"',
      ],
      [
        'mesh:eck:create',
        'unowned namespace',
        { name: 'es', namespace: 'logging', version: '8.17.0' },
        'Refused by rule "team-namespace"',
      ],
    ])('%s: %s', async (id, _name, input, message) => {
      const error = await refusal(id, 'alice', input);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain(message);
    });

    describe('an AuthorizationPolicy that names no caller', () => {
      const noCaller = {
        name: 'ratings-open',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        // What the template sends when "who may call" is left empty.
        rules: [
          {
            fromNamespaces: [],
            fromPrincipals: [],
            methods: ['GET'],
            jwtClaims: [],
          },
        ],
      };

      it('is refused as bad input for a developer, since Istio would allow every caller', async () => {
        const error = await refusal(
          'mesh:authorization-policy:create',
          'alice',
          noCaller,
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toBe(
          'Refused by rule "named-callers": AuthorizationPolicy bookinfo/ratings-open: rule 1 names no caller (no source namespaces, service accounts, request principals or JWT claims), so it would allow every caller from anywhere; say who may call, or choose to allow every caller in namespace bookinfo',
        );
      });

      it('is refused when any one of its rules names no caller', async () => {
        const error = await refusal(
          'mesh:authorization-policy:create',
          'alice',
          {
            ...noCaller,
            rules: [{ fromNamespaces: ['shop'] }, { paths: ['/health'] }],
          },
        );
        expect(error.message).toContain('rule 2 names no caller');
      });

      it('allows every caller of its own namespace only when chosen, writes that namespace, and warns the reviewer', async () => {
        const outputs = await run('mesh:authorization-policy:create', 'alice', {
          ...noCaller,
          rules: [
            ...noCaller.rules,
            { fromPrincipals: ['cluster.local/ns/shop/sa/web'] },
          ],
          allowEveryCallerInNamespace: true,
        });
        const [file] = await workspace.files();
        const policy = parse(await workspace.read(file));
        expect(policy.spec.rules).toEqual([
          {
            from: [{ source: { namespaces: ['bookinfo'] } }],
            to: [{ operation: { methods: ['GET'] } }],
          },
          // A rule that names its callers keeps exactly them.
          {
            from: [
              { source: { principals: ['cluster.local/ns/shop/sa/web'] } },
            ],
          },
        ]);
        expect(outputs.prBody).toContain('### Warnings for the reviewer');
        expect(outputs.prBody).toContain(
          '- ⚠️ Allows every workload in namespace bookinfo to call app=ratings (rule 1): chosen explicitly ("allow every caller in my namespace") instead of naming the callers',
        );
      });

      it('makes an empty ALLOW policy, which denies everything, one for its own namespace when chosen', async () => {
        await run('mesh:authorization-policy:create', 'alice', {
          ...noCaller,
          rules: [],
          allowEveryCallerInNamespace: true,
        });
        const [file] = await workspace.files();
        expect(parse(await workspace.read(file)).spec.rules).toEqual([
          { from: [{ source: { namespaces: ['bookinfo'] } }] },
        ]);
      });

      it('is a DENY policy matter of nobody: DENY without a source denies every caller and is allowed', async () => {
        await run('mesh:authorization-policy:create', 'alice', {
          ...noCaller,
          action: 'DENY',
        });
        expect(await workspace.files()).toHaveLength(1);
      });

      it('is generated for a mesh admin, with a warning for the reviewer', async () => {
        const outputs = await run(
          'mesh:authorization-policy:create',
          'root',
          noCaller,
        );
        expect(outputs.prBody).toContain(
          '- ⚠️ AuthorizationPolicy bookinfo/ratings-open: rule 1 names no caller, so it allows every caller from anywhere',
        );
      });
    });

    it('refuses a malformed principal as bad input', async () => {
      const error = await refusal('mesh:authorization-policy:create', 'alice', {
        name: 'p',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        rules: [{ fromPrincipals: ['bookinfo/reviews'] }],
      });
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('Refused by rule "principal-format"');
    });

    it("refuses a host another team's Gateway serves", async () => {
      const hostClaims = new FakeHostClaims([
        {
          host: 'productpage.bookinfo.appk8s.com',
          port: 443,
          cluster: 'prod',
          namespace: 'shop',
          gateway: 'shop-gw',
        },
      ]);
      const error = await refusal(
        'mesh:gateway:create',
        'alice',
        teamIngress,
        testOptions({ hostClaims }),
      );
      expect(error.message).toBe(
        'Refused by rule "host-claimed": host productpage.bookinfo.appk8s.com is already served by Gateway shop/shop-gw port 443 in cluster prod (owner group:default/team-shop)',
      );
      expect(hostClaims.requested).toEqual([
        ['productpage.bookinfo.appk8s.com'],
      ]);
    });

    it('refuses a developer when the mesh backend cannot be reached', async () => {
      const error = await refusal(
        'mesh:gateway:create',
        'alice',
        teamIngress,
        testOptions({ hostClaims: new FakeHostClaims('unreachable') }),
      );
      expect(error.message).toBe(
        'Refused by rule "host-claims-unavailable": host ownership cannot be checked: the mesh backend could not be reached (ECONNREFUSED); productpage.bookinfo.appk8s.com may already be served by another team\'s Gateway',
      );
    });

    it.each([
      ['an Istio Gateway', {}],
      ['a Gateway API Gateway', { api: 'gateway-api', tlsMode: 'SIMPLE' }],
    ])(
      'refuses a developer %s while Gateways are unreadable in one cluster, writing nothing',
      async (_name, extra) => {
        // The claims the backend has say nobody serves the host, but in
        // staging its Gateways could not be read: one there may serve it.
        const hostClaims = new FakeHostClaims({
          items: [],
          clusters: [
            { cluster: 'prod', complete: true },
            {
              cluster: 'staging',
              complete: false,
              reason:
                'Gateway (networking.istio.io/v1): forbidden (403) since 10:02:11',
            },
          ],
        });
        const error = await refusal(
          'mesh:gateway:create',
          'alice',
          { ...teamIngress, ...extra },
          testOptions({ hostClaims }),
        );
        expect(error).toBeInstanceOf(NotAllowedError);
        expect(error.message).toBe(
          'Refused by rule "host-claims-unavailable": host ownership cannot be checked: staging: Gateway (networking.istio.io/v1): forbidden (403) since 10:02:11; productpage.bookinfo.appk8s.com may already be served by another team\'s Gateway',
        );
        expect(hostClaims.requested).toEqual([
          ['productpage.bookinfo.appk8s.com'],
        ]);
      },
    );

    it('refuses a developer when the mesh backend does not say its claims are complete', async () => {
      const error = await refusal(
        'mesh:certificate:create',
        'alice',
        {
          secretName: 'bookinfo-ingressgateway-certs',
          hosts: ['productpage.bookinfo.appk8s.com'],
          forNamespace: 'bookinfo',
        },
        testOptions({
          hostClaims: new FakeHostClaims({ items: [] } as any),
        }),
      );
      expect(error.message).toContain(
        'host ownership cannot be checked: the mesh backend did not say which clusters its host claims cover',
      );
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['missing fields', { name: 'x' }, 'invalid input: namespace: Required'],
      [
        'bad namespace',
        { ...teamIngress, namespace: 'Book_Info' },
        'namespace "Book_Info" is invalid',
      ],
      [
        'path traversal in a name',
        { ...teamIngress, name: '../../etc' },
        'name "../../etc" is invalid',
      ],
      ['bad port', { ...teamIngress, port: 70000 }, 'port 70000 is invalid'],
      [
        'duplicate hosts',
        { ...teamIngress, hosts: ['a.appk8s.com', 'a.appk8s.com'] },
        'listed more than once',
      ],
      [
        'too many hosts',
        {
          ...teamIngress,
          hosts: Array.from({ length: 33 }, (_, i) => `h${i}.appk8s.com`),
        },
        'invalid input: hosts',
      ],
    ])('refuses %s as bad input', async (_name, input, message) => {
      const error = await refusal('mesh:gateway:create', 'alice', input);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
    });
  });

  describe('mesh admins', () => {
    it('may generate the mesh-wide STRICT policy', async () => {
      const outputs = await run('mesh:peer-authentication:create', 'root', {});
      expect(await workspace.files()).toEqual([
        'mesh-admin/istio-system/peerauthentication-default.yaml',
      ]);
      expect(outputs).toMatchObject({
        role: 'mesh-admin',
        adminOwned: true,
        teamReviewers: ['mesh-admins'],
      });
      expect(outputs.prBody).toContain('MW505');
    });

    it('refuses a selector on the mesh-wide policy', async () => {
      const error = await refusal('mesh:peer-authentication:create', 'root', {
        selector: { app: 'x' },
      });
      expect(error).toBeInstanceOf(InputError);
    });

    it('may expose wildcard hosts, with a warning when the mesh backend is unreachable', async () => {
      const outputs = await run(
        'mesh:gateway:create',
        'root',
        {
          ...teamIngress,
          namespace: 'shop',
          hosts: ['*.appk8s.com'],
          credentialName: 'wild',
        },
        testOptions({ hostClaims: new FakeHostClaims('unreachable') }),
      );
      expect(outputs.prBody).toContain('### Warnings for the reviewer');
      expect(outputs.prBody).toContain(
        'host ownership cannot be checked: the mesh backend could not be reached (ECONNREFUSED); make sure no other team already serves \\*.appk8s.com',
      );
      expect(await workspace.files()).toEqual([
        'teams/team-shop/shop/gateway-bookinfo-gateway.yaml',
        'teams/team-shop/shop/virtualservice-bookinfo-gateway.yaml',
      ]);
    });

    it('may expose a host while a cluster is not completely read, with a warning naming it', async () => {
      const outputs = await run(
        'mesh:gateway:create',
        'root',
        teamIngress,
        testOptions({
          hostClaims: new FakeHostClaims({
            items: [],
            clusters: [
              {
                cluster: 'prod',
                complete: false,
                reason: 'HTTPRoute is stale',
              },
            ],
          }),
        }),
      );
      expect(outputs.role).toBe('mesh-admin');
      expect(outputs.prBody).toContain(
        'host ownership cannot be checked: prod: HTTPRoute is stale; make sure no other team already serves productpage.bookinfo.appk8s.com',
      );
      expect(await workspace.files()).toHaveLength(2);
    });

    it('generates the RequestAuthentication and the ingress DENY policy', async () => {
      await run('mesh:request-authentication:create', 'root', {
        name: 'reqauth-istio-system',
        issuer: 'https://keycloak.appk8s.com/auth/realms/istio',
        jwksUri:
          'https://keycloak.appk8s.com/auth/realms/istio/protocol/openid-connect/certs',
        protectedHosts: ['productpage.bookinfo.appk8s.com'],
      });
      const files = await workspace.files();
      expect(files).toEqual([
        'mesh-admin/istio-system/authorizationpolicy-reqauth-istio-system-require-jwt.yaml',
        'mesh-admin/istio-system/requestauthentication-reqauth-istio-system.yaml',
      ]);
      expect(parse(await workspace.read(files[0])).spec).toEqual({
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'DENY',
        rules: [
          {
            from: [{ source: { notRequestPrincipals: ['*'] } }],
            to: [{ operation: { hosts: ['productpage.bookinfo.appk8s.com'] } }],
          },
        ],
      });
    });

    it('moves a namespace to a new revision with rollout notes', async () => {
      const outputs = await run('mesh:namespace:onboard', 'root', {
        namespace: 'bookinfo',
        revision: '1-7-3',
        previousRevision: '1-7-0',
      });
      const [file] = await workspace.files();
      expect(file).toBe('mesh-admin/bookinfo/namespace-bookinfo.yaml');
      expect(parse(await workspace.read(file)).metadata.labels).toEqual({
        'app.kubernetes.io/managed-by': 'meshwise',
        'istio.io/rev': '1-7-3',
      });
      expect(outputs.prBody).toContain(
        'kubectl rollout restart deployment -n bookinfo',
      );
      expect(outputs.prBody).toContain('istio.io/rev=1-7-0');
    });
  });

  describe('with mesh.rootNamespace set to mesh-root', () => {
    const options = () =>
      testOptions({
        config: readMeshScaffolderConfig(
          new ConfigReader({
            mesh: {
              rootNamespace: 'mesh-root',
              scaffolder: {
                adminGroups: ['mesh-admins'],
                allowedDomains: ['appk8s.com'],
              },
            },
          }),
        ),
        catalog: catalogServiceMock({
          entities: [
            ...catalogEntities,
            namespaceEntity('mesh-root', MESH_ADMINS),
          ],
        }),
      });

    it('puts the mesh-wide policy there', async () => {
      const outputs = await run(
        'mesh:peer-authentication:create',
        'root',
        { mode: 'STRICT' },
        options(),
      );
      expect(await workspace.files()).toEqual([
        'mesh-admin/mesh-root/peerauthentication-default.yaml',
      ]);
      expect(outputs.prTitle).toBe('PeerAuthentication STRICT (mesh-wide)');
    });

    it('keeps developers out of it, and istio-system is then an ordinary namespace', async () => {
      const policy = {
        name: 'p',
        selector: { app: 'x' },
        rules: [{ fromPrincipals: ['cluster.local/ns/bookinfo/sa/reviews'] }],
      };
      const error = await refusal(
        'mesh:authorization-policy:create',
        'alice',
        { ...policy, namespace: 'mesh-root' },
        options(),
      );
      expect(error.message).toBe(
        'Refused by rule "root-namespace": AuthorizationPolicy mesh-root/p: the root namespace mesh-root belongs to the mesh admins; developers may only request Certificates there',
      );
      const notRoot = await refusal(
        'mesh:authorization-policy:create',
        'alice',
        { ...policy, namespace: 'istio-system' },
        options(),
      );
      expect(notRoot.message).toMatch(
        /^Refused by rule "team-namespace": .*namespace istio-system is owned by group:default\/mesh-admins/,
      );
    });

    it('requests gateway certificates there by default', async () => {
      await run(
        'mesh:certificate:create',
        'alice',
        {
          secretName: 'bookinfo-ingressgateway-certs',
          hosts: ['productpage.bookinfo.appk8s.com'],
          forNamespace: 'bookinfo',
        },
        options(),
      );
      expect(await workspace.files()).toEqual([
        'mesh-admin/mesh-root/certificate-bookinfo-ingressgateway-certs.yaml',
      ]);
    });
  });

  it('honours a custom GitOps layout', async () => {
    const base = testOptions();
    const options = testOptions({
      config: {
        ...base.config,
        gitops: {
          teamPath: 'clusters/{cluster}/{team}/{namespace}',
          adminPath: 'platform/{namespace}',
        },
      },
    });
    await run(
      'mesh:gateway:create',
      'alice',
      { ...teamIngress, cluster: 'prod' },
      options,
    );
    expect(await workspace.files()).toEqual([
      'clusters/prod/team-bookinfo/bookinfo/gateway-bookinfo-gateway.yaml',
      'clusters/prod/team-bookinfo/bookinfo/virtualservice-bookinfo-gateway.yaml',
    ]);
  });

  it('refuses a GitOps layout that escapes the workspace', async () => {
    const base = testOptions();
    const options = testOptions({
      config: {
        ...base.config,
        gitops: { teamPath: '../../{team}', adminPath: 'a' },
      },
    });
    const error = await refusal(
      'mesh:gateway:create',
      'alice',
      teamIngress,
      options,
    );
    expect(error.message).toContain('outside');
  });
});
