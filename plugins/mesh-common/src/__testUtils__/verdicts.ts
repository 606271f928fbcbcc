// Test-only helpers: analyse fixture objects and read each check's verdict per object.
import { analyzeCluster, ClusterAnalysis } from '../analysis/analyzeCluster';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { Finding, FindingCode } from '../types/findings';
import { KindRef, KubeObject, ObjectRef } from '../types/kube';
import { KindSyncStatus } from '../types/sync';
import { fixtureView, NOW, parseYaml } from './fixtureView';

/** The objects plus the YAML documents. */
export const withYaml = (
  objects: readonly KubeObject[],
  ...yaml: string[]
): KubeObject[] => [...objects, ...yaml.flatMap(parseYaml)];

export interface AnalysisOptions {
  config?: AnalyzerConfig;
  /** Kinds whose sync state is not `synced`. */
  states?: { kind: KindRef; status: KindSyncStatus }[];
}

/** The cluster analysis of the objects; fails the test on any check error. */
export function analyzed(
  objects: readonly KubeObject[],
  options: AnalysisOptions = {},
): ClusterAnalysis {
  const analysis = analyzeCluster(fixtureView(objects, options.states), {
    now: NOW,
    ...options.config,
  });
  expect(analysis.errors).toEqual([]);
  return analysis;
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
export const refKey = (ref: ObjectRef): string =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** The findings of one code. */
export function findingsOf(
  objects: readonly KubeObject[],
  code: FindingCode,
  options?: AnalysisOptions,
): Finding[] {
  return analyzed(objects, options).findings.filter(f => f.code === code);
}

/**
 * The objects a code reports on (each finding's first object), sorted and
 * distinct: comparing it with an exact list states the verdict on every
 * object of the fixture, those that must not be reported included.
 */
export function flagged(
  objects: readonly KubeObject[],
  code: FindingCode,
  options?: AnalysisOptions,
): string[] {
  return [
    ...new Set(
      findingsOf(objects, code, options).map(f => refKey(f.objects[0])),
    ),
  ].sort();
}
