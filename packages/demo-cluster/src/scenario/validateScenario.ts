import { resourceTypes } from '../emulator/resourceTypes';
import { ScenarioObject } from './ScenarioObject';

/** Cluster-scoped as the emulator serves them, so a manifest the emulator would refuse fails here first. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(
  resourceTypes.filter(type => !type.namespaced).map(type => type.kind),
);

/** Where an object came from, for error messages. */
export interface ObjectSource {
  file: string;
  /** 1-based position of the document in the file */
  document: number;
}

export class ScenarioValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid scenario:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ScenarioValidationError';
  }
}

function describe(obj: Partial<ScenarioObject>, source?: ObjectSource): string {
  const where = source ? ` (${source.file}, document ${source.document})` : '';
  const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind ?? '<no kind>'} ${ns}${
    obj.metadata?.name ?? '<no name>'
  }${where}`;
}

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Checks that a scenario is something an API server could hold: every object
 * has apiVersion, kind and metadata.name; namespaced objects name a namespace
 * the scenario defines and cluster-scoped ones name none; no two objects share
 * group, kind, namespace and name; and no Secret carries data.
 * Throws a ScenarioValidationError listing every problem found.
 */
export function validateScenario(
  objects: unknown[],
  sources: Array<ObjectSource | undefined> = [],
): asserts objects is ScenarioObject[] {
  const problems: string[] = [];
  const namespaces = new Set<string>();
  for (const raw of objects) {
    const obj = raw as Partial<ScenarioObject>;
    if (obj?.kind === 'Namespace' && typeof obj.metadata?.name === 'string') {
      namespaces.add(obj.metadata.name);
    }
  }

  const seen = new Set<string>();
  objects.forEach((raw, i) => {
    const source = sources[i];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(
        `document is not an object${
          source ? ` (${source.file}, document ${source.document})` : ''
        }`,
      );
      return;
    }
    const obj = raw as Partial<ScenarioObject>;
    const label = describe(obj, source);
    if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
      problems.push(`${label}: missing apiVersion`);
    }
    if (typeof obj.kind !== 'string' || obj.kind === '') {
      problems.push(`${label}: missing kind`);
    }
    if (
      !obj.metadata ||
      typeof obj.metadata.name !== 'string' ||
      obj.metadata.name === ''
    ) {
      problems.push(`${label}: missing metadata.name`);
      return;
    }
    const namespace = obj.metadata.namespace;
    if (typeof obj.kind === 'string' && CLUSTER_SCOPED_KINDS.has(obj.kind)) {
      if (namespace !== undefined) {
        problems.push(
          `${label}: ${obj.kind} is cluster-scoped but names namespace "${namespace}"`,
        );
      }
    } else if (typeof namespace !== 'string' || namespace === '') {
      problems.push(`${label}: namespaced object without metadata.namespace`);
    } else if (!namespaces.has(namespace)) {
      problems.push(
        `${label}: namespace "${namespace}" is not defined by the scenario`,
      );
    }
    if (obj.kind === 'Secret' && ('data' in obj || 'stringData' in obj)) {
      problems.push(
        `${label}: Secrets are kept as metadata only; remove data/stringData`,
      );
    }
    const key = `${group(obj.apiVersion ?? '')}/${obj.kind}/${
      namespace ?? ''
    }/${obj.metadata.name}`;
    if (seen.has(key)) problems.push(`${label}: defined more than once`);
    seen.add(key);
  });

  if (problems.length > 0) throw new ScenarioValidationError(problems);
}
