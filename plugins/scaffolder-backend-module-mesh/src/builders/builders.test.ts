import { parse } from 'yaml';
import {
  buildAuthorizationPolicy,
  claimConditionKey,
} from './buildAuthorizationPolicy';
import { buildCertificate } from './buildCertificate';
import { buildEckResources } from './buildEckResources';
import { buildGatewayApiGateway } from './buildGatewayApiGateway';
import { buildHttpRoute } from './buildHttpRoute';
import { buildIngressJwtDenyPolicy } from './buildIngressJwtDenyPolicy';
import { buildIstioGateway } from './buildIstioGateway';
import { buildIstioMutualDestinationRule } from './buildDestinationRule';
import { buildNamespace } from './buildNamespace';
import { buildPeerAuthentication } from './buildPeerAuthentication';
import { buildRequestAuthentication } from './buildRequestAuthentication';
import { buildVirtualService } from './buildVirtualService';
import { validateManifests } from '../io/validateManifests';
import { serializeManifest } from '../io/serializeManifest';
import type { Manifest } from '../domain/Manifest';

const labels = { 'app.kubernetes.io/managed-by': 'meshwise' };
const issuerRef = {
  name: 'vault-issuer',
  kind: 'Issuer',
  group: 'cert-manager.io',
};

// Expected objects follow seed 003 (bookinfo on appk8s.com) and seed 001 (elastic-istio),
// moved to the current API versions (networking/security.istio.io/v1, cert-manager.io/v1).
const cases: Array<[string, Manifest, unknown]> = [
  [
    'Istio Gateway, MUTUAL with credentialName (seed 003)',
    buildIstioGateway({
      name: 'bookinfo-gateway',
      namespace: 'bookinfo',
      hosts: ['productpage.bookinfo.appk8s.com'],
      port: 443,
      tlsMode: 'MUTUAL',
      credentialName: 'bookinfo-ingressgateway-certs',
      selector: { istio: 'ingressgateway' },
    }),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo', labels },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            hosts: ['productpage.bookinfo.appk8s.com'],
            port: { name: 'https', number: 443, protocol: 'HTTPS' },
            tls: {
              mode: 'MUTUAL',
              credentialName: 'bookinfo-ingressgateway-certs',
            },
          },
        ],
      },
    },
  ],
  [
    'VirtualService bound to the Gateway',
    buildVirtualService({
      name: 'bookinfo',
      namespace: 'bookinfo',
      hosts: ['productpage.bookinfo.appk8s.com'],
      gateway: 'bookinfo/bookinfo-gateway',
      service: { name: 'productpage', port: 9080 },
      clusterDomain: 'cluster.local',
    }),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'bookinfo', namespace: 'bookinfo', labels },
      spec: {
        hosts: ['productpage.bookinfo.appk8s.com'],
        gateways: ['bookinfo/bookinfo-gateway'],
        http: [
          {
            route: [
              {
                destination: {
                  host: 'productpage.bookinfo.svc.cluster.local',
                  port: { number: 9080 },
                },
              },
            ],
          },
        ],
      },
    },
  ],
  [
    'Certificate in istio-system from the Vault issuer (seed 003)',
    buildCertificate({
      name: 'bookinfo-ingressgateway-certs',
      namespace: 'istio-system',
      secretName: 'bookinfo-ingressgateway-certs',
      hosts: ['productpage.bookinfo.appk8s.com'],
      issuerRef,
    }),
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: {
        name: 'bookinfo-ingressgateway-certs',
        namespace: 'istio-system',
        labels,
      },
      spec: {
        secretName: 'bookinfo-ingressgateway-certs',
        issuerRef,
        commonName: 'productpage.bookinfo.appk8s.com',
        dnsNames: ['productpage.bookinfo.appk8s.com'],
      },
    },
  ],
  [
    'Gateway API Gateway with one listener per host',
    buildGatewayApiGateway({
      name: 'shop',
      namespace: 'shop',
      gatewayClassName: 'istio',
      hosts: ['shop.appk8s.com', 'www.shop.appk8s.com'],
      port: 443,
      credentialName: 'shop-tls',
    }),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'shop', labels },
      spec: {
        gatewayClassName: 'istio',
        listeners: ['shop.appk8s.com', 'www.shop.appk8s.com'].map(
          (hostname, i) => ({
            name: `https-${i}`,
            hostname,
            port: 443,
            protocol: 'HTTPS',
            tls: {
              mode: 'Terminate',
              certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }],
            },
            allowedRoutes: { namespaces: { from: 'Same' } },
          }),
        ),
      },
    },
  ],
  [
    'HTTPRoute to the service',
    buildHttpRoute({
      name: 'shop',
      namespace: 'shop',
      gatewayName: 'shop',
      hosts: ['shop.appk8s.com'],
      service: { name: 'web', port: 8080 },
    }),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'shop', labels },
      spec: {
        parentRefs: [{ name: 'shop' }],
        hostnames: ['shop.appk8s.com'],
        rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }],
      },
    },
  ],
  [
    'AuthorizationPolicy with a JWT claim condition (seed 003)',
    buildAuthorizationPolicy({
      name: 'policy',
      namespace: 'bookinfo',
      action: 'ALLOW',
      selector: { app: 'productpage' },
      rules: [
        {
          from: { namespaces: ['istio-system'], principals: [] },
          to: { methods: ['GET'], ports: [9080] },
          jwtClaims: [{ claim: ['preferred_username'], values: ['prod001'] }],
        },
      ],
    }),
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'policy', namespace: 'bookinfo', labels },
      spec: {
        selector: { matchLabels: { app: 'productpage' } },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { namespaces: ['istio-system'] } }],
            to: [{ operation: { methods: ['GET'], ports: ['9080'] } }],
            when: [
              {
                key: 'request.auth.claims[preferred_username]',
                values: ['prod001'],
              },
            ],
          },
        ],
      },
    },
  ],
  [
    'ingress JWT DENY policy (seed 003)',
    buildIngressJwtDenyPolicy({
      name: 'frontend-ingress',
      namespace: 'istio-system',
      selector: { istio: 'ingressgateway' },
    }),
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'frontend-ingress', namespace: 'istio-system', labels },
      spec: {
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      },
    },
  ],
  [
    'RequestAuthentication (seed 003)',
    buildRequestAuthentication({
      name: 'reqauth-istio-system',
      namespace: 'istio-system',
      issuer: 'http://keycloak/auth/realms/istio',
      jwksUri:
        'http://keycloak/auth/realms/istio/protocol/openid-connect/certs',
      forwardOriginalToken: true,
    }),
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: {
        name: 'reqauth-istio-system',
        namespace: 'istio-system',
        labels,
      },
      spec: {
        jwtRules: [
          {
            issuer: 'http://keycloak/auth/realms/istio',
            jwksUri:
              'http://keycloak/auth/realms/istio/protocol/openid-connect/certs',
            forwardOriginalToken: true,
          },
        ],
      },
    },
  ],
  [
    'mesh-wide PeerAuthentication STRICT (seed 003)',
    buildPeerAuthentication({
      name: 'default',
      namespace: 'istio-system',
      mode: 'STRICT',
    }),
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system', labels },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ],
  [
    'ISTIO_MUTUAL DestinationRule for Elasticsearch (seed 001)',
    buildIstioMutualDestinationRule({
      name: 'elastic-istio',
      namespace: 'default',
      host: 'elastic-istio-es-http.default.svc.cluster.local',
    }),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'elastic-istio', namespace: 'default', labels },
      spec: {
        host: 'elastic-istio-es-http.default.svc.cluster.local',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      },
    },
  ],
  [
    'Namespace moved to revision 1-7-3 (seed 003)',
    buildNamespace('bookinfo', { mode: 'sidecar', revision: '1-7-3' }),
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'bookinfo',
        labels: { ...labels, 'istio.io/rev': '1-7-3' },
      },
    },
  ],
];

describe('manifest builders', () => {
  it.each(cases)('%s', async (_name, manifest, expected) => {
    expect(manifest).toEqual(expected);
    // The CRD schema must accept what the builder made, and serialising must not change it.
    const [validated] = await validateManifests([manifest]);
    expect(parse(serializeManifest(validated))).toEqual(expected);
  });

  it('labels the data plane of a namespace with exactly one mechanism', () => {
    expect(
      buildNamespace('a', { mode: 'sidecar' }).metadata.labels[
        'istio-injection'
      ],
    ).toBe('enabled');
    const ambient = buildNamespace('a', { mode: 'ambient' }).metadata.labels;
    expect(ambient['istio.io/dataplane-mode']).toBe('ambient');
    expect(ambient['istio-injection']).toBeUndefined();
    expect(ambient['istio.io/rev']).toBeUndefined();
    const rev = buildNamespace('a', { mode: 'sidecar', revision: '1-24-3' })
      .metadata.labels;
    expect(rev['istio-injection']).toBeUndefined();
  });

  it('builds ECK resources with the Istio annotations of seed 001', () => {
    const [es, kibana, apm] = buildEckResources({
      name: 'elastic-istio',
      namespace: 'default',
      version: '8.17.0',
      nodeCount: 3,
      kibana: true,
      apmServer: true,
      disableSelfSignedHttpTls: true,
      istioCni: true,
      automountServiceAccountToken: true,
    });
    expect(es).toEqual({
      apiVersion: 'elasticsearch.k8s.elastic.co/v1',
      kind: 'Elasticsearch',
      metadata: { name: 'elastic-istio', namespace: 'default', labels },
      spec: {
        version: '8.17.0',
        http: { tls: { selfSignedCertificate: { disabled: true } } },
        nodeSets: [
          {
            name: 'default',
            count: 3,
            podTemplate: {
              metadata: {
                annotations: {
                  'traffic.sidecar.istio.io/includeInboundPorts': '*',
                  'traffic.sidecar.istio.io/excludeOutboundPorts': '9300,443',
                  'traffic.sidecar.istio.io/excludeInboundPorts': '9300',
                },
              },
              spec: { automountServiceAccountToken: true },
            },
          },
        ],
      },
    });
    expect(kibana).toMatchObject({
      kind: 'Kibana',
      spec: {
        count: 1,
        elasticsearchRef: { name: 'elastic-istio' },
        podTemplate: { spec: { automountServiceAccountToken: true } },
      },
    });
    expect(apm).toMatchObject({
      kind: 'ApmServer',
      spec: {
        podTemplate: {
          metadata: {
            annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
          },
        },
      },
    });
    // YAML must keep annotation values strings ("9300", "true"), or the API server rejects them.
    const yamlText = serializeManifest(apm);
    expect(yamlText).toContain(
      `sidecar.istio.io/rewriteAppHTTPProbers: "true"`,
    );
    expect(
      parse(serializeManifest(es)).spec.nodeSets[0].podTemplate.metadata
        .annotations['traffic.sidecar.istio.io/excludeInboundPorts'],
    ).toBe('9300');
  });

  it('keeps ECK defaults when TLS and token options are off', () => {
    const [es, kibana] = buildEckResources({
      name: 'es',
      namespace: 'n',
      version: '8.17.0',
      nodeCount: 1,
      kibana: true,
      apmServer: false,
      disableSelfSignedHttpTls: false,
      istioCni: false,
      automountServiceAccountToken: false,
    });
    expect(es.spec.http).toBeUndefined();
    expect(
      es.kind === 'Elasticsearch' && es.spec.nodeSets[0].podTemplate.spec,
    ).toBeUndefined();
    expect(kibana.spec).toEqual({
      version: '8.17.0',
      count: 1,
      elasticsearchRef: { name: 'es' },
    });
  });

  it('omits a commonName longer than 64 characters', () => {
    const long = `${'a'.repeat(60)}.appk8s.com`;
    const cert = buildCertificate({
      name: 'c',
      namespace: 'n',
      secretName: 'c',
      hosts: [long, 'b.appk8s.com'],
      issuerRef,
    });
    expect(cert.spec?.commonName).toBeUndefined();
    expect(cert.spec?.dnsNames).toEqual([long, 'b.appk8s.com']);
  });

  it('refuses a certificate for "*" or no host', () => {
    expect(() =>
      buildCertificate({
        name: 'c',
        namespace: 'n',
        secretName: 'c',
        hosts: ['*'],
        issuerRef,
      }),
    ).toThrow('host "*" cannot be put in a certificate');
    expect(() =>
      buildCertificate({
        name: 'c',
        namespace: 'n',
        secretName: 'c',
        hosts: [],
        issuerRef,
      }),
    ).toThrow('at least one host');
  });

  it('addresses nested JWT claims', () => {
    expect(claimConditionKey(['realm_access', 'roles'])).toBe(
      'request.auth.claims[realm_access][roles]',
    );
  });

  it('rejects a manifest its CRD schema does not accept', async () => {
    const gateway = buildIstioGateway({
      name: 'g',
      namespace: 'n',
      hosts: ['a.appk8s.com'],
      port: 443,
      tlsMode: 'SIMPLE',
      credentialName: 'c',
      selector: {},
    });
    (gateway.spec!.servers![0].port as { number: unknown }).number = 'https';
    await expect(validateManifests([gateway])).rejects.toThrow(
      /^Gateway n\/g failed schema validation: .*number must be integer/,
    );
  });
});
