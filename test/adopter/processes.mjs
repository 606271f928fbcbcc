// Child processes of the adopter test: commands that must succeed (with their
// output in a log file), long-running servers in their own process groups
// (stopped by group, so npx's and yarn's children go too), and free ports.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port nobody listens on now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Commands running now (each in its own process group). */
const commands = new Set();

/** Runs a command to completion, output appended to `log`; rejects with the log's tail on failure. */
export function run(
  command,
  args,
  { cwd, env, log, timeoutMs = 15 * 60_000, input } = {},
) {
  return new Promise((resolve, reject) => {
    const fd = openSync(log, 'a');
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', fd, fd],
      detached: true,
    });
    closeSync(fd);
    const entry = { pid: child.pid };
    commands.add(entry);
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      commands.delete(entry);
      if (code === 0) resolve();
      else {
        reject(
          new Error(
            `${command} ${args.join(' ')} ended with ${
              signal ?? `exit code ${code}`
            }; ${log}:\n${tail(log)}`,
          ),
        );
      }
    });
  });
}

const running = new Set();

/**
 * Starts a server in its own process group; resolves once `ready` (a regexp
 * over its output, or an async predicate) holds. Output goes to `log`.
 */
export function startServer(
  command,
  args,
  { cwd, env, log, ready, timeoutMs = 240_000 },
) {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const server = {
    pid: child.pid,
    exited: false,
    stop: () => stopGroup(server),
  };
  running.add(server);
  child.on('exit', () => {
    server.exited = true;
  });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = async () => {
      if (server.exited) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited early; ${log}:\n${tail(log)}`,
          ),
        );
        return;
      }
      let ok = false;
      try {
        ok =
          ready instanceof RegExp
            ? ready.test(readFileSync(log, 'utf8'))
            : await ready();
      } catch {
        ok = false;
      }
      if (ok) resolve(server);
      else if (Date.now() - started > timeoutMs) {
        reject(
          new Error(
            `${command} not ready after ${timeoutMs / 1000}s; ${log}:\n${tail(
              log,
            )}`,
          ),
        );
      } else setTimeout(check, 1000);
    };
    check();
  });
}

async function stopGroup(server) {
  if (!running.has(server)) return;
  running.delete(server);
  const signal = sig => {
    try {
      process.kill(-server.pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  for (let i = 0; i < 50; i += 1) {
    await new Promise(r => setTimeout(r, 200));
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}

/** Stops every server still running (in reverse start order). */
export async function stopAll() {
  for (const server of [...running].reverse()) await stopGroup(server);
}

/** Synchronous last resort on exit: SIGKILL every group still running. */
export function killAllNow() {
  for (const server of [...commands, ...running]) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  running.clear();
  commands.clear();
}
