import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { BACKEND, guestToken, openAsGuest } from './signIn';

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
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });
  expect(JSON.stringify(body)).toMatch(/Refused by rule/);
  expect(body.directoryContents ?? []).toEqual([]);
});

/** The namespaces the demo catalog gives the guest's team (storefront). */
function storefrontNamespaces(): string[] {
  const text = readFileSync(
    resolve(__dirname, '../../packages/demo-cluster/catalog/namespaces.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJSON())
    .filter(
      e =>
        e?.kind === 'Resource' &&
        e.spec?.type === 'kubernetes-namespace' &&
        ['group:storefront', 'group:default/storefront'].includes(e.spec.owner),
    )
    .map(
      e =>
        e.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
        e.metadata.name,
    )
    .sort();
}

/** Opens a combobox field of the template form and lists its options. */
async function optionsOf(page: Page, label: RegExp) {
  // MUI's Autocomplete: the labelled input opens the list.
  await page.getByRole('textbox', { name: label }).click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByRole('option').first()).toBeVisible();
  return listbox.getByRole('option').allTextContents();
}

test('the namespace picker offers only the namespaces the guest’s team owns', async ({
  page,
}) => {
  await openAsGuest(page, '/create/templates/default/mesh-team-ingress');
  await expect(page.getByText('A namespace your team owns')).toBeVisible();
  const offered = await optionsOf(page, /Namespace/);
  const expected = storefrontNamespaces();
  expect(expected.length).toBeGreaterThan(1);
  expect(offered.map(o => o.replace(/ \(owned by .*\)$/, '')).sort()).toEqual(
    expected,
  );
  for (const option of offered) {
    expect(option).toMatch(/\(owned by group:default\/storefront\)$/);
  }
  // The Services picker then lists that namespace's Services with their ports.
  await page.getByRole('option', { name: /^storefront-checkout / }).click();
  const services = await optionsOf(page, /^Service/);
  expect(services.join('\n')).toMatch(/^checkout \(ports .*\d/m);
});

test('the hosts field refuses a wildcard and a foreign domain before the last step', async ({
  page,
}) => {
  await openAsGuest(page, '/create/templates/default/mesh-team-ingress');
  await page.getByRole('textbox', { name: /Namespace/ }).click();
  await page.getByRole('option', { name: /^storefront-checkout / }).click();
  await page.getByRole('textbox', { name: /Gateway name/ }).fill('orders');
  await page.getByRole('textbox', { name: /^Service/ }).click();
  await page.getByRole('option', { name: /^checkout / }).click();
  await page.getByRole('spinbutton', { name: /Service port/ }).fill('9080');
  await page.getByRole('button', { name: 'Next' }).click();

  const hosts = page.getByRole('textbox', { name: /Hosts/ });
  await expect(
    page.getByText(/One host per line, inside appk8s\.com; no wildcards\./),
  ).toBeVisible();
  await hosts.fill('*.appk8s.com');
  // As it is typed, in the action's own words.
  await expect(
    page
      .getByText(
        'host "*.appk8s.com": wildcard hosts may only be requested by mesh admins',
      )
      .first(),
  ).toBeVisible();
  await hosts.fill('orders.example.com');
  await expect(
    page
      .getByText(
        'host "orders.example.com" is outside the allowed domains (appk8s.com)',
      )
      .first(),
  ).toBeVisible();
  // Next runs the same rule: the form stays on this step.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(hosts).toBeVisible();
  await expect(page.getByRole('button', { name: 'Review' })).toHaveCount(0);

  await hosts.fill('orders.appk8s.com');
  // The field's own hint is back: the host passes (the form's error list
  // keeps the last Next's errors until the next one).
  await expect(
    page.getByText(/One host per line, inside appk8s\.com; no wildcards\./),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('textbox', { name: /Target branch/ }),
  ).toBeVisible();
});

/**
 * Makes the template editor's "Load Template Directory" open a folder holding
 * this repository's template, in the browser's own origin-private file system
 * (a real FileSystemDirectoryHandle): Playwright cannot answer the native
 * folder picker.
 */
async function offerTemplateDirectory(page: Page, name: string) {
  const yaml = readFileSync(
    resolve(__dirname, '../../templates', name, 'template.yaml'),
    'utf8',
  );
  await page.addInitScript(
    ({ folder, content }) => {
      (window as any).showDirectoryPicker = async () => {
        const root = await navigator.storage.getDirectory();
        await root.removeEntry(folder, { recursive: true }).catch(() => {});
        const directory = await root.getDirectoryHandle(folder, {
          create: true,
        });
        const file = await directory.getFileHandle('template.yaml', {
          create: true,
        });
        const writable = await file.createWritable();
        await writable.write(content);
        await writable.close();
        return directory;
      };
    },
    { folder: name, content: yaml },
  );
}

test('a dry run in the template editor shows the allow-all refusal and its reason', async ({
  page,
}) => {
  // Tall enough that the Create button is not under a notification toast.
  await page.setViewportSize({ width: 1280, height: 1100 });
  await offerTemplateDirectory(page, 'team-authorization-policy');
  await openAsGuest(page, '/create/edit');
  await page.getByText('Load Template Directory').click();

  await page.getByRole('textbox', { name: /Namespace/ }).click();
  await page.getByRole('option', { name: /^storefront-checkout / }).click();
  await page
    .getByRole('textbox', { name: /Policy name/ })
    .fill('checkout-callers');
  await page
    .getByRole('textbox', { name: 'app', exact: true })
    .fill('checkout');
  await page.getByRole('button', { name: 'Next' }).click();
  // "Who may call" left empty, and not "allow every caller in this namespace".
  await expect(
    page.getByText('Allow every caller in this namespace'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: /Owner/ }).fill('acme');
  const repository = page.getByRole('textbox', { name: /Repository/ });
  await repository.fill('mesh-config');
  await repository.press('Tab');
  // RepoUrlPicker hands its value to the form a moment after typing.
  await expect(async () => {
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('button', { name: 'Create' })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass();
  await page.getByRole('button', { name: 'Create' }).click();

  // The scaffolder answers a refused dry run with the action's error (400
  // for an input refusal), so the editor lists no result and shows the
  // error over the template instead: the rule and its reason, in full.
  await expect(
    page.getByText(
      /InputError: Refused by rule "named-callers": AuthorizationPolicy storefront-checkout\/checkout-callers: rule 1 names no caller .* choose to allow every caller in namespace storefront-checkout/,
    ),
  ).toBeVisible();
  await expect(page.getByText('Result 1')).toHaveCount(0);
  // The development server also overlays the unhandled rejection; closed
  // as a user would, the editor shows the reason.
  for (const frame of page.frames()) {
    const close = frame.getByRole('button', { name: '× Close' });
    if (await close.count()) await close.click();
  }
  await expect(page.getByText(/InputError: Refused by rule/)).toBeVisible();
  await page.screenshot({
    path: 'node_modules/.cache/meshwise/e2e-results/dry-run-named-callers.png',
  });
});

/** Signs in as the demo's mesh admin (Carol) and returns her Backstage token. */
async function meshAdminToken(page: Page): Promise<string> {
  page.on('dialog', dialog => dialog.accept());
  const request = page.waitForRequest(
    r =>
      r.url().startsWith(`${BACKEND}/api/catalog`) &&
      !!r.headers().authorization,
  );
  await page.goto('/catalog');
  const card = page
    .locator('div')
    .filter({ has: page.getByText('Carol (mesh admin)', { exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Sign In' }) })
    .last();
  await card.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
  return (await request).headers().authorization!.replace(/^Bearer /, '');
}

test('the demo’s mesh admin runs the template that needs one, and picks the mesh admins’ namespaces', async ({
  page,
  request,
}) => {
  const token = await meshAdminToken(page);
  const result = await dryRun(request, token, 'namespace-revision', {
    namespace: 'storefront-checkout',
    dataPlane: 'sidecar',
    revision: '1-24-3',
    repoUrl: 'github.com?owner=acme&repo=mesh-config',
  });
  expect(JSON.stringify(result)).not.toMatch(/Refused by rule/);
  expect(
    (result.directoryContents as { path: string; base64Content: string }[])
      .map(decode)
      .join('\n'),
  ).toContain('istio.io/rev: 1-24-3');

  await page.goto('/create/templates/default/mesh-team-authorization-policy');
  const offered = await optionsOf(page, /Namespace/);
  expect(offered.map(o => o.replace(/ \(owned by .*\)$/, '')).sort()).toEqual([
    'cert-manager',
    'istio-system',
  ]);
});
