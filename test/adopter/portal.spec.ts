import { expect, Locator, Page, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

// A portal made by @backstage/create-app, with the packed @meshwise/* packages
// installed and wired as README.md says, against the standalone demo cluster.
const BACKEND = process.env.MESHWISE_ADOPTER_BACKEND_URL!;
const PORTAL = process.env.MESHWISE_ADOPTER_PORTAL!;

/** Opens a path, signing in as the guest on the way (create-app's guest provider). */
async function openAsGuest(page: Page, path: string) {
  page.on('dialog', dialog => dialog.accept());
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('link', { name: 'Settings' });
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn).toBeVisible();
}

/** The InfoCard titled `title` on the page. */
function card(page: Page, title: string): Locator {
  return page
    .locator('main [class*="MuiCard-root"]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .last();
}

test('the entity page of a demo service has the Service mesh card', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/productpage');
  const mesh = card(page, 'Service mesh');
  await expect(mesh).toBeVisible();
  // read from the demo cluster through the mesh backend
  await expect(mesh.getByText('productpage.bookinfo.appk8s.com')).toBeVisible();
  await expect(mesh.getByText('STRICT', { exact: true })).toBeVisible();
});

test('the Mesh tab lists the workloads and their proxies', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/reviews');
  // a tab, or a link in the newer catalog's entity header
  await page
    .getByRole('tab', { name: 'Mesh', exact: true })
    .or(page.getByRole('link', { name: 'Mesh', exact: true }))
    .first()
    .click();
  await expect(page).toHaveURL(/\/mesh$/);
  const workloads = page.getByRole('table', { name: 'Workloads and proxies' });
  await expect(
    workloads.getByRole('row').filter({ hasText: 'reviews-v1' }),
  ).toBeVisible();
  await expect(
    workloads.getByRole('row').filter({ hasText: 'reviews-v2' }),
  ).toBeVisible();
});

test('the fleet dashboard opens from the Service mesh nav item', async ({
  page,
}) => {
  await openAsGuest(page, '/');
  await page.getByRole('link', { name: 'Service mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  // the dashboard's services table lists the demo's services
  await expect(page.getByText('productpage').first()).toBeVisible();
  await expect(page.getByText('reviews').first()).toBeVisible();
});

test('the Create page lists the Meshwise templates from the scaffolder module package', async ({
  page,
}) => {
  const dir = join(
    PORTAL,
    'node_modules/@meshwise/plugin-scaffolder-backend-module-mesh/templates',
  );
  const titles = readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(
      entry =>
        parse(readFileSync(join(dir, entry.name, 'template.yaml'), 'utf8'))
          .metadata.title as string,
    );
  expect(titles.length).toBeGreaterThanOrEqual(5);
  await openAsGuest(page, '/create');
  for (const title of titles) {
    await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
  }
});

test('the mesh status API answers a signed-in user and refuses a caller without a token', async ({
  page,
  request,
}) => {
  const withToken = page.waitForRequest(
    r => r.url().startsWith(`${BACKEND}/api/`) && !!r.headers().authorization,
  );
  await openAsGuest(page, '/catalog/default/component/productpage');
  const authorization = (await withToken).headers().authorization!;
  const url = `${BACKEND}/api/mesh/entities/default/component/productpage/status`;

  const answer = await request.get(url, { headers: { authorization } });
  expect(answer.status()).toBe(200);
  const status = await answer.json();
  expect(JSON.stringify(status)).toContain('productpage');

  const anonymous = await request.get(url);
  expect(anonymous.status()).toBe(401);
});

test("a template's form has the Meshwise fields with no wiring beyond the README's", async ({
  page,
}) => {
  await openAsGuest(
    page,
    '/create/templates/default/mesh-team-authorization-policy',
  );
  // The namespace picker (ui:field MeshNamespacePicker) from @meshwise/plugin-mesh;
  // a field the app does not know renders RJSF's "Unsupported field schema".
  await expect(
    page.getByLabel('Namespace', { exact: false }).first(),
  ).toBeVisible();
  await expect(
    page.getByText('Loading the namespaces your teams own'),
  ).toHaveCount(0);
  await expect(
    page.getByText(
      /could not be loaded|Unsupported field schema|Unknown field type/,
    ),
  ).toHaveCount(0);
});
