import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

/**
 * Mesh notifications in the demo portal: the guest is a storefront
 * developer, and storefront owns checkout, whose gateway certificates fail
 * and expire soon in the demo. The mesh backend's first notification run happens once the
 * demo cluster is read; the bell then counts the notification, and it links
 * to the entity's Mesh tab.
 */
test('the owning team is notified of its certificates, in the bell', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openAsGuest(page, '/notifications');
  const notification = page.getByRole('link', {
    name: /^Certificate (not Ready|expiring soon|expired): component:default\/checkout$/,
  });
  await expect(async () => {
    await page.reload();
    await expect(notification.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000, 5_000] });

  // The sidebar's bell counts the unread notifications.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: /^Notifications/ }),
  ).toHaveText(/^Notifications\s*[1-9]\d*$/);

  await notification.first().click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout\/mesh$/,
  );
  // The Mesh tab, with the findings behind the notification.
  await expect(page.getByText(/^Findings \(\d+\)$/).first()).toBeVisible();
});
