import { APIRequestContext, expect, test } from '@playwright/test';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { BACKEND, guestToken } from './signIn';

function template(name: string) {
  return parse(
    readFileSync(
      resolve(__dirname, '../../templates', name, 'template.yaml'),
      'utf8',
    ),
  );
}

/** POST /api/scaffolder/v2/dry-run for a template of this repository. */
async function postDryRun(
  request: APIRequestContext,
  token: string,
  name: string,
  values: Record<string, unknown>,
) {
  const response = await request.post(`${BACKEND}/api/scaffolder/v2/dry-run`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      template: template(name),
      values,
      secrets: {},
      directoryContents: [],
    },
  });
  return { status: response.status(), body: await response.json() };
}

/** A dry run that must succeed; its result. */
async function dryRun(
  request: APIRequestContext,
  token: string,
  name: string,
  values: Record<string, unknown>,
) {
  const { status, body } = await postDryRun(request, token, name, values);
  expect(status, JSON.stringify(body).slice(0, 2000)).toBe(200);
  return body;
}

const decode = (file: { path: string; base64Content: string }) =>
  Buffer.from(file.base64Content, 'base64').toString('utf8');

test('the team ingress template dry-runs for the guest without GitHub', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const result = await dryRun(request, token, 'team-ingress', {
    namespace: 'storefront-checkout',
    name: 'orders',
    serviceName: 'checkout',
    servicePort: 8080,
    hosts: ['orders.appk8s.com'],
    tlsMode: 'MUTUAL',
    api: 'istio',
    provider: 'github',
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });

  const files = result.directoryContents as {
    path: string;
    base64Content: string;
  }[];
  const gateway = files.find(
    f => /gateway/i.test(f.path) && decode(f).includes('kind: Gateway'),
  );
  expect(gateway, JSON.stringify(files.map(f => f.path))).toBeDefined();
  const gatewayYaml = decode(gateway!);
  expect(gatewayYaml).toContain('mode: MUTUAL');
  expect(gatewayYaml).toContain(
    'credentialName: storefront-checkout-orders-tls',
  );

  const certificate = files.find(f => decode(f).includes('kind: Certificate'));
  expect(certificate).toBeDefined();
  const certificateYaml = decode(certificate!);
  expect(certificateYaml).toContain('namespace: istio-system');
  expect(certificateYaml).toContain(
    'secretName: storefront-checkout-orders-tls',
  );
  expect(certificateYaml).toContain('name: vault-issuer');
});

test('a developer asking for an admin-only change is refused with the rule', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const { body } = await postDryRun(request, token, 'namespace-revision', {
    namespace: 'storefront-checkout',
    dataPlane: 'sidecar',
    revision: '1-24-3',
    provider: 'github',
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });
  const log = JSON.stringify(body);
  expect(log).toMatch(/Refused by rule/);
  expect(body.directoryContents ?? []).toEqual([]);
});

test('the team AuthorizationPolicy template dry-runs with JWT claims (GitLab variant)', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const result = await dryRun(request, token, 'team-authorization-policy', {
    namespace: 'storefront-checkout',
    name: 'checkout-callers',
    selector: { app: 'checkout' },
    action: 'ALLOW',
    fromNamespaces: ['storefront-checkout'],
    fromPrincipals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway'],
    methods: ['GET', 'POST'],
    paths: ['/api/*'],
    jwtClaim: 'groups',
    jwtClaimValues: ['shoppers'],
    provider: 'gitlab',
    repoUrl: 'gitlab.com?owner=acme&repo=mesh-config',
  });
  const files = result.directoryContents as {
    path: string;
    base64Content: string;
  }[];
  const policy = files
    .map(decode)
    .find(y => y.includes('kind: AuthorizationPolicy'));
  expect(policy, JSON.stringify(files.map(f => f.path))).toBeDefined();
  expect(policy).toContain('app: checkout');
  expect(policy).toContain(
    'cluster.local/ns/istio-system/sa/istio-ingressgateway',
  );
  expect(policy).toContain('request.auth.claims[groups]');
});

test('the ECK-in-mesh template dry-runs with the seed settings', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const result = await dryRun(request, token, 'eck-in-mesh', {
    namespace: 'storefront-checkout',
    name: 'orders-search',
    version: '8.17.0',
    nodeCount: 3,
    kibana: true,
    apmServer: true,
    provider: 'github',
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });
  const yaml = (
    result.directoryContents as { path: string; base64Content: string }[]
  )
    .map(decode)
    .join('\n---\n');
  expect(yaml).toContain('kind: Elasticsearch');
  expect(yaml).toContain('traffic.sidecar.istio.io/excludeOutboundPorts');
  expect(yaml).toMatch(/selfSignedCertificate:\s+disabled: true/);
  expect(yaml).toContain('sidecar.istio.io/rewriteAppHTTPProbers');
  expect(yaml).toContain('mode: ISTIO_MUTUAL');
});

test('the mesh-admin template is refused for a developer', async ({
  page,
  request,
}) => {
  const token = await guestToken(page);
  const { body } = await postDryRun(request, token, 'mesh-admin-policies', {
    generatePeerAuthentication: true,
    mtlsMode: 'STRICT',
    provider: 'github',
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });
  expect(JSON.stringify(body)).toMatch(/Refused by rule/);
  expect(body.directoryContents ?? []).toEqual([]);
});
