import { findResourceTypeByResource, ResourceType } from './resourceTypes';

/** The Kubernetes verbs a request maps to (the real server's `RequestInfo.Verb`). */
export type KubeVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** A request for a resource path, parsed like the real server's request-info resolver. */
export interface ResourceRequestInfo {
  kind: 'resource';
  verb: KubeVerb;
  group: string;
  version: string;
  /** The plural resource segment of the path. */
  resource: string;
  /** Undefined when no known type serves group/version/resource. */
  type?: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The path had the `/namespaces/{ns}/` form. */
  namespacedPath: boolean;
}

export interface OtherRequestInfo {
  kind: 'other';
  verb: string;
}

export type RequestInfo = ResourceRequestInfo | OtherRequestInfo;

function isWatchQuery(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...` (including the legacy
 * `/watch/` form) into verb, type, namespace, name and subresource.
 */
export function parseRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
  types: readonly ResourceType[],
): RequestInfo {
  const segments = pathname.split('/').filter(s => s !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return { kind: 'other', verb: method.toLowerCase() };
  }
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let namespacedPath = false;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    namespace = rest[1];
    namespacedPath = true;
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0)
    return { kind: 'other', verb: method.toLowerCase() };
  if (resource === 'namespaces' && name && !namespacedPath) namespace = name;
  const watch = legacyWatch || isWatchQuery(query);
  let verb: KubeVerb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) verb = 'watch';
      else verb = name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return { kind: 'other', verb: method.toLowerCase() };
  }
  return {
    kind: 'resource',
    verb,
    group,
    version,
    resource,
    type: findResourceTypeByResource(group, version, resource, types),
    namespace,
    name,
    subresource,
    namespacedPath,
  };
}
