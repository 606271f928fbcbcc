// `npm test`: installs what is missing (npm dependencies, Debian chromium and
// kubectl), runs every test — the Jest suites of all packages, then the
// Playwright end-to-end tests against the demo portal — and ends with one
// plain `N passed, N failed` line counted from the runners' JSON results.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM,
  KUBECTL,
  ensureChromium,
  ensureKubectl,
  ensureNodeModules,
  repoRoot,
} from './setup.mjs';

const started = Date.now();
ensureNodeModules();
ensureChromium();
ensureKubectl();
const setupSeconds = (Date.now() - started) / 1000;

const results = mkdtempSync(join(tmpdir(), 'meshwise-test-results-'));
const env = {
  ...process.env,
  // Without CI=true backstage-cli starts Jest in watch mode.
  CI: 'true',
  KUBECTL,
  MESHWISE_CHROMIUM: CHROMIUM,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

function phase(name, command, args, extraEnv = {}) {
  const t0 = Date.now();
  console.log(`\n[meshwise] ${name}…`);
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(`[meshwise] ${name} finished in ${seconds}s (exit ${result.status})`);
  return result.status ?? 1;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

let passed = 0;
let failed = 0;
let skipped = 0;

const jestJson = join(results, 'jest.json');
const jestExit = phase('unit and integration tests (jest)', 'npx', [
  'backstage-cli', 'repo', 'test', '--json', `--outputFile=${jestJson}`,
]);
const jest = readJson(jestJson);
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  skipped += jest.numPendingTests + jest.numTodoTests;
} else {
  failed += 1;
  console.log('[meshwise] jest wrote no results');
}
if (jestExit !== 0 && jest && failed === 0) failed += 1; // e.g. a failing global setup

const playwrightJson = join(results, 'playwright.json');
const e2eExit = phase(
  'end-to-end tests (playwright + chromium)',
  'npx',
  ['playwright', 'test', '--reporter=list,json'],
  { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
);
const e2e = readJson(playwrightJson);
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
  if (e2eExit !== 0 && e2e.stats.unexpected === 0) failed += 1;
} else {
  failed += 1;
  console.log('[meshwise] playwright wrote no results');
}

rmSync(results, { recursive: true, force: true });
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n[meshwise] setup ${setupSeconds.toFixed(0)}s, total ${total}s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
