import { expect, Locator, Page, test } from '@playwright/test';
import { resolve } from 'path';
import { openAsGuest } from './signIn';

// The screenshots in docs/ (shown in the README) are taken by this run.
const screenshot = (name: string) =>
  resolve(__dirname, '../../docs/screenshots', `${name}.png`);

test.use({ viewport: { width: 1440, height: 1000 } });

/**
 * The InfoCard titled `title`. core-components renders it as a MUI Card, whose
 * class names carry a counter suffix in development builds.
 */
function card(page: Page, title: string): Locator {
  return page
    .locator('main [class*="MuiCard-root"]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .last();
}

test('the service card answers "is productpage healthy in the mesh?"', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/productpage');
  const mesh = card(page, 'Service mesh');
  await expect(mesh.getByText('Sidecar · 1-24-3')).toBeVisible();
  await expect(mesh.getByText('STRICT', { exact: true })).toBeVisible();
  await expect(mesh.getByText('productpage.bookinfo.appk8s.com')).toBeVisible();
  await expect(mesh.getByText(/bookinfo-gateway \(MUTUAL\)/)).toBeVisible();
  await expect(mesh.getByText(/Ready · \d+ days left/).first()).toBeVisible();
  await mesh.screenshot({ path: screenshot('entity-card') });
});

test('the card shows a certificate about to expire', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/checkout');
  const mesh = card(page, 'Service mesh');
  // checkout-certs expires 5 days after the demo cluster starts (scenario).
  await expect(mesh.getByText('checkout.appk8s.com')).toBeVisible();
  await expect(mesh.getByText('Expiring · 5 days left')).toBeVisible();
  await expect(mesh.getByText('Not ready').first()).toBeVisible();
});

test('the Mesh tab shows the pod left on the old revision', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/reviews');
  await page.getByRole('tab', { name: 'Mesh' }).click();
  const workloads = page.getByRole('table', { name: 'Workloads and proxies' });
  const v1 = workloads.getByRole('row').filter({ hasText: 'reviews-v1' });
  await expect(v1.getByText(/1-23-2 · 1\.23\.2/)).toBeVisible();
  await expect(v1.getByText('Restart')).toBeVisible();
  const v2 = workloads.getByRole('row').filter({ hasText: 'reviews-v2' });
  await expect(v2.getByText(/1-24-3 · 1\.24\.3/)).toBeVisible();
  await expect(v2.getByText('Restart')).toHaveCount(0);
  await page.screenshot({ path: screenshot('entity-tab'), fullPage: false });
});

test('the Mesh tab lists the ECK misconfigurations with what to change', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/logging-stack/mesh');
  const checks = page.getByRole('table', {
    name: 'Istio compatibility checks of Elasticsearch logs',
  });
  const transport = checks.getByRole('row').filter({ hasText: 'MW503' });
  await expect(transport.getByText('Fail')).toBeVisible();
  await expect(
    transport.getByText(/^Change:.*excludeOutboundPorts/),
  ).toBeVisible();
  const selfSigned = checks.getByRole('row').filter({ hasText: 'MW504' });
  await expect(selfSigned.getByText('Fail')).toBeVisible();
  await card(page, 'Elastic (ECK)').screenshot({
    path: screenshot('entity-eck'),
  });
});

test('the dashboard filters the fleet and links to a service', async ({
  page,
}) => {
  await openAsGuest(page, '/');
  await page.getByRole('link', { name: 'Service mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  const kpis = page.getByRole('region', { name: 'Fleet KPIs' });
  await expect(kpis.getByText('Mesh coverage')).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Services' }).getByRole('row'),
  ).not.toHaveCount(0);
  await page.screenshot({ path: screenshot('dashboard'), fullPage: true });

  // Search narrows the services table; the filter lands in the URL.
  await page
    .getByRole('search', { name: 'Filter the fleet' })
    .getByRole('textbox', { name: 'Search' })
    .fill('checkout');
  await expect(page).toHaveURL(/search=checkout/);
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByRole('link', { name: 'checkout' })).toBeVisible();
  await expect(services.getByRole('link', { name: 'productpage' })).toHaveCount(
    0,
  );

  // A shared link opens the same view: findings of one code.
  await page.goto('/mesh?tab=findings&code=MW302');
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByText(/shop-certs/).first()).toBeVisible();

  // Following a service link opens its Mesh tab.
  await page.goto('/mesh?search=checkout');
  await page
    .getByRole('table', { name: 'Services' })
    .getByRole('link', { name: 'checkout' })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/checkout\/mesh/);
  await expect(
    page.getByRole('table', { name: 'Workloads and proxies' }),
  ).toBeVisible();
});

test('the dashboard follows the dark theme', async ({ page }) => {
  await openAsGuest(page, '/');
  // Backstage's theme switcher (Settings) keeps the choice here.
  await page.evaluate(() => localStorage.setItem('theme', 'dark'));
  await page.goto('/mesh');
  const kpis = page.getByRole('region', { name: 'Fleet KPIs' });
  await expect(kpis.getByText('Mesh coverage')).toBeVisible();
  const background = await page
    .locator('main')
    .evaluate(el => getComputedStyle(el).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(r + g + b).toBeLessThan(3 * 96);
  await page.screenshot({ path: screenshot('dashboard-dark') });
});
