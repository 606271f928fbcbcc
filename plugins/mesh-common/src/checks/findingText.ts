import { ObjectRef } from '../types/kube';

const MAX_LISTED = 5;

/** `a, b, c, d, e and 3 more`: keeps finding messages short on large workloads. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED
    ? `${shown} and ${names.length - MAX_LISTED} more`
    : shown;
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
