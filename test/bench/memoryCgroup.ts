import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'fs';
import { join } from 'path';

/** A memory cgroup a child process is started in, as a container runtime would. */
export interface MemoryCgroup {
  limitMb: number;
  /** `cgroup v1` or `cgroup v2`. */
  version: string;
  /** Prepended to the child's command: moves the shell into the cgroup, then execs the command. */
  launcher: string[];
  /** Removes the cgroup (once its processes have exited). */
  remove(): void;
}

const V1_ROOT = '/sys/fs/cgroup/memory';
const V2_ROOT = '/sys/fs/cgroup';

/**
 * Creates a memory cgroup limited to `limitMb`, without swap, so that a
 * process started in it sees what a Kubernetes pod with that memory limit
 * sees: Node sizes its heap ceiling from the limit, and the kernel enforces
 * it. Needs write access to the cgroup hierarchy (root); otherwise says why
 * not.
 */
export function createMemoryCgroup(
  limitMb: number,
): MemoryCgroup | { unavailable: string } {
  const name = `meshwise-bench-${process.pid}-${Date.now()}`;
  const bytes = String(limitMb * 1024 * 1024);
  try {
    if (existsSync(join(V1_ROOT, 'memory.limit_in_bytes'))) {
      const dir = join(V1_ROOT, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
      const swap = join(dir, 'memory.memsw.limit_in_bytes');
      if (existsSync(swap)) writeFileSync(swap, bytes);
      return cgroup(dir, limitMb, 'cgroup v1');
    }
    const controllers = join(V2_ROOT, 'cgroup.controllers');
    if (
      existsSync(controllers) &&
      readFileSync(controllers, 'utf8').split(/\s+/).includes('memory')
    ) {
      const dir = join(V2_ROOT, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'memory.max'), bytes);
      const swap = join(dir, 'memory.swap.max');
      if (existsSync(swap)) writeFileSync(swap, '0');
      return cgroup(dir, limitMb, 'cgroup v2');
    }
    return { unavailable: 'no cgroup memory controller on this machine' };
  } catch (error) {
    return {
      unavailable: `cannot create a memory cgroup (${
        error instanceof Error ? error.message : String(error)
      }); run as root`,
    };
  }
}

function cgroup(dir: string, limitMb: number, version: string): MemoryCgroup {
  return {
    limitMb,
    version,
    launcher: [
      '/bin/sh',
      '-c',
      'echo $$ > "$0" && exec "$@"',
      join(dir, 'cgroup.procs'),
    ],
    remove: () => {
      try {
        rmdirSync(dir);
      } catch {
        // Still busy (a process lingers) or already gone: nothing to keep.
      }
    },
  };
}
