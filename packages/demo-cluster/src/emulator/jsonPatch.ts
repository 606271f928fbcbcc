import { isPlainObject, jsonEqual, structuredCloneJson } from './mergePatch';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** A patch that is malformed (400) or cannot be applied to the document (422). */
export class JsonPatchError extends Error {
  readonly malformed: boolean;
  constructor(message: string, malformed: boolean) {
    super(message);
    this.name = 'JsonPatchError';
    this.malformed = malformed;
  }
}

/** RFC 6901 pointer → unescaped reference tokens. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPatchError(`invalid JSON pointer: "${pointer}"`, true);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function arrayIndex(token: string, length: number, forInsert: boolean): number {
  if (forInsert && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) {
    throw new JsonPatchError(`invalid array index: "${token}"`, false);
  }
  const index = Number(token);
  if (index > length || (!forInsert && index === length)) {
    throw new JsonPatchError(`array index out of bounds: ${index}`, false);
  }
  return index;
}

/** Walks to the parent of the pointer's last token. */
function resolveParent(
  doc: unknown,
  tokens: string[],
  path: string,
): Container {
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      node = node[arrayIndex(token, node.length, false)];
    } else if (
      isPlainObject(node) &&
      Object.prototype.hasOwnProperty.call(node, token)
    ) {
      node = node[token];
    } else {
      throw new JsonPatchError(`path does not exist: "${path}"`, false);
    }
  }
  if (!Array.isArray(node) && !isPlainObject(node)) {
    throw new JsonPatchError(`path does not exist: "${path}"`, false);
  }
  return node;
}

function getValue(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const token of parseJsonPointer(path)) {
    if (Array.isArray(node)) {
      node = node[arrayIndex(token, node.length, false)];
    } else if (
      isPlainObject(node) &&
      Object.prototype.hasOwnProperty.call(node, token)
    ) {
      node = node[token];
    } else {
      throw new JsonPatchError(`path does not exist: "${path}"`, false);
    }
  }
  return node;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parseJsonPointer(path);
  if (tokens.length === 0) return value;
  const parent = resolveParent(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length, true), 0, value);
  } else {
    parent[last] = value;
  }
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = parseJsonPointer(path);
  if (tokens.length === 0) {
    throw new JsonPatchError('cannot remove the whole document', false);
  }
  const parent = resolveParent(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length, false), 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, last)) {
      throw new JsonPatchError(`path does not exist: "${path}"`, false);
    }
    delete parent[last];
  }
  return doc;
}

function validateOperation(op: unknown): JsonPatchOperation {
  if (
    !isPlainObject(op) ||
    typeof op.op !== 'string' ||
    typeof op.path !== 'string'
  ) {
    throw new JsonPatchError(
      'invalid JSON patch operation: needs "op" and "path"',
      true,
    );
  }
  if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
    throw new JsonPatchError(`unexpected kind of operation: "${op.op}"`, true);
  }
  if (['add', 'replace', 'test'].includes(op.op) && !('value' in op)) {
    throw new JsonPatchError(`operation "${op.op}" needs a "value"`, true);
  }
  if (['move', 'copy'].includes(op.op) && typeof op.from !== 'string') {
    throw new JsonPatchError(`operation "${op.op}" needs a "from"`, true);
  }
  return op as unknown as JsonPatchOperation;
}

/**
 * JSON Patch (RFC 6902). Operations apply in order and atomically: the input is not
 * modified, and any failing operation fails the whole patch.
 */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw new JsonPatchError(
      'a JSON patch must be an array of operations',
      true,
    );
  }
  let doc = structuredCloneJson(document);
  for (const raw of patch) {
    const op = validateOperation(raw);
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, structuredCloneJson(op.value));
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        getValue(doc, op.path);
        doc =
          op.path === ''
            ? structuredCloneJson(op.value)
            : add(remove(doc, op.path), op.path, structuredCloneJson(op.value));
        break;
      case 'move': {
        const value = getValue(doc, op.from!);
        if (op.path.startsWith(`${op.from}/`)) {
          throw new JsonPatchError(
            'cannot move a value into one of its children',
            false,
          );
        }
        doc = add(remove(doc, op.from!), op.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, op.path, structuredCloneJson(getValue(doc, op.from!)));
        break;
      case 'test':
        if (!jsonEqual(getValue(doc, op.path), op.value)) {
          throw new JsonPatchError(`testing value ${op.path} failed`, false);
        }
        break;
      default:
        break;
    }
  }
  return doc;
}
