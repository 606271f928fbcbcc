import { ObjectRef } from './kube';

export type Severity = 'error' | 'warning' | 'info';

/** Severities from the most to the least severe: the one order every list and sort uses. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** 0 for the most severe; sorts findings worst first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The seed documents the product is built from (see shared/seeds/README.md). */
export type SeedFile =
  | '000_096606a6cf64417f.txt'
  | '001_31c6a73a1aaa58f0.txt'
  | '002_31b20f77e259836e.txt'
  | '003_0882d6ebd41cde09.txt'
  | '004_dc3d94101839d4c3.txt';

/** Where a finding's rule comes from: an upstream document, or a seed document. */
export type FindingReference =
  | { title: string; url: string }
  | { title: string; seed: SeedFile };

export type FindingCategory =
  | 'membership'
  | 'mtls'
  | 'gateways'
  | 'authorization'
  | 'eck'
  | 'controlPlane'
  | 'networkPolicy'
  | 'traffic';

/**
 * A Meshwise finding code, `MW` and three digits. Which codes exist is said
 * once, by the catalogue (`findings/findingCatalogue.ts`); tests hold every
 * check to the codes its row in the check table declares.
 */
export type FindingCode = `MW${number}`;

/** One entry of the finding catalogue: what a code means, independent of any cluster. */
export interface FindingDefinition {
  code: FindingCode;
  category: FindingCategory;
  title: string;
  defaultSeverity: Severity;
  reference: FindingReference;
  /** The `istioctl analyze` message with the same check, when there is one. */
  istioCode?: string;
  /** The Kiali validation with the same check, when there is one. */
  kialiCode?: string;
}

/** One problem (or noteworthy fact) found in one cluster. */
export interface Finding {
  /** Stable across recomputations: code + cluster + involved objects (+ detail key). */
  id: string;
  code: FindingCode;
  severity: Severity;
  cluster: string;
  /** The objects involved; the first is the one to fix. */
  objects: ObjectRef[];
  /** One line, naming the objects and the observed values. */
  message: string;
  /** What to change, concretely. */
  remediation: string;
  reference: FindingReference;
  istioCode?: string;
  kialiCode?: string;
}
