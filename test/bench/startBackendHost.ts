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

/** Starts `benchBackend.ts` with one backend (see there). */
export function startBackendHost(
  kind: BackendKind,
  files: BenchFiles,
  maxOldSpaceMb?: number,
): JsonLineChild {
  return JsonLineChild.start({
    name: `${kind} backend`,
    script: join(__dirname, 'benchBackend.ts'),
    args: [kind, files.clusters, files.entities, files.catalog],
    cwd: REPO_ROOT,
    // --expose-gc only exposes gc() for the memory figures taken at the
    // end; collection itself is unchanged.
    nodeOptions: [
      '--expose-gc',
      ...(maxOldSpaceMb ? [`--max-old-space-size=${maxOldSpaceMb}`] : []),
    ],
  });
}
