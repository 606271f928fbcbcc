import { join, resolve } from 'path';
import type { BackendKind } from './benchProtocol';
import { JsonLineChild } from './JsonLineChild';
import type { BenchArgs } from './parseBenchArgs';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** What every backend host reads: the clusters, the catalog and its double. */
export interface BenchFiles {
  clusters: string;
  entities: string;
  catalog: BenchArgs['catalog'];
}

/**
 * Starts `benchBackend.ts` with one backend (see there), optionally through
 * a launcher (one that enters a memory cgroup) or with extra Node options.
 */
export function startBackendHost(
  kind: BackendKind,
  files: BenchFiles,
  options: { launcher?: string[]; nodeOptions?: string[] } = {},
): JsonLineChild {
  return JsonLineChild.start({
    name: `${kind} backend`,
    script: join(__dirname, 'benchBackend.ts'),
    args: [kind, files.clusters, files.entities, files.catalog],
    cwd: REPO_ROOT,
    launcher: options.launcher,
    // --expose-gc only exposes gc() for the memory figures taken at the
    // end; collection itself is unchanged.
    nodeOptions: ['--expose-gc', ...(options.nodeOptions ?? [])],
  });
}
