import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromiumLaunchOptions';

/**
 * The adopter test's browser checks: a portal made by @backstage/create-app
 * with the packed plugins, started by test/adopter/runAdopterTest.mjs, which
 * passes its URLs in MESHWISE_ADOPTER_APP_URL and MESHWISE_ADOPTER_BACKEND_URL.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  outputDir: '../../node_modules/.cache/meshwise/adopter-results',
  use: {
    baseURL: process.env.MESHWISE_ADOPTER_APP_URL,
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 1000 },
    launchOptions: chromiumLaunchOptions,
  },
});
