import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { stableUid } from './builders/common';
import { ScenarioObject } from './ScenarioObject';
import { packagePath } from './packagePath';
import { resolveRelativeTimes } from './relativeTime';
import { ObjectSource, validateScenario } from './validateScenario';

/** The demo's manifests: `packages/demo-cluster/scenario/*.yaml`. */
export const DEMO_SCENARIO_DIR = packagePath('scenario');

export interface LoadScenarioOptions {
  /** the instant `{{now}}` stands for; defaults to the current time */
  now?: Date;
  /** a directory of multi-document YAML files; defaults to the demo scenario */
  directory?: string;
}

/**
 * Reads every `*.yaml` file of a scenario directory (in name order), resolves
 * the relative timestamps against `now`, gives objects without a UID a stable
 * one (owner references in the files rely on it) and validates the result.
 * Throws with file and document position on YAML errors and invalid objects.
 */
export function loadDemoScenario(
  options: LoadScenarioOptions = {},
): ScenarioObject[] {
  const directory = options.directory ?? DEMO_SCENARIO_DIR;
  const nowMs = (options.now ?? new Date()).getTime();
  const files = fs
    .readdirSync(directory)
    .filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();

  const objects: unknown[] = [];
  const sources: ObjectSource[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(directory, file), 'utf8');
    parseAllDocuments(text).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        throw new Error(
          `${file}, document ${index + 1}: ${doc.errors
            .map(e => e.message)
            .join('; ')}`,
        );
      }
      const value = doc.toJS();
      if (value === null || value === undefined) return;
      objects.push(resolveRelativeTimes(value, nowMs));
      sources.push({ file, document: index + 1 });
    });
  }

  validateScenario(objects, sources);
  for (const obj of objects) {
    obj.metadata.uid ??= stableUid(
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
  }
  return objects;
}
