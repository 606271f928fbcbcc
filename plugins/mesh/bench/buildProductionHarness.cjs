#!/usr/bin/env node
/* eslint-disable no-console -- a command-line step of the benchmark */
/*
 * Builds the dev harness (dev/index.tsx) as a production bundle: the same
 * Rspack configuration `backstage-cli package start` uses, with the
 * production switches `backstage-cli package build` uses for apps (mode
 * "production", so React's production build, minified, no React Refresh).
 *
 *   cd plugins/mesh && node bench/buildProductionHarness.cjs <outDir> [config.yaml]
 *
 * The CLI has no command for this: `package start` is development-only and
 * `package build` bundles a plugin as a library (or `src/index` of an app).
 * So this calls the CLI's own bundler with the harness as the entry point.
 * Those are internal modules of @backstage/cli-module-build (0.1.x), not a
 * public API: if an upgrade moves them, this fails loudly and the
 * benchmark's --dev mode still works.
 */
const { dirname, join, resolve } = require('node:path');

const [outDir, configPath = 'bench/app-config.bench.yaml'] =
  process.argv.slice(2);
if (!outDir) {
  console.error('usage: buildProductionHarness.cjs <outDir> [config.yaml]');
  process.exit(2);
}

// The CLI resolves the target package from the working directory.
const pluginDir = resolve(__dirname, '..');
process.chdir(pluginDir);

const moduleDir = dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [pluginDir],
  }),
);
const { buildBundle } = require(join(
  moduleDir,
  'dist/lib/bundler/bundle.cjs.js',
));
const { loadCliConfig } = require(join(moduleDir, 'dist/lib/config.cjs.js'));

async function main() {
  const cliConfig = await loadCliConfig({
    args: [resolve(pluginDir, configPath)],
    fromPackage: require(join(pluginDir, 'package.json')).name,
  });
  await buildBundle({
    targetDir: pluginDir,
    entry: 'dev/index',
    dist: resolve(outDir),
    statsJsonEnabled: false,
    ...cliConfig,
  });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
