// Test-only helpers (Node APIs allowed here; never imported by library code).
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { WATCHED_KINDS } from '../kinds';
import { KindRef, KubeObject } from '../types/kube';
import { InMemoryClusterView } from '../view/InMemoryClusterView';
import { KindSyncStatus } from '../types/sync';

export const NOW = new Date('2025-06-01T00:00:00Z');

export function parseYaml(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map(d => d.toJSON() as KubeObject | null)
    .filter((d): d is KubeObject => !!d && typeof d === 'object');
}

export function loadFixture(name: string): KubeObject[] {
  return parseYaml(
    fs.readFileSync(path.join(__dirname, '..', '__fixtures__', name), 'utf8'),
  );
}

/** A view over the objects with every watched kind synced, unless overridden. */
export function fixtureView(
  objects: readonly KubeObject[],
  states: { kind: KindRef; status: KindSyncStatus; reason?: string }[] = [],
  cluster = 'test',
): InMemoryClusterView {
  const view = InMemoryClusterView.fromObjects(cluster, objects, {
    syncedKinds: WATCHED_KINDS,
  });
  for (const s of states) view.setKindState(s.kind, s.status, s.reason);
  return view;
}

/** Deep copy with one object changed (matched by kind, namespace and name). */
export function patched(
  objects: readonly KubeObject[],
  kind: string,
  namespace: string | undefined,
  name: string,
  mutate: (obj: any) => void,
): KubeObject[] {
  const copy = JSON.parse(JSON.stringify(objects)) as any[];
  let found = false;
  for (const o of copy) {
    if (
      o.kind === kind &&
      o.metadata?.name === name &&
      o.metadata?.namespace === namespace
    ) {
      mutate(o);
      found = true;
    }
  }
  if (!found) throw new Error(`fixture has no ${kind} ${namespace}/${name}`);
  return copy;
}

export function without(
  objects: readonly KubeObject[],
  kind: string,
  namespace: string | undefined,
  name: string,
): KubeObject[] {
  return objects.filter(
    o =>
      !(
        o.kind === kind &&
        o.metadata?.name === name &&
        o.metadata?.namespace === namespace
      ),
  );
}
