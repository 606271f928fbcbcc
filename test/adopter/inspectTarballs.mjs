// Inspects the packed @meshwise/* tarballs the way a registry client would see
// them: every entry point that package.json names (main, module, types,
// exports, typesVersions, bin, configSchema) is a file in the tarball and none
// is TypeScript source; no sources or tests are shipped; what `files` names is
// there; the catalog locations in the tarball point at files in it; and the
// @meshwise/* dependencies name versions that were packed alongside.
//
//   node test/adopter/inspectTarballs.mjs [dir]   (default dist-packages/)
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What each published package must contain besides its entry points. */
export const EXPECTED_PACKAGES = {
  '@meshwise/plugin-mesh-common': { entries: ['.'] },
  '@meshwise/plugin-mesh': {
    entries: ['.', './alpha'],
    alphaFeature: '@backstage/FrontendPlugin',
  },
  '@meshwise/plugin-mesh-backend': {
    entries: ['.'],
    configSchema: true,
    engines: true,
  },
  '@meshwise/plugin-scaffolder-backend-module-mesh': {
    entries: ['.'],
    configSchema: true,
    engines: true,
    catalog: 'templates/catalog-info.yaml',
  },
  '@meshwise/demo-cluster': {
    entries: ['.'],
    bin: true,
    catalog: 'catalog/catalog-info.yaml',
    dirs: ['scenario'],
  },
};

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? listFiles(path, base)
      : [relative(base, path)];
  });
}

/** Every path string in an exports / typesVersions value. */
function targetsOf(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targetsOf);
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(targetsOf);
  return [];
}

const clean = path => path.replace(/^\.\//, '');

/**
 * Inspects one tarball; returns the package name and its problems (empty when
 * the package is right).
 */
export function inspectTarball(tarball, packedVersions = {}) {
  const work = mkdtempSync(join(tmpdir(), 'meshwise-tarball-'));
  const problems = [];
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    const root = join(work, 'package');
    const files = new Set(listFiles(root));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const expected = EXPECTED_PACKAGES[pkg.name];
    const has = path => files.has(clean(path));
    const checkTarget = (field, path) => {
      if (typeof path !== 'string') {
        problems.push(`${field} is not a path: ${JSON.stringify(path)}`);
      } else if (
        /(^|\/)src\//.test(clean(path)) ||
        (/\.tsx?$/.test(path) && !path.endsWith('.d.ts'))
      ) {
        problems.push(`${field} points at TypeScript source ${path}`);
      } else if (!has(path)) {
        problems.push(`${field} names ${path}, which is not in the tarball`);
      }
    };

    if (!expected) problems.push(`unexpected package ${pkg.name}`);
    if (pkg.private) problems.push('package.json says private: true');
    for (const field of ['main', 'module', 'types']) {
      if (pkg[field] !== undefined) checkTarget(field, pkg[field]);
    }
    if (!pkg.main) problems.push('no main');
    if (!pkg.types) problems.push('no types');
    if (pkg.exports) {
      for (const [mount, value] of Object.entries(pkg.exports)) {
        for (const target of targetsOf(value)) {
          // the conditions' values; the "backstage" condition names a feature type
          if (target.startsWith('@backstage/')) continue;
          checkTarget(`exports["${mount}"]`, target);
        }
      }
    }
    for (const mount of expected?.entries ?? []) {
      if (mount !== '.' && !pkg.exports?.[mount])
        problems.push(`exports has no "${mount}"`);
    }
    if (
      expected?.alphaFeature &&
      pkg.exports?.['./alpha']?.backstage !== expected.alphaFeature
    ) {
      problems.push(
        `exports["./alpha"] is not marked as ${expected.alphaFeature}`,
      );
    }
    for (const [name, targets] of Object.entries(
      pkg.typesVersions?.['*'] ?? {},
    )) {
      for (const target of targets)
        checkTarget(`typesVersions["${name}"]`, target);
    }
    if (expected?.configSchema) {
      if (!pkg.configSchema) problems.push('no configSchema');
      else checkTarget('configSchema', pkg.configSchema);
      if (
        pkg.configSchema &&
        has(pkg.configSchema) &&
        pkg.configSchema.endsWith('.json')
      ) {
        const schema = JSON.parse(
          readFileSync(join(root, pkg.configSchema), 'utf8'),
        );
        if (!JSON.stringify(schema).includes('"mesh"')) {
          problems.push(`${pkg.configSchema} does not describe mesh.*`);
        }
      }
    } else if (pkg.configSchema) {
      checkTarget('configSchema', pkg.configSchema);
    }
    if (expected?.engines && !pkg.engines?.node)
      problems.push('no engines.node');
    if (expected?.bin) {
      if (!pkg.bin || Object.keys(pkg.bin).length !== 1) {
        problems.push('not exactly one bin (npx runs the only one)');
      }
      for (const [name, path] of Object.entries(pkg.bin ?? {})) {
        checkTarget(`bin.${name}`, path);
        if (
          has(path) &&
          !readFileSync(join(root, path), 'utf8').startsWith(
            '#!/usr/bin/env node',
          )
        ) {
          problems.push(`bin.${name} has no node shebang`);
        }
      }
    }
    for (const entry of pkg.files ?? []) {
      const inside = [...files].some(
        f => f === entry || f.startsWith(`${entry}/`),
      );
      if (!inside)
        problems.push(`files lists "${entry}", which is not in the tarball`);
    }
    for (const dir of expected?.dirs ?? []) {
      if (![...files].some(f => f.startsWith(`${dir}/`)))
        problems.push(`no ${dir}/ in the tarball`);
    }
    for (const file of files) {
      if (/(^|\/)src\//.test(file)) problems.push(`ships source ${file}`);
      if (/\.test\.|__fixtures__|__testUtils__|setupTests/.test(file))
        problems.push(`ships test file ${file}`);
      if (file.endsWith('package.json-prepack')) problems.push(`ships ${file}`);
    }
    if (expected?.catalog) {
      if (!has(expected.catalog)) {
        problems.push(`no ${expected.catalog}`);
      } else {
        const text = readFileSync(join(root, expected.catalog), 'utf8');
        const targets = [...text.matchAll(/^\s*-\s*(\.\/\S+)\s*$/gm)].map(
          m => m[1],
        );
        if (targets.length === 0)
          problems.push(`${expected.catalog} lists no targets`);
        for (const target of targets) {
          const path = clean(join(dirname(expected.catalog), target));
          if (!has(path))
            problems.push(
              `${expected.catalog} targets ${target}, not in the tarball`,
            );
        }
      }
    }
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      if (
        name.startsWith('@meshwise/') &&
        packedVersions[name] &&
        packedVersions[name] !== range
      ) {
        problems.push(
          `depends on ${name}@${range}, but ${packedVersions[name]} was packed`,
        );
      }
      if (/^(file|link|workspace):/.test(range))
        problems.push(`dependency ${name} is ${range}`);
    }
    return { name: pkg.name, version: pkg.version, problems };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Inspects every tarball of a folder: one result per expected package. */
export function inspectTarballs(dir) {
  const tarballs = readdirSync(dir)
    .filter(n => n.endsWith('.tgz'))
    .map(n => join(dir, n));
  const versions = {};
  for (const tarball of tarballs) {
    const pkg = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    versions[pkg.name] = pkg.version;
  }
  const results = tarballs.map(t => ({
    tarball: t,
    ...inspectTarball(t, versions),
  }));
  for (const name of Object.keys(EXPECTED_PACKAGES)) {
    if (!results.some(r => r.name === name)) {
      results.push({
        tarball: undefined,
        name,
        problems: [`no tarball for ${name} in ${dir}`],
      });
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? join(repoRoot, 'dist-packages'));
  if (!existsSync(dir)) {
    console.error(`${dir} does not exist: run npm run pack:plugins first`);
    process.exit(2);
  }
  const results = inspectTarballs(dir);
  for (const r of results) {
    console.log(
      `${r.problems.length ? '✗' : '✓'} ${r.name}${r.problems
        .map(p => `\n    ${p}`)
        .join('')}`,
    );
  }
  const failed = results.filter(r => r.problems.length).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
