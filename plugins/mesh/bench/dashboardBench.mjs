#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool that prints its figures */
/*
 * Dashboard benchmark (not a test): the fleet dashboard with 2,000 generated
 * services in Debian's Chromium, through the plugin's dev harness
 * (dev/index.tsx, whose fake API marks when each page of data reaches the
 * UI). By default it measures the harness twice: built in production mode
 * (what users run: React's production build, minified) and served by
 * `backstage-cli package start` (React's development build), and prints the
 * two side by side. See bench/README.md.
 *
 *   cd plugins/mesh && npm run bench -- [--runs 5] [--services 2000]
 *       [--page-size 50,100] [--build both|production|development]
 *
 * Nothing here asserts; it measures. It exits 0 unless something fails.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  startDevelopmentHarness,
  startProductionHarness,
} from './harnessServers.mjs';

const TARGET_MS = 300;
const BUILDS = {
  production: startProductionHarness,
  development: startDevelopmentHarness,
};

const { values: opts } = parseArgs({
  options: {
    services: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '5' },
    // The table's page sizes are 25, 50 and 100.
    'page-size': { type: 'string', default: '50,100' },
    build: { type: 'string', default: 'both' },
    // Fake API delay per answer (ms); 0 = answers in the same task, as before.
    latency: { type: 'string', default: '0' },
  },
});
const SERVICES = Number(opts.services);
const RUNS = Number(opts.runs);
const LATENCY = Number(opts.latency);
const PAGE_SIZES = opts['page-size'].split(',').map(Number);
const builds =
  opts.build === 'both' ? Object.keys(BUILDS) : opts.build.split(',');
for (const b of builds) {
  if (!BUILDS[b]) throw new Error(`unknown --build ${b}`);
}
if (
  !(SERVICES > 0 && RUNS > 0 && PAGE_SIZES.every(n => n > 0) && LATENCY >= 0)
) {
  throw new Error('--services, --runs, --page-size, --latency: bad value');
}
const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');

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

/** Which React build rendered the table: only the development build gives fibers a `_debugOwner`. */
function reactBuildOf() {
  const table = document.querySelector('table[aria-label="Services"]');
  const key = Object.keys(table).find(k => k.startsWith('__reactFiber$'));
  if (!key) return 'unknown';
  return '_debugOwner' in table[key] ? 'development' : 'production';
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(browser, url, pageSize) {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  try {
    await page.addInitScript(installProbe);
    // No auth backend here: accept the guest provider's offer of a local guest token.
    page.on('dialog', dialog => dialog.accept());
    page.on('pageerror', error =>
      console.error(`page error: ${error.message}`),
    );
    await page.goto(
      `${url}/mesh?services=${SERVICES}&limit=${pageSize}&latency=${LATENCY}`,
    );
    // The dev harness asks for a (local) guest sign-in before showing the page.
    await page
      .getByRole('button', { name: /enter/i })
      .click({ timeout: 30_000 });
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
      Math.min(pageSize, SERVICES),
    );
    const received = await page.evaluate(
      () =>
        performance.getEntriesByName('mesh-services-received').at(-1).startTime,
    );
    const reactBuild = await page.evaluate(reactBuildOf);

    // Filter: severity = error (every 11th generated service).
    const errorRows = Math.ceil(SERVICES / 11);
    const shown = Math.min(pageSize, errorRows);
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
    // Awaited below; marked handled now so an interrupt mid-click is no crash.
    filteredPaint.catch(() => {});
    await page.getByRole('option', { name: 'error', exact: true }).click();
    const filterPainted = await filteredPaint;
    const { click, filterReceived } = await page.evaluate(
      n => ({
        click: window.__lastClick,
        filterReceived: performance.getEntriesByName('mesh-services-received')[
          n
        ]?.startTime,
      }),
      marksBefore,
    );

    // Sort: pods, descending first (the generated fleet's maximum is 7).
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
    sortedPaint.catch(() => {});
    await page.getByRole('button', { name: 'Pods' }).click();
    const sortPainted = await sortedPaint;
    const sortClick = await page.evaluate(() => window.__lastClick);
    return {
      reactBuild,
      initial: painted - received,
      filterFromClick: filterPainted - click,
      filterFromData: filterPainted - filterReceived,
      sortFromClick: sortPainted - sortClick,
    };
  } finally {
    await page.close();
  }
}

const METRICS = [
  ['initial', 'data received -> interactive table'],
  ['filterFromClick', 'filter click  -> filtered rows'],
  ['filterFromData', '  (filtered data -> filtered rows)'],
  ['sortFromClick', 'sort click    -> sorted rows'],
];

function printTable(medians) {
  const cell = ms =>
    `${ms.toFixed(0).padStart(5)} ms ${ms <= TARGET_MS ? 'PASS' : 'MISS'}`;
  const label = 38;
  console.log(
    `\n${SERVICES} services${
      LATENCY ? `, fake API latency ${LATENCY} ms` : ''
    }, median of ${RUNS} runs, target <= ${TARGET_MS} ms each`,
  );
  console.log(
    `${''.padEnd(label)}${builds.map(b => b.padStart(14)).join('  ')}`,
  );
  for (const size of PAGE_SIZES) {
    console.log(`${size} rows per page`);
    for (const [key, name] of METRICS) {
      const cells = builds.map(b => cell(medians[b][size][key]));
      console.log(`  ${name.padEnd(label - 2)}${cells.join('  ')}`);
    }
  }
}

/** The current harness: a promise, so an interrupt can wait for one still starting. */
let harness;
let browser;
let stopping;
const starting = new AbortController();
/** Stops the server first (its process group outlives us otherwise), then Chromium. */
function cleanup() {
  stopping ??= (async () => {
    starting.abort();
    // A harness still starting settles once its spawned processes have ended.
    const running = await harness?.catch(() => undefined);
    await running?.stop();
    await Promise.race([
      browser?.close(),
      new Promise(r => setTimeout(r, 5000).unref()),
    ]).catch(() => {});
  })();
  return stopping;
}
// Playwright's own signal handlers are off (see launch), so cleanup owns them.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => cleanup().finally(() => process.exit(130)));
}

try {
  browser = await chromium.launch({
    executablePath: process.env.MESHWISE_CHROMIUM ?? '/usr/bin/chromium',
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const medians = {};
  for (const build of builds) {
    process.stdout.write(
      build === 'production'
        ? 'Building the harness in production mode… '
        : 'Starting the development server… ',
    );
    harness = BUILDS[build](pluginDir, starting.signal);
    const { url, buildMs, stop } = await harness;
    console.log(
      buildMs ? `built in ${(buildMs / 1000).toFixed(1)} s.` : 'ready.',
    );
    medians[build] = {};
    for (const size of PAGE_SIZES) {
      // Warm-up: first load of lazy chunks, JIT, the dev server's first compile.
      await run(browser, url, size);
      const results = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await run(browser, url, size);
        if (r.reactBuild !== build) {
          throw new Error(
            `expected React's ${build} build, the page runs ${r.reactBuild}`,
          );
        }
        results.push(r);
        console.log(
          `${build} ${size} rows, run ${i + 1}: initial ${r.initial.toFixed(
            0,
          )} ms · filter ${r.filterFromClick.toFixed(
            0,
          )} ms from click (${r.filterFromData.toFixed(
            0,
          )} ms from data) · sort ${r.sortFromClick.toFixed(0)} ms`,
        );
      }
      medians[build][size] = Object.fromEntries(
        METRICS.map(([key]) => [key, median(results.map(r => r[key]))]),
      );
    }
    harness = undefined;
    await stop();
  }
  printTable(medians);
} catch (error) {
  // Interrupted: the pages' promises fail as Chromium closes; that is not an error.
  if (stopping) await new Promise(() => {}); // the signal handler exits
  throw error;
} finally {
  await cleanup();
}
