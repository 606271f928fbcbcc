import { ObjectRef } from './kube';

export type Severity = 'error' | 'warning' | 'info';

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
  | 'networkPolicy';

export type FindingCode =
  | 'MW101'
  | 'MW102'
  | 'MW103'
  | 'MW104'
  | 'MW105'
  | 'MW106'
  | 'MW107'
  | 'MW201'
  | 'MW202'
  | 'MW203'
  | 'MW204'
  | 'MW301'
  | 'MW302'
  | 'MW303'
  | 'MW304'
  | 'MW305'
  | 'MW306'
  | 'MW307'
  | 'MW308'
  | 'MW309'
  | 'MW401'
  | 'MW402'
  | 'MW403'
  | 'MW404'
  | 'MW405'
  | 'MW406'
  | 'MW501'
  | 'MW502'
  | 'MW503'
  | 'MW504'
  | 'MW505'
  | 'MW506'
  | 'MW507'
  | 'MW508'
  | 'MW509'
  | 'MW510'
  | 'MW511'
  | 'MW601'
  | 'MW602'
  | 'MW701'
  | 'MW702';

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
