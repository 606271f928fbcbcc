import type { EckCheck, EckResourceStatus } from '@meshwise/plugin-mesh-common';

/**
 * Checks about the ECK operator (in the mesh, webhook port excluded): every
 * Elastic resource of a cluster carries the same verdict, so views show them
 * once per cluster rather than once per resource.
 */
export const OPERATOR_CHECK_CODES: readonly string[] = ['MW501', 'MW502'];

export const isOperatorCheck = (c: EckCheck) =>
  OPERATOR_CHECK_CODES.includes(c.code);

/** Most urgent first: what to act on leads. */
export const CHECK_STATE_ORDER: EckCheck['state'][] = [
  'fail',
  'unknown',
  'info',
  'pass',
  'notApplicable',
];

export const byUrgency = (a: EckCheck, b: EckCheck) =>
  CHECK_STATE_ORDER.indexOf(a.state) - CHECK_STATE_ORDER.indexOf(b.state);

/** The operator checks of one cluster's resources, once each: the most urgent verdict. */
export function operatorChecksOf(resources: EckResourceStatus[]): EckCheck[] {
  return OPERATOR_CHECK_CODES.flatMap(code => {
    const all = resources
      .flatMap(r => r.checks.filter(c => c.code === code))
      .sort(byUrgency);
    return all.length ? [all[0]] : [];
  }).sort(byUrgency);
}
