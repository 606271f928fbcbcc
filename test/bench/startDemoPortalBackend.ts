import { spawn } from 'child_process';
import { createServer } from 'net';
import { join } from 'path';
import { benchLog } from './benchLog';
import { sleep } from './pollUntil';

const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** A free TCP port on loopback (taken and released; good enough for a bench). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

export interface DemoPortalBackend {
  baseUrl: string;
  pid: number;
  /** The last lines the backend logged (its log level is `warn`). */
  logTail(): string;
  /** Ends the backend (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * The demo portal's backend (packages/backend, as `npm start` runs it: the
 * real catalog, auth with the guest provider, the permission framework with
 * the demo policy, the embedded demo cluster) on a free port, with extra
 * `APP_CONFIG_*` settings. Resolves once it answers its readiness check.
 */
export async function startDemoPortalBackend(options: {
  repoRoot: string;
  config: Record<string, string | number>;
  /** Extra Node flags (e.g. `--cpu-prof` to see where a request's time goes). */
  nodeOptions?: string[];
  timeoutMs?: number;
}): Promise<DemoPortalBackend> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_backend_baseUrl: baseUrl,
    // Logs stay quiet unless something goes wrong.
    LOG_LEVEL: 'warn',
  };
  for (const [key, value] of Object.entries(options.config)) {
    env[`APP_CONFIG_${key.replace(/\./g, '_')}`] = String(value);
  }
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeOptions ?? []),
      '--require',
      NODE_TRANSFORM,
      'src/index.ts',
    ],
    {
      cwd: join(options.repoRoot, 'packages', 'backend'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  // The backend logs to stdout (warnings and errors at this level).
  const keep = (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  const exit = new Promise<void>(resolve =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  process.once('exit', () => child.kill('SIGKILL'));

  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  for (;;) {
    if (exited) {
      throw new Error(`demo portal backend ${exited}\n${stderr}`);
    }
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`demo portal backend not ready in time\n${stderr}`);
    }
    await sleep(500);
  }
  benchLog(`demo portal backend ready at ${baseUrl} (pid ${child.pid})`);
  return {
    baseUrl,
    pid: child.pid!,
    logTail: () => stderr.split('\n').slice(-15).join('\n'),
    stop,
  };
}
