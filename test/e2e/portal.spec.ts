import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

test('a service page shows the mesh card for the demo cluster', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/productpage');
  const card = page.getByRole('article').filter({ hasText: 'Service mesh' });
  await expect(card).toBeVisible();
  await expect(
    card.getByText('backstage.io/kubernetes-id=productpage'),
  ).toBeVisible();
  await expect(card.getByText(/reachable, Kubernetes v1\./)).toBeVisible();

  await page.getByRole('tab', { name: 'Mesh' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/productpage\/mesh/);
});

test('the dashboard lists the demo cluster as reachable', async ({ page }) => {
  await openAsGuest(page, '/');
  await page.getByRole('link', { name: 'Service mesh' }).click();
  await expect(page).toHaveURL(/\/mesh$/);
  const row = page.getByRole('row').filter({ hasText: 'Demo cluster (emulated)' });
  await expect(row.getByText('reachable', { exact: true })).toBeVisible();
  await expect(row.getByText(/^v1\./)).toBeVisible();
});
