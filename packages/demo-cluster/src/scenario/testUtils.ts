/*
 * Helpers for this directory's tests only: how the Backstage Kubernetes plugin
 * finds an entity's pods, and plain look-ups over a scenario.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ScenarioObject } from './ScenarioObject';
import { packagePath } from './packagePath';

export const CATALOG_DIR = packagePath('catalog');

export interface CatalogEntity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, any>;
}

export function readCatalogFile(file: string): CatalogEntity[] {
  const text = fs.readFileSync(path.join(CATALOG_DIR, file), 'utf8');
  return parseAllDocuments(text).map(doc => {
    if (doc.errors.length > 0)
      throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS() as CatalogEntity;
  });
}

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * Parses a Kubernetes label selector string (`a=b,c!=d,e in (f,g),!h`), the
 * format of `backstage.io/kubernetes-label-selector`.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current);

  return parts.map(raw => {
    const part = raw.trim();
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      return op === 'in'
        ? l => key in l && values.includes(l[key])
        : l => !(key in l) || !values.includes(l[key]);
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!=' ? l => l[key] !== value : l => l[key] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return not ? l => !(key in l) : l => key in l;
    }
    throw new Error(`unsupported label selector part: ${part}`);
  });
}

/** The pods the Kubernetes plugin would show for an entity, by its annotations. */
export function podsOfEntity(
  annotations: Record<string, string> | undefined,
  objects: ScenarioObject[],
): ScenarioObject[] {
  const a = annotations ?? {};
  const id = a['backstage.io/kubernetes-id'];
  const selector = a['backstage.io/kubernetes-label-selector'];
  const namespace = a['backstage.io/kubernetes-namespace'];
  let requirements: Requirement[];
  if (selector) requirements = parseLabelSelector(selector);
  else if (id) requirements = [l => l['backstage.io/kubernetes-id'] === id];
  else return [];
  return objects.filter(
    o =>
      o.kind === 'Pod' &&
      (!namespace || o.metadata.namespace === namespace) &&
      requirements.every(r => r(o.metadata.labels ?? {})),
  );
}

export function findObject(
  objects: ScenarioObject[],
  ref: { kind: string; name: string; namespace?: string; apiVersion?: string },
): ScenarioObject | undefined {
  return objects.find(
    o =>
      o.kind === ref.kind &&
      o.metadata.name === ref.name &&
      o.metadata.namespace === ref.namespace &&
      (!ref.apiVersion || o.apiVersion === ref.apiVersion),
  );
}

export function proxyVersionOf(pod: ScenarioObject): string | undefined {
  const proxy = (pod.spec?.containers ?? []).find(
    (c: any) => c.name === 'istio-proxy',
  );
  return proxy ? String(proxy.image).split(':').pop() : undefined;
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
