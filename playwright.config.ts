import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/chromiumLaunchOptions';

/**
 * End-to-end tests: the demo portal, started exactly as the README says
 * (`npm start`), driven in Debian's Chromium (Playwright's own browser
 * download cannot be reached from these machines).
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  outputDir: 'node_modules/.cache/meshwise/e2e-results',
  webServer: {
    command: 'node scripts/start.mjs',
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
