import { expect, Page } from '@playwright/test';

/**
 * Opens a portal path as the guest user: the sign-in page appears on a fresh
 * browser context (and the guest provider may raise a confirm() dialog).
 */
export async function openAsGuest(page: Page, path: string) {
  page.on('dialog', dialog => dialog.accept());
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('link', { name: 'Home' });
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(signedIn).toBeVisible();
}

export const BACKEND = 'http://localhost:7007';

/** The guest's Backstage token, as the app sends it to the backend. */
export async function guestToken(page: Page): Promise<string> {
  const request = page.waitForRequest(
    r =>
      r.url().startsWith(`${BACKEND}/api/catalog`) &&
      !!r.headers().authorization,
  );
  await openAsGuest(page, '/catalog');
  return (await request).headers().authorization!.replace(/^Bearer /, '');
}
