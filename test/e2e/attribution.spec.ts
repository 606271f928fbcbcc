import { expect, Locator, Page, test } from '@playwright/test';
import { BACKEND, guestToken, openAsGuest } from './signIn';

/**
 * Findings on what they break, in the demo portal: route and policy findings
 * are on the page of the service they name (reviews, payments), and no
 * section is green beside a finding that breaks it (productpage's shared
 * host, checkout's NetworkPolicies, details' DestinationRule).
 */

test.use({ viewport: { width: 1440, height: 1000 } });
// The development build compiles each page on its first visit.
test.setTimeout(180_000);

/** The InfoCard titled `title` (a MUI Card; class names carry a counter suffix in development builds). */
function card(page: Page, title: string): Locator {
  return page
    .locator('main [class*="MuiCard-root"]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .last();
}

/**
 * Opens a service's Mesh tab once its status has loaded; again if the
 * development server reloaded the page meanwhile (it watches the sources, and
 * a reload in the middle leaves the sign-in page).
 */
async function openMeshTab(page: Page, service: string) {
  await expect(async () => {
    await openAsGuest(page, `/catalog/default/component/${service}/mesh`);
    await expect(card(page, 'Exposure')).toBeVisible({ timeout: 45_000 });
  }).toPass({ timeout: 150_000 });
}

test("reviews' route to a missing Gateway and its policy for a version with no pod are on reviews' page", async ({
  page,
}) => {
  await openMeshTab(page, 'reviews');
  const exposure = card(page, 'Exposure');
  const routes = exposure.getByRole('list', {
    name: 'Routes that reach no Gateway',
  });
  await expect(routes.getByText('MW305', { exact: true })).toBeVisible();
  await expect(routes.getByText('MW306', { exact: true })).toBeVisible();
  await expect(routes).toContainText('reviews-gateway');
  await expect(
    exposure.getByText(/reachable only inside the cluster/),
  ).toHaveCount(0);

  const authorization = card(page, 'Authorization');
  await expect(
    authorization
      .getByRole('list', { name: 'Authorization findings' })
      .getByText('MW402', { exact: true }),
  ).toBeVisible();
  await expect(authorization).toContainText('reviews-v4-viewer');
  await expect(page.getByTestId('authorization-state')).toHaveAttribute(
    'data-state',
    'warning',
  );

  // The card does not call reviews "not exposed" either.
  await openAsGuest(page, '/catalog/default/component/reviews');
  const mesh = card(page, 'Service mesh');
  await expect(
    mesh.getByRole('group', { name: 'Routes that reach no Gateway' }),
  ).toContainText('MW305');
  await expect(mesh.getByText('Not exposed through a gateway')).toHaveCount(0);
});

test("payments' host that its Gateway does not serve is in payments' exposure", async ({
  page,
}) => {
  await openMeshTab(page, 'payments');
  const routes = card(page, 'Exposure').getByRole('list', {
    name: 'Routes that reach no Gateway',
  });
  await expect(routes.getByText('MW306', { exact: true })).toBeVisible();
  await expect(routes).toContainText('payments.appk8s.com');
});

test('a host claimed by two Gateways is not a green chain (productpage, MW304)', async ({
  page,
}) => {
  await openMeshTab(page, 'productpage');
  const status = page.locator(
    '[data-testid="exposure"][data-host="status.appk8s.com"]',
  );
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status.getByText(/^Error · .*MW304/)).toBeVisible();
  // The Gateway step the finding names is marked, not only the heading.
  await expect(
    status
      .getByRole('list', { name: 'Route of status.appk8s.com' })
      .locator('li[data-state="error"]')
      .first(),
  ).toContainText('status-gateway');
});

test('NetworkPolicies that keep the gateway out are not only "Expiring" (checkout, MW701)', async ({
  page,
}) => {
  await openMeshTab(page, 'checkout');
  const exposure = page.locator(
    '[data-testid="exposure"][data-host="checkout.appk8s.com"]',
  );
  await expect(exposure).toHaveAttribute('data-state', 'error');
  await expect(exposure.getByText(/^Error · .*MW701/)).toBeVisible();
  await expect(exposure.getByText(/^Expiring/)).toBeVisible();
  await expect(page.getByTestId('network-policy-state')).toHaveAttribute(
    'data-state',
    'error',
  );

  await openAsGuest(page, '/catalog/default/component/checkout');
  await expect(
    card(page, 'Service mesh')
      .getByText(/^Error · .*MW701/)
      .first(),
  ).toBeVisible();
});

test('a DestinationRule that breaks every call is not a green STRICT (details, MW201)', async ({
  page,
}) => {
  await openMeshTab(page, 'details');
  await expect(page.getByTestId('mtls-state')).toHaveAttribute(
    'data-state',
    'error',
  );
  const mtls = card(page, 'mTLS');
  await expect(
    mtls.getByRole('list', { name: 'mTLS findings' }).getByText('MW201', {
      exact: true,
    }),
  ).toBeVisible();
  const strict = mtls
    .locator('[data-tone]')
    .filter({ hasText: /^STRICT$/ })
    .first();
  await expect(strict).toHaveAttribute('data-tone', 'error');
});

test('the dashboard lists the services of attributed findings and the worst host first', async ({
  page,
}) => {
  const token = await guestToken(page);
  const get = async (path: string) => {
    const response = await page.request.get(`${BACKEND}/api/mesh${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.ok()).toBe(true);
    return response.json();
  };
  // The backend fills its fleet views after its first catalog read.
  await expect
    .poll(async () => (await get('/findings?code=MW305')).totalCount, {
      timeout: 120_000,
    })
    .toBeGreaterThan(0);
  const refsOf = async (code: string) =>
    (await get(`/findings?code=${code}`)).items.flatMap(
      (f: { entityRefs: string[] }) => f.entityRefs,
    );
  expect(await refsOf('MW305')).toContain('component:default/reviews');
  expect(await refsOf('MW402')).toContain('component:default/reviews');
  expect(await refsOf('MW306')).toEqual(
    expect.arrayContaining([
      'component:default/reviews',
      'component:default/payments',
    ]),
  );

  const productpage = (
    await get('/fleet/services?search=productpage')
  ).items.find(
    (r: { entityRef: string }) =>
      r.entityRef === 'component:default/productpage',
  );
  expect(productpage.exposedHosts[0]).toBe('status.appk8s.com');
  expect(productpage.worstHost).toEqual({
    host: 'status.appk8s.com',
    state: 'error',
  });

  // The findings list names reviews where it showed "—".
  await openAsGuest(page, '/mesh?tab=findings&code=MW305');
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('link', { name: /reviews/ })).toBeVisible({
    timeout: 60_000,
  });
  // And the services filtered by that code list reviews, not the hint to
  // annotate entities that an empty list gives.
  await openAsGuest(page, '/mesh?tab=services&code=MW305');
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByRole('link', { name: /reviews/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(/or annotate/)).toHaveCount(0);
});
