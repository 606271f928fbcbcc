import { expect, Page, test } from '@playwright/test';
import { openAsGuest } from './signIn';

/**
 * Mesh history in the demo portal: the backend takes its first sample as
 * soon as the demo cluster is read (not after the sampling interval), so a
 * fresh portal shows a trend point on the dashboard and, on a service's Mesh
 * tab, its findings over time and when each first appeared.
 */

/** Reloads until `check` passes: the trends are fetched once per load. */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 120_000, intervals: [2_000, 3_000, 5_000] });
}

test('the dashboard charts the sampled trends', async ({ page }) => {
  test.setTimeout(240_000);
  await openAsGuest(page, '/mesh');
  const trends = page.getByRole('region', { name: 'Trends' });
  const coverage = trends.getByRole('img', {
    name: /^Mesh coverage and STRICT mTLS over time: /,
  });
  await eventually(page, async () => {
    await expect(
      coverage,
      `the trends section: ${await trends
        .innerText({ timeout: 5_000 })
        .catch(() => '(not shown)')}`,
    ).toBeVisible({ timeout: 5_000 });
  });
  // The figures in words, as the chart draws them: known, not gaps.
  await expect(coverage).toHaveAttribute(
    'aria-label',
    /mesh coverage \d+% at .*; STRICT mTLS \d+% at /,
  );
  await expect(
    trends.getByRole('img', { name: /^Upgrade progress: pods per revision: / }),
  ).toHaveAttribute('aria-label', /\d+ at .* pods/);
  // Recharts drew the samples (a curve, or dots while there are few), not
  // an empty frame.
  for (const name of [
    /^Mesh coverage and STRICT mTLS over time: /,
    /^Findings by severity over time: /,
    /^Upgrade progress: pods per revision: /,
  ]) {
    await expect(
      trends
        .getByRole('img', { name })
        .locator('.recharts-curve, .recharts-dot')
        .first(),
    ).toBeVisible();
  }
  await trends.screenshot({ path: test.info().outputPath('trends.png') });
  await expect(
    trends.getByText(/History is off|No history samples/),
  ).toHaveCount(0);
});

test("a service's Mesh tab shows its findings over time and when each appeared", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // checkout's gateway certificate fails in the demo: it has findings.
  await openAsGuest(page, '/catalog/default/component/checkout/mesh');
  const chart = page.getByRole('img', {
    name: /^Findings over the last 30 days: /,
  });
  await eventually(page, async () => {
    await expect(chart).toBeVisible({ timeout: 10_000 });
  });
  await expect(chart).toHaveAttribute(
    'aria-label',
    /latest at .*: \d+ errors, \d+ warnings, \d+ info/,
  );
  const firstSeen = page.getByRole('list', {
    name: 'When the current findings first appeared',
  });
  // Every current finding appeared since this portal started: all are new.
  await expect(
    firstSeen.getByText('new since yesterday').first(),
  ).toBeVisible();
  await expect(
    page.getByText(/^Current findings: \d+, \d+ new since yesterday$/),
  ).toBeVisible();
});
