import { randomBytes, randomUUID } from 'node:crypto';
import {
  alreadyExists,
  badRequest,
  internalError,
  invalid,
  notFound,
} from './KubeStatusError';
import { isPlainObject, structuredCloneJson } from './mergePatch';
import { checkKind, normalizeObject, timestamp } from './objectEnvelope';
import { ResourceType } from './resourceTypes';
import { StoredObject } from './StoredObject';
import { StoreState } from './StoreState';
import { KubeObject } from './types';
import { publishEvent } from './watchObjects';

export interface CreateOptions {
  dryRun?: boolean;
  /** Keep `status` where the type has a status subresource: scenarios load objects as observed. */
  keepStatus?: boolean;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Creates an object (POST). `namespace` is the namespace of the request path, if any.
 * Like the real server: status is dropped where the type has a status subresource,
 * the namespace must exist, the name must be free, `resourceVersion` must be empty.
 */
export function createObject(
  state: StoreState,
  type: ResourceType,
  input: KubeObject | Record<string, unknown>,
  namespace?: string,
  options: CreateOptions = {},
): StoredObject {
  const bucket = state.bucket(type);
  if (!isPlainObject(input))
    throw badRequest('the request body must be a JSON object');
  checkKind(type, input);
  const meta = isPlainObject(input.metadata)
    ? structuredCloneJson(input.metadata)
    : {};
  if (type.namespaced) {
    const bodyNs =
      typeof meta.namespace === 'string' && meta.namespace !== ''
        ? meta.namespace
        : undefined;
    if (
      namespace !== undefined &&
      bodyNs !== undefined &&
      bodyNs !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = namespace ?? bodyNs;
    if (meta.namespace === undefined) {
      throw badRequest(
        'the namespace of the provided object is empty and no namespace was given on the request',
      );
    }
  } else {
    delete meta.namespace;
  }
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '') {
    throw internalError(
      'resourceVersion should not be set on objects to be created',
    );
  }
  if (typeof meta.name !== 'string' || meta.name === '') {
    if (typeof meta.generateName === 'string' && meta.generateName !== '') {
      let suffix = '';
      const bytes = randomBytes(5);
      for (const b of bytes) suffix += NAME_CHARS[b % NAME_CHARS.length];
      meta.name = `${meta.generateName}${suffix}`;
    } else {
      throw invalid(type.kind, type.group, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
        },
      ]);
    }
  }
  const name = meta.name as string;
  validateName(type, name);
  if (type.namespaced && !state.namespaceExists(meta.namespace as string)) {
    throw notFound(
      { group: '', resource: 'namespaces' },
      meta.namespace as string,
    );
  }
  const key = state.keyOf(type, meta.namespace as string | undefined, name);
  if (bucket.objects.has(key)) throw alreadyExists(bucket.gr, name);

  const body: Record<string, unknown> = { ...input };
  if (type.statusSubresource && !options.keepStatus) delete body.status;
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(state.now());
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  delete meta.generation;
  if ('spec' in body) meta.generation = 1;
  if (options.dryRun) {
    return {
      key,
      obj: normalizeObject(state, type, body, meta),
      rv: state.resourceVersion,
    };
  }
  const rv = state.nextRv();
  meta.resourceVersion = String(rv);
  const stored: StoredObject = {
    key,
    obj: normalizeObject(state, type, structuredCloneJson(body), meta),
    rv,
  };
  bucket.objects.set(key, stored);
  bucket.keys.insert(key);
  publishEvent(bucket, { rv, type: 'ADDED', key, stored, prev: null });
  return stored;
}

function validateName(type: ResourceType, name: string): void {
  const pattern = type.plural === 'namespaces' ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = type.plural === 'namespaces' ? 63 : 253;
  if (name.length > max || !pattern.test(name)) {
    throw invalid(type.kind, type.group, name, [
      {
        field: 'metadata.name',
        message: `Invalid value: "${name}": a lowercase RFC 1123 ${
          type.plural === 'namespaces' ? 'label' : 'subdomain'
        } must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      },
    ]);
  }
}
