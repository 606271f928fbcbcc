// Brings a fresh checkout to a runnable state: npm dependencies from the
// committed lockfile, and (for the tests) Debian's Chromium and kubectl.
// Used by `npm start` and `npm test`; safe to run again (it skips what is done).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'meshwise');

export const CHROMIUM = '/usr/bin/chromium';
export const KUBECTL = join(cacheDir, 'kubernetes-client', 'usr', 'bin', 'kubectl');

function log(message) {
  console.log(`[meshwise] ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
}

/** npm install when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    return;
  }
  log('installing npm dependencies (first run takes about 4 minutes)…');
  // `npm ci` fails on other platforms' optional binaries missing from this
  // registry; `npm install` with the committed lockfile installs the same tree.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function apt(args) {
  if (!isRoot) {
    throw new Error(
      `Debian packages are missing and this is not root: run "sudo apt-get update && sudo apt-get install -y chromium" and try again`,
    );
  }
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Debian's Chromium, which Playwright drives (Playwright's own browser download cannot be reached). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  log('installing Debian chromium…');
  apt(['install', '-y', '-qq', 'chromium']);
}

/**
 * Debian's kubectl (package kubernetes-client), the second real client the
 * demo cluster's fidelity tests use. It is unpacked into node_modules/.cache
 * rather than installed, because some images already own /usr/bin/kubectl
 * through another package.
 */
export function ensureKubectl() {
  if (existsSync(KUBECTL)) return;
  log('fetching Debian kubernetes-client (kubectl)…');
  const work = mkdtempSync(join(tmpdir(), 'meshwise-kubectl-'));
  try {
    const download = () =>
      spawnSync('apt-get', ['download', 'kubernetes-client'], { cwd: work, stdio: 'inherit' });
    if (download().status !== 0) {
      if (!isRoot) throw new Error('apt-get download kubernetes-client failed');
      run('apt-get', ['update', '-qq']);
      aptUpdated = true;
      if (download().status !== 0) throw new Error('apt-get download kubernetes-client failed');
    }
    const deb = readdirSync(work).find(name => name.endsWith('.deb'));
    const target = join(cacheDir, 'kubernetes-client');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('dpkg-deb', ['-x', join(work, deb), target]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
