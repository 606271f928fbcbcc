import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { PlannedFile } from '../domain/planManifestPaths';
import { serializeManifest } from './serializeManifest';

/**
 * Writes the planned files under the task workspace. Every path goes through
 * `resolveSafeChildPath`, and all paths are resolved before the first write so
 * a refused path leaves the workspace untouched.
 */
export async function writeManifestFiles(
  workspacePath: string,
  files: PlannedFile[],
): Promise<string[]> {
  const resolved = files.map(file => ({
    file,
    target: resolveSafeChildPath(workspacePath, file.path),
    content: serializeManifest(file.manifest),
  }));
  for (const { target, content } of resolved) {
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }
  return files.map(f => f.path);
}
