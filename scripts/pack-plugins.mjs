// `npm run pack:plugins`: builds the published packages and packs them into
// dist-packages/, exactly as `npm publish` would pack them: `npm pack` runs each
// package's prepack (`backstage-cli package prepack`: entry points, exports and
// the config schema pointed at dist/) and postpack (which restores package.json).
//
//   node scripts/pack-plugins.mjs [--out <dir>] [--skip-build]
//
// `backstage-cli repo build --all` is not used: it wants a yarn.lock for the
// backend bundle. Each package's `backstage-cli package build` needs the
// declarations that the root `tsc` writes to dist-types/, so that runs first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './setup.mjs';

/** The published packages, in dependency order. */
export const PUBLISHED_PACKAGES = [
  'plugins/mesh-common',
  'plugins/mesh',
  'plugins/mesh-backend',
  'plugins/scaffolder-backend-module-mesh',
  'packages/demo-cluster',
];

function log(message) {
  console.log(`[pack] ${message}`);
}

function run(command, args, cwd, { mayFail = false } = {}) {
  const t0 = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0 && mayFail) {
    log(`${command} ${args.join(' ')} exited with ${result.status}; going on`);
  } else if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status}`,
    );
  }
  return (Date.now() - t0) / 1000;
}

/** Builds (unless skipBuild) and packs every published package; returns the tarball paths. */
export function packPlugins({
  out = join(repoRoot, 'dist-packages'),
  skipBuild = false,
} = {}) {
  const outDir = resolve(out);
  if (!skipBuild) {
    // Type errors are the type-check test's to report; tsc still writes the
    // declarations, and a package whose declarations are missing fails its build.
    log('type declarations (tsc)…');
    log(
      `tsc took ${run('npx', ['tsc'], repoRoot, { mayFail: true }).toFixed(
        0,
      )}s`,
    );
    for (const dir of PUBLISHED_PACKAGES) {
      const seconds = run(
        'npx',
        ['backstage-cli', 'package', 'build'],
        join(repoRoot, dir),
      );
      log(`built ${dir} in ${seconds.toFixed(0)}s`);
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const dir of PUBLISHED_PACKAGES) {
    const seconds = run(
      'npm',
      ['pack', '--silent', '--pack-destination', outDir],
      join(repoRoot, dir),
    );
    log(`packed ${dir} in ${seconds.toFixed(0)}s`);
  }
  const tarballs = readdirSync(outDir)
    .filter(name => name.endsWith('.tgz'))
    .map(name => join(outDir, name));
  log(`${tarballs.length} tarballs in ${outDir}`);
  return tarballs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'skip-build': { type: 'boolean' } },
  });
  const tarballs = packPlugins({
    out: values.out,
    skipBuild: values['skip-build'],
  });
  for (const tarball of tarballs) console.log(tarball);
}
