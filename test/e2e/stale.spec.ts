import { execFileSync } from 'child_process';
import { expect, Page, test } from '@playwright/test';
import { openAsGuest } from './signIn';

/**
 * The demo cluster's API server goes away while the portal runs: the card,
 * the Mesh tab and the dashboard say their data is the last known, with its
 * age, instead of passing it off as current; and it comes back.
 *
 * The demo cluster runs inside the backend process and toggles an outage of
 * its API server on SIGUSR2 (`startDemoCluster`): no route or port is added
 * for it, and only this user can send the signal.
 */

const BACKEND_PORT = 7007;

/** The pid of the process listening on the backend's port (this user's). */
function backendPid(): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${BACKEND_PORT}`], {
    encoding: 'utf8',
  });
  const match = /pid=(\d+)/.exec(out);
  if (!match) {
    throw new Error(
      `no process of this user listens on :${BACKEND_PORT} (ss said: ${out.trim()})`,
    );
  }
  return Number(match[1]);
}

function toggleDemoClusterOutage(): void {
  process.kill(backendPid(), 'SIGUSR2');
}

/** Reloads until `check` passes: the card and tab fetch the status once per load. */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 3_000] });
}

test('a cluster whose API server went away shows last-known data, marked with its age', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openAsGuest(page, '/catalog/default/component/productpage');
  // A fresh portal may still be reading the cluster.
  await eventually(page, async () => {
    await expect(page.getByText('Sidecar · 1-24-3').first()).toBeVisible({
      timeout: 5_000,
    });
    await expect(page.getByTestId('mesh-stale-data')).toHaveCount(0);
  });

  const pid = backendPid();
  toggleDemoClusterOutage();
  try {
    // The dashboard's cluster table.
    await page.goto('/mesh');
    const clustersTable = page.getByRole('table', { name: 'Clusters' });
    await eventually(page, async () => {
      await expect(
        clustersTable,
        `the cluster table: ${await clustersTable
          .innerText({ timeout: 5_000 })
          .catch(() => '(not shown)')}`,
      ).toContainText('Unreachable', { timeout: 5_000 });
    });
    await expect(page.getByTestId('cluster-stale-data')).toContainText(
      /Last known data, \d+ (s|min) old/,
    );

    // The card.
    await page.goto('/catalog/default/component/productpage');
    await eventually(page, async () => {
      await expect(page.getByTestId('mesh-stale-data').first()).toBeVisible({
        timeout: 5_000,
      });
    });
    await expect(page.getByTestId('mesh-stale-data').first()).toContainText(
      /Last known data from cluster .+, \d+ (s|min) old/,
    );

    // The Mesh tab.
    await page.getByRole('tab', { name: 'Mesh' }).click();
    await expect(page.getByTestId('mesh-stale-data').first()).toBeVisible();
    expect(
      backendPid(),
      'the backend restarted during the test (a source file changed?)',
    ).toBe(pid);
  } finally {
    toggleDemoClusterOutage();
  }

  // Back: the marker goes once every kind is read again.
  await page.goto('/mesh');
  await eventually(page, async () => {
    await expect(
      page
        .getByRole('table', { name: 'Clusters' })
        .getByText('Synced', { exact: true }),
    ).toBeVisible({ timeout: 5_000 });
  });
  await expect(page.getByTestId('cluster-stale-data')).toHaveCount(0);
});
