/*
 * The two ways the benchmark serves the dev harness (dev/index.tsx) on one
 * port: React's production build (built once into a temp dir, then served
 * statically) and the development build (`backstage-cli package start`).
 * Each returns { url, stop }; stop() leaves no process or file behind, and
 * aborting `signal` while one is starting ends what it has spawned.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

const CONFIG = 'bench/app-config.bench.yaml'; // app.baseUrl is http://localhost:3123
export const PORT = 3123;

/** Runs a command in its own process group, keeping its output for error messages. */
function spawnGroup(command, args, cwd, env = process.env) {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  const exited = new Promise(resolve => child.once('exit', resolve));
  return {
    child,
    log: () => log,
    exited,
    /** Ends the whole group (npx -> node -> rspack workers), forcefully if it lingers. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const signal = sig => {
        try {
          process.kill(-child.pid, sig);
        } catch {
          /* already gone */
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForHttp(url, proc, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(`server exited:\n${proc.log()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 300));
  }
  throw new Error(
    `server not ready after ${timeoutMs} ms:\n${proc?.log() ?? ''}`,
  );
}

/** `backstage-cli package start`: Rspack in development mode, React's development build. */
export async function startDevelopmentHarness(pluginDir, signal) {
  const proc = spawnGroup(
    'npx',
    ['backstage-cli', 'package', 'start', '--config', CONFIG],
    pluginDir,
    { ...process.env, BROWSER: 'none' },
  );
  signal?.addEventListener('abort', () => proc.stop());
  try {
    await waitForHttp(`http://localhost:${PORT}/`, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { url: `http://localhost:${PORT}`, stop: () => proc.stop() };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Serves a built app: files as they are, any other path the app's index.html (client-side routes). */
function serveStatic(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) file = join(root, 'index.html');
    try {
      if (!(await stat(file)).isFile()) file = join(root, 'index.html');
    } catch {
      file = join(root, 'index.html');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Builds the harness in production mode (bench/buildProductionHarness.cjs)
 * into a temp dir and serves it; stop() closes the server and removes the dir.
 * Resolves with the build's duration too.
 */
export async function startProductionHarness(pluginDir, signal) {
  const dir = await mkdtemp(join(tmpdir(), 'meshwise-dashboard-bench-'));
  const dist = join(dir, 'dist');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  let server;
  try {
    const started = Date.now();
    const build = spawnGroup(
      process.execPath,
      ['bench/buildProductionHarness.cjs', dist, CONFIG],
      pluginDir,
    );
    // Interrupted mid-build: end the build before its output dir is removed.
    const onAbort = () => build.stop();
    signal?.addEventListener('abort', onAbort);
    const code = await build.exited;
    signal?.removeEventListener('abort', onAbort);
    if (code !== 0) {
      throw new Error(
        `production build failed (exit ${code}):\n${build.log()}`,
      );
    }
    const buildMs = Date.now() - started;
    server = await serveStatic(dist);
    await waitForHttp(`http://localhost:${PORT}/`);
    return {
      url: `http://localhost:${PORT}`,
      buildMs,
      stop: async () => {
        server.closeAllConnections();
        await new Promise(r => server.close(r));
        await cleanup();
      },
    };
  } catch (error) {
    server?.close();
    await cleanup();
    throw error;
  }
}
