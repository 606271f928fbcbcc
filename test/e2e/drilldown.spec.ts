import { expect, Page, test } from '@playwright/test';
import { BACKEND, guestToken, openAsGuest } from './signIn';

/**
 * The dashboard's figures lead to the lists behind them, filters are history
 * entries, and a link the dashboard cannot use says what is wrong with it.
 */

test.use({ viewport: { width: 1440, height: 1000 } });
// Each test loads the dashboard (four charts, two lists) several times from
// the development build.
test.setTimeout(240_000);

const params = (page: Page) => new URL(page.url()).searchParams;

let fleetListed = false;

/**
 * Waits until the backend lists services: it builds its catalog index after
 * the catalog has started, which can be minutes after the portal answers.
 * Asked once per run, as the guest.
 */
async function waitForFleet(page: Page) {
  if (fleetListed) return;
  const token = await guestToken(page);
  await expect
    .poll(
      async () => {
        // Refused while the development backend restarts: not yet, not failed.
        const response = await page.request
          .get(`${BACKEND}/api/mesh/fleet/services?limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          })
          .catch(() => undefined);
        return response?.ok() ? (await response.json()).totalCount : 0;
      },
      { timeout: 180_000, intervals: [2_000, 5_000] },
    )
    .toBeGreaterThan(0);
  fleetListed = true;
}

/**
 * Opens the dashboard at `search` once the services list has rows (the demo
 * backend fills it after its first catalog read, and restarts when its
 * sources change during development).
 */
async function openDashboard(page: Page, search = '') {
  await waitForFleet(page);
  await openAsGuest(page, `/mesh${search}`);
  const anyList = page
    .getByRole('table', { name: /^(Services|Findings)$/ })
    .getByRole('link')
    .first();
  // Give the page its time first; reload only a page that stayed empty.
  await anyList.waitFor({ timeout: 40_000 }).catch(() => undefined);
  await expect(async () => {
    if (!(await anyList.isVisible())) {
      await page.reload();
      await expect(anyList).toBeVisible({ timeout: 30_000 });
    }
  }).toPass({ timeout: 100_000 });
}

/** The total a paged table reports ("1–25 of 77" → 77). */
async function pagedTotal(page: Page): Promise<number> {
  const text = await page.getByText(/^\d+-\d+ of \d+$/).textContent();
  return Number(text!.split(' of ')[1]);
}

test('a KPI chip opens the findings it counts, and Back returns', async ({
  page,
}) => {
  await openDashboard(page);
  const kpis = page.getByRole('region', { name: 'Fleet KPIs' });
  const chip = kpis.getByRole('link', { name: /^\d+ error findings$/ });
  const count = Number((await chip.getAttribute('aria-label'))!.split(' ')[0]);
  await chip.click();
  await expect(page).toHaveURL(/tab=findings/);
  expect(params(page).getAll('severity')).toEqual(['error']);
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('row').nth(1)).toBeVisible();
  await expect(
    page.getByRole('tab', { name: `Findings (${count})` }),
  ).toBeVisible();
  expect(await pagedTotal(page)).toBe(count);
  for (const severity of await findings
    .locator('tbody tr td:first-child')
    .allTextContents()) {
    expect(severity).toBe('Error');
  }

  await page.goBack();
  await expect(page).toHaveURL(/\/mesh$/);
  await expect(page.getByRole('tab', { name: /^Services/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('a bar of the frequent-findings chart opens that code', async ({
  page,
}) => {
  await openDashboard(page);
  const links = page.getByLabel('Lists behind Most frequent findings');
  const first = links.getByRole('link').first();
  const code = (await first.textContent())!;
  await first.click();
  await expect(page).toHaveURL(new RegExp(`code=${code}`));
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('row').nth(1)).toBeVisible();
  for (const cell of await findings
    .locator('tbody tr td:nth-child(2)')
    .allTextContents()) {
    expect(cell.startsWith(code)).toBe(true);
  }

  // The bar itself is a link too.
  await page.goBack();
  await expect(page).toHaveURL(/\/mesh$/);
  // The findings chart is the last chart on the page.
  await page.locator('.recharts-bar-rectangle path').last().click();
  await expect(page).toHaveURL(/code=MW\d{3}/);
  expect(params(page).get('tab')).toBe('findings');
  expect(params(page).getAll('code')).toHaveLength(1);
});

test('a cluster filter scopes the KPIs, counts the tabs, and Back undoes it', async ({
  page,
}) => {
  await openDashboard(page);
  await expect(page.getByTestId('mesh-scope')).toHaveText(
    'Figures for the whole fleet.',
  );
  const filters = page.getByRole('search', { name: 'Filter the fleet' });
  await filters.getByLabel('Cluster').click();
  await page.getByRole('option', { name: 'demo' }).click();
  await expect(page).toHaveURL(/cluster=demo/);
  await expect(page.getByTestId('mesh-scope')).toHaveText(
    'Figures for cluster demo.',
  );
  // A KPI chip carries the scope into the list it opens.
  await expect(
    page
      .getByRole('region', { name: 'Fleet KPIs' })
      .getByRole('link', { name: /error findings$/ }),
  ).toHaveAttribute('href', /cluster=demo/);

  // Tab counts follow a filter that narrows the list.
  await filters.getByLabel('Severity').click();
  await page.getByRole('option', { name: 'error' }).click();
  await expect(page).toHaveURL(/severity=error/);
  const servicesTab = page.getByRole('tab', { name: /^Services \(\d+\)$/ });
  await expect(servicesTab).toBeVisible();
  await expect(async () => {
    const label = (await servicesTab.textContent())!;
    expect(Number(label.match(/\((\d+)\)/)![1])).toBe(await pagedTotal(page));
  }).toPass();
  await expect(page.getByTestId('mesh-scope')).toHaveText(
    'Figures for cluster demo; the severity filter applies to the lists below only.',
  );

  await page.goBack();
  await expect(page).not.toHaveURL(/severity=/);
  await expect(page).toHaveURL(/cluster=demo/);
  await page.goBack();
  await expect(page).not.toHaveURL(/cluster=/);
});

test('the namespace filter lists namespaces outside the mesh too', async ({
  page,
}) => {
  await openDashboard(page);
  const filters = page.getByRole('search', { name: 'Filter the fleet' });
  await filters.getByLabel('Namespace').click();
  // legacy-billing has no revision (invoices runs without a proxy).
  await expect(
    page.getByRole('option', { name: 'legacy-billing' }),
  ).toBeVisible();
  await expect(page.getByRole('option', { name: 'bookinfo' })).toBeVisible();
});

test('a page past the end shows the last page', async ({ page }) => {
  await openDashboard(page, '?limit=25&offset=5000');
  await expect(page).not.toHaveURL(/offset=5000/);
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByRole('row').nth(1)).toBeVisible();
  const total = await pagedTotal(page);
  const lastOffset = Math.floor((total - 1) / 25) * 25;
  expect(Number(params(page).get('offset') ?? 0)).toBe(lastOffset);
});

test('a link with parameters the dashboard cannot use says what is wrong', async ({
  page,
}) => {
  await openDashboard(page, '?severity=fatal&code=MW999&colour=red');
  const alert = page.getByRole('alert').filter({ hasText: 'cannot use' });
  await expect(
    alert.getByText('severity "fatal" is not one of error, warning, info.'),
  ).toBeVisible();
  await expect(
    alert.getByText(/code "MW999" is not a finding code/),
  ).toBeVisible();
  await expect(
    alert.getByText('"colour" is not a parameter of this page.'),
  ).toBeVisible();
  await alert.getByRole('button', { name: 'Remove them' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  await expect(alert).toHaveCount(0);
});
