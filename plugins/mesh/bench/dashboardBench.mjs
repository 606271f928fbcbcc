#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool that prints its figures */
/*
 * Dashboard benchmark (not a test): the fleet dashboard with 2,000 services,
 * in Debian's Chromium, through the plugin's dev harness (dev/index.tsx)
 * served by `backstage-cli package start` on port 3123. That is React's
 * development build, so the figures are an upper bound for a production
 * portal.
 *
 *   cd plugins/mesh && node bench/dashboardBench.mjs [--services 2000] [--runs 5] [--page-size 100]
 *
 * Prints, per run and as medians:
 *   initial  from the services page reaching the UI to its rows painted
 *   filter   from the severity option's click to the filtered rows painted
 *            (and from the filtered data reaching the UI)
 *   sort     from the column header's click to the sorted rows painted
 * Target: <= 300 ms each. Nothing here asserts; it measures.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SERVICES = arg('services', 2000);
const RUNS = arg('runs', 5);
const PAGE_SIZE = arg('page-size', 100); // one of the table's page sizes: 25, 50, 100
const PORT = 3123;
const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function startDevServer() {
  const child = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      'bench/app-config.bench.yaml',
    ],
    {
      cwd: pluginDir,
      env: { ...process.env, BROWSER: 'none' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  return {
    child,
    log: () => log,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function waitForServer(url, server, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null)
      throw new Error(`dev server exited:\n${server.log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `dev server not ready after ${timeoutMs} ms:\n${server.log()}`,
  );
}

/** Installed before the app loads: resolves at the first frame painted after `predicate` holds. */
function installProbe() {
  window.__paintedWhen = predicate =>
    new Promise(resolve => {
      const check = () => {
        if (predicate()) {
          requestAnimationFrame(() => resolve(performance.now()));
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
  window.__lastClick = 0;
  document.addEventListener(
    'click',
    () => (window.__lastClick = performance.now()),
    true,
  );
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(browser) {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.addInitScript(installProbe);
  // No auth backend here: accept the guest provider's offer of a local guest token.
  page.on('dialog', dialog => dialog.accept());
  page.on('pageerror', error => console.error(`page error: ${error.message}`));
  await page.goto(
    `http://localhost:${PORT}/mesh?services=${SERVICES}&limit=${PAGE_SIZE}`,
  );
  // The dev harness asks for a (local) guest sign-in before showing the page.
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 30_000 });
  await page
    .getByRole('table', { name: 'Services' })
    .waitFor({ timeout: 60_000 });
  const painted = await page.evaluate(
    size =>
      window.__paintedWhen(
        () =>
          document.querySelectorAll('table[aria-label="Services"] tbody tr')
            .length === size,
      ),
    PAGE_SIZE,
  );
  const received = await page.evaluate(
    () =>
      performance.getEntriesByName('mesh-services-received').at(-1).startTime,
  );
  const initial = painted - received;

  // Filter: severity = error.
  const errorRows = Math.ceil(SERVICES / 11);
  const shown = Math.min(PAGE_SIZE, errorRows);
  const marksBefore = await page.evaluate(
    () => performance.getEntriesByName('mesh-services-received').length,
  );
  await page.getByLabel('Severity', { exact: true }).click();
  const filteredPaint = page.evaluate(
    ({ total, rows }) =>
      window.__paintedWhen(
        () =>
          document.body.textContent.includes(`1-${rows} of ${total}`) &&
          document.querySelectorAll('table[aria-label="Services"] tbody tr')
            .length === rows,
      ),
    { total: errorRows, rows: shown },
  );
  await page.getByRole('option', { name: 'error', exact: true }).click();
  const filterPainted = await filteredPaint;
  const { click, filterReceived } = await page.evaluate(
    n => ({
      click: window.__lastClick,
      filterReceived: performance.getEntriesByName('mesh-services-received')[n]
        ?.startTime,
    }),
    marksBefore,
  );

  // Sort: pods, descending first.
  await page.keyboard.press('Escape');
  const sortedPaint = page.evaluate(() =>
    window.__paintedWhen(() => {
      const cells = [
        ...document.querySelectorAll('table[aria-label="Services"] tbody tr'),
      ].map(r => r.querySelectorAll('td')[7]?.textContent);
      return (
        cells.length > 0 &&
        cells[0] === '7' &&
        new URL(location.href).searchParams.get('sort') === '-pods'
      );
    }),
  );
  await page.getByRole('button', { name: 'Pods' }).click();
  const sortPainted = await sortedPaint;
  const sortClick = await page.evaluate(() => window.__lastClick);
  await page.close();
  return {
    initial,
    filterFromClick: filterPainted - click,
    filterFromData: filterPainted - filterReceived,
    sortFromClick: sortPainted - sortClick,
  };
}

let server;
let browser;
try {
  process.stdout.write('Starting the dev server… ');
  server = startDevServer();
  await waitForServer(`http://localhost:${PORT}/`, server);
  console.log('ready.');
  browser = await chromium.launch({
    executablePath: process.env.MESHWISE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  await run(browser); // warm-up: first compile of lazy chunks, JIT
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run(browser);
    results.push(r);
    console.log(
      `run ${i + 1}: initial ${r.initial.toFixed(
        0,
      )} ms · filter ${r.filterFromClick.toFixed(
        0,
      )} ms from click (${r.filterFromData.toFixed(
        0,
      )} ms from data) · sort ${r.sortFromClick.toFixed(0)} ms`,
    );
  }
  const m = key => median(results.map(r => r[key])).toFixed(0);
  console.log(
    `\n${SERVICES} services, ${PAGE_SIZE} rows per page, development build, median of ${RUNS} runs (target <= 300 ms):`,
  );
  console.log(`  data received -> interactive table   ${m('initial')} ms`);
  console.log(
    `  filter click  -> filtered rows       ${m('filterFromClick')} ms (${m(
      'filterFromData',
    )} ms after the data)`,
  );
  console.log(
    `  sort click    -> sorted rows         ${m('sortFromClick')} ms`,
  );
} finally {
  await browser?.close();
  await server?.stop();
}
