import { FieldSelector, parseFieldSelector } from './fieldSelector';
import { badRequest } from './KubeStatusError';
import {
  LabelSelector,
  parseLabelSelector,
  SelectorParseError,
} from './labelSelector';
import { isPlainObject } from './mergePatch';
import { ResourceType } from './resourceTypes';
import { KubeObject } from './types';

/** What a list or watch is restricted to. */
export interface ObjectFilter {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

/** Parses `labelSelector` / `fieldSelector` query values into 400 Status errors on bad syntax. */
export function parseSelectors(
  label: string | null | undefined,
  field: string | null | undefined,
): {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
} {
  try {
    return {
      labelSelector: parseLabelSelector(label),
      fieldSelector: parseFieldSelector(field),
    };
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(e.message);
    throw e;
  }
}

/** Checks the field selector against what the real server supports for the type. */
export function validateFieldSelector(
  type: ResourceType,
  selector: FieldSelector,
): void {
  for (const req of selector.requirements) {
    if (
      req.field !== 'metadata.name' &&
      req.field !== 'metadata.namespace' &&
      !(type.selectableFields && req.field in type.selectableFields)
    ) {
      throw badRequest(`field label not supported: ${req.field}`);
    }
  }
}

/** Whether a selector restricts anything (the real server counts remaining items only without one). */
export function hasSelectors(filter: ObjectFilter): boolean {
  return Boolean(
    (filter.labelSelector && !filter.labelSelector.empty) ||
      (filter.fieldSelector && !filter.fieldSelector.empty),
  );
}

export function matchesFilter(
  type: ResourceType,
  obj: KubeObject,
  filter: ObjectFilter,
): boolean {
  const meta = obj.metadata;
  if (filter.namespace !== undefined && meta.namespace !== filter.namespace)
    return false;
  if (filter.labelSelector && !filter.labelSelector.empty) {
    if (!filter.labelSelector.matches(meta.labels)) return false;
  }
  if (filter.fieldSelector && !filter.fieldSelector.empty) {
    return filter.fieldSelector.matches(field => {
      if (field === 'metadata.name') return meta.name ?? '';
      if (field === 'metadata.namespace') return meta.namespace ?? '';
      const path = type.selectableFields?.[field];
      return path ? readPath(obj, path) : '';
    });
  }
  return true;
}

/** Reads a dotted path (`spec.nodeName`) as the field-selector string value. */
function readPath(obj: Record<string, unknown>, path: string): string {
  let node: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return '';
    node = node[part];
  }
  if (node === undefined || node === null) return '';
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}
