import { ChildProcess, spawn } from 'child_process';
import { createInterface } from 'readline';
import type { CommandReply } from './benchProtocol';

const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

export interface JsonLineChildOptions {
  name: string;
  script: string;
  args: string[];
  cwd: string;
  nodeOptions?: string[];
  /** A command the node command is appended to (e.g. one that enters a cgroup first). */
  launcher?: string[];
}

/** Every child still running, so that the script can end them on any exit. */
const running = new Set<JsonLineChild>();

/**
 * A TypeScript script run as a child Node process that speaks JSON lines
 * (see benchProtocol.ts): `ready()` is its first line, `send()` a command
 * and its reply. Its stderr is kept (the tail is shown if it fails).
 */
export class JsonLineChild {
  private readonly child: ChildProcess;
  private readonly readyLine: Promise<unknown>;
  private readonly pending = new Map<
    number,
    { resolve: (result: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private stderr = '';
  private exited?: string;

  static start(options: JsonLineChildOptions): JsonLineChild {
    return new JsonLineChild(options);
  }

  private constructor(private readonly options: JsonLineChildOptions) {
    const command = [
      ...(options.launcher ?? []),
      process.execPath,
      ...(options.nodeOptions ?? []),
      '--require',
      NODE_TRANSFORM,
      options.script,
      ...options.args,
    ];
    this.child = spawn(command[0], command.slice(1), {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(this);
    this.child.stderr!.on('data', chunk => {
      // Only the tail matters for an error report; keep memory bounded.
      this.stderr = (this.stderr + String(chunk)).slice(-20_000);
    });
    const lines = createInterface({ input: this.child.stdout! });
    let resolveReady: (value: unknown) => void;
    let rejectReady: (error: Error) => void;
    this.readyLine = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A rejection nobody awaits yet must not end the process by itself.
    this.readyLine.catch(() => {});
    let first = true;
    lines.on('line', line => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        // Not ours (a library printing to stdout): ignore.
        return;
      }
      if (first) {
        first = false;
        resolveReady(message);
        return;
      }
      const reply = message as CommandReply;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`${options.name}: ${reply.error}`));
    });
    this.child.on('exit', (code, signal) => {
      running.delete(this);
      this.exited = `exited with ${signal ?? `code ${code}`}`;
      const error = new Error(
        `${options.name} ${this.exited}\n${this.stderr.slice(-4000)}`,
      );
      rejectReady(error);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The child's first line (its ready message). */
  ready<T>(): Promise<T> {
    return this.readyLine as Promise<T>;
  }

  /** Sends a command (an `id` is added) and resolves with its result. */
  send<T>(command: Record<string, unknown>): Promise<T> {
    if (this.exited) {
      return Promise.reject(new Error(`${this.options.name} ${this.exited}`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
      });
      this.child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  }

  /** Asks the child to end (closes its stdin), then kills it if it lingers. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>(resolve =>
      this.child.once('exit', () => resolve()),
    );
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Ends the child at once (for exits on errors and signals). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Kills every child still running; safe to call from an exit handler. */
  static killAll(): void {
    for (const child of running) child.kill();
  }
}
