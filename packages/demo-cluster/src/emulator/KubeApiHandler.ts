import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { negotiate, Representation } from './contentNegotiation';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  DiscoveryOptions,
  ServerVersion,
} from './discovery';
import { EmulatorControls } from './EmulatorControls';
import {
  badRequest,
  forbidden,
  injectedFailure,
  invalid,
  KubeStatusError,
  methodNotAllowed,
  pathNotFound,
  unauthorized,
  unsupportedMediaType,
} from './KubeStatusError';
import { isPlainObject } from './mergePatch';
import { parseSelectors } from './objectFilter';
import { ObjectStore } from './ObjectStore';
import { StoredObject } from './StoredObject';
import { openApiV2Json, openApiV2Protobuf } from './openApi';
import { listJson, listMetadata, objectAt, objectJson } from './render';
import { parseRequestInfo, ResourceRequestInfo } from './requestInfo';
import { ResourceType } from './resourceTypes';
import { IncludeObject, toTable } from './table';
import { issueServiceAccountToken } from './tokenRequest';
import { WatchStreams } from './WatchStreams';

export interface KubeApiHandlerOptions {
  store: ObjectStore;
  controls: EmulatorControls;
  watches: WatchStreams;
  /** Bearer token clients must send; null disables authentication. */
  token: string | null;
  /** The user the token authenticates as (shown in 403 messages). */
  user: string;
  tokenRequest: boolean;
  version: ServerVersion;
  watchTimeoutSeconds: number;
  serverAddress: () => string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);
const JSON_HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, private',
};

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new KubeStatusError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function parseBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    if (
      contentType === 'application/yaml' ||
      contentType === 'application/apply-patch+yaml'
    ) {
      return parseYaml(text);
    }
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the request body could not be decoded: ${(e as Error).message}`,
    );
  }
}

/** `dryRun=All` (query or DeleteOptions); any other value is refused like the real server. */
function dryRunOf(values: unknown): boolean {
  const list = Array.isArray(values) ? values : [];
  for (const v of list) {
    if (v !== 'All')
      throw badRequest(
        `dryRun: Unsupported value: "${String(v)}": supported values: "All"`,
      );
  }
  return list.length > 0;
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}

/**
 * Answers the Kubernetes API over HTTP: discovery, resource CRUD, lists, watches, the
 * status and token subresources, with the real server's status codes and Status bodies.
 */
export class KubeApiHandler {
  private readonly issuedTokens = new Map<
    string,
    { username: string; expiresAt: number }
  >();
  private readonly tokenSecret = randomBytes(32);

  constructor(private readonly options: KubeApiHandlerOptions) {}

  private get store(): ObjectStore {
    return this.options.store;
  }

  private get discovery(): DiscoveryOptions {
    return {
      types: this.store.types,
      isServed: t => this.options.controls.isInstalled(t),
      tokenRequest: this.options.tokenRequest,
      serverAddress: this.options.serverAddress(),
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const info = parseRequestInfo(
      method,
      url.pathname,
      url.searchParams,
      this.store.types,
    );
    const record = {
      method,
      verb: info.verb,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: undefined as number | undefined,
    };
    this.options.controls.recordRequest(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    try {
      const user = this.authenticate(req, url.pathname);
      const stall = this.options.controls.takeStall(url.pathname, info.verb);
      if (stall)
        await sleep(
          stall.until !== undefined ? stall.until - Date.now() : stall.ms,
        );
      const failure = this.options.controls.takeFailure(
        url.pathname,
        info.verb,
      );
      if (failure)
        throw injectedFailure(failure.status ?? 500, failure.retryAfterSeconds);
      if (info.kind === 'other') {
        this.handleNonResource(req, res, url);
      } else {
        await this.handleResource(req, res, url, info, user);
      }
    } catch (e) {
      this.sendError(res, e);
    }
  }

  private authenticate(req: IncomingMessage, pathname: string): string {
    if (this.options.token === null) return this.options.user;
    const header = req.headers.authorization;
    if (!header) {
      if (PUBLIC_PATHS.has(pathname)) return 'system:anonymous';
      throw unauthorized();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) {
      if (match[1] === this.options.token) return this.options.user;
      const issued = this.issuedTokens.get(match[1]);
      if (issued && issued.expiresAt > Date.now()) return issued.username;
    }
    throw unauthorized();
  }

  private sendError(res: ServerResponse, e: unknown): void {
    const error =
      e instanceof KubeStatusError
        ? e
        : new KubeStatusError(
            500,
            'InternalError',
            `Internal error occurred: ${(e as Error)?.message ?? String(e)}`,
          );
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (error.retryAfterSeconds !== undefined)
      headers['Retry-After'] = String(error.retryAfterSeconds);
    res.writeHead(error.code, headers);
    res.end(JSON.stringify(error.toStatus()));
  }

  private sendJson(
    res: ServerResponse,
    code: number,
    body: string | unknown,
  ): void {
    res.writeHead(code, { ...JSON_HEADERS, 'Audit-Id': randomUUID() });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  // ------------------------------------------------------------ non-resource paths

  private handleNonResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): void {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const known =
        path === '/version' ||
        path === '/api' ||
        path.startsWith('/api/') ||
        path === '/apis' ||
        path.startsWith('/apis/');
      throw known ? methodNotAllowed() : pathNotFound();
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      this.sendJson(res, 200, this.options.version);
      return;
    }
    if (path === '/openapi/v2') {
      const accept = req.headers.accept ?? '';
      if (accept.includes('protobuf')) {
        // Go's mime parser (client-go checks every Content-Type) rejects the `@` of the
        // Accept value, so the protobuf document goes out as octet-stream, like kube-openapi does.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(openApiV2Protobuf(this.options.version.gitVersion));
        return;
      }
      this.sendJson(res, 200, openApiV2Json(this.options.version.gitVersion));
      return;
    }
    if (path === '/api') {
      this.sendJson(res, 200, apiVersions(this.discovery));
      return;
    }
    if (path === '/apis') {
      this.sendJson(res, 200, apiGroupList(this.discovery));
      return;
    }
    const segments = path.split('/').filter(Boolean);
    let body: Record<string, unknown> | undefined;
    if (segments[0] === 'api' && segments.length === 2) {
      body = apiResourceList(this.discovery, '', segments[1]);
    } else if (segments[0] === 'apis' && segments.length === 2) {
      body = apiGroup(this.discovery, segments[1]);
    } else if (segments[0] === 'apis' && segments.length === 3) {
      body = apiResourceList(this.discovery, segments[1], segments[2]);
    }
    if (!body) throw pathNotFound();
    this.sendJson(res, 200, body);
  }

  // ------------------------------------------------------------ resource paths

  private resolveType(info: ResourceRequestInfo): ResourceType {
    const type = info.type;
    if (!type || !this.options.controls.isInstalled(type)) throw pathNotFound();
    if (info.namespacedPath && !type.namespaced) throw pathNotFound();
    if (!info.namespacedPath && type.namespaced && info.name)
      throw pathNotFound();
    if (info.subresource !== undefined) {
      const status =
        info.subresource === 'status' &&
        type.statusSubresource &&
        ['get', 'update', 'patch'].includes(info.verb);
      const token =
        info.subresource === 'token' &&
        type.group === '' &&
        type.plural === 'serviceaccounts' &&
        this.options.tokenRequest;
      if (!status && !token) throw pathNotFound();
      if (token && info.verb !== 'create') throw methodNotAllowed();
    }
    if (!info.name && (info.verb === 'update' || info.verb === 'patch'))
      throw methodNotAllowed();
    if (info.name && info.verb === 'create' && info.subresource === undefined)
      throw methodNotAllowed();
    if (
      !info.namespacedPath &&
      type.namespaced &&
      (info.verb === 'create' || info.verb === 'deletecollection')
    ) {
      throw methodNotAllowed();
    }
    return type;
  }

  private async handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    info: ResourceRequestInfo,
    user: string,
  ): Promise<void> {
    const type = this.resolveType(info);
    const namespace = type.namespaced ? info.namespace : undefined;
    const verb = info.subresource === 'token' ? 'create' : info.verb;
    if (this.options.controls.isForbidden(type, verb)) {
      throw forbidden(
        {
          group: type.group,
          resource: info.subresource
            ? `${type.plural}/${info.subresource}`
            : type.plural,
        },
        user,
        verb,
        namespace,
        info.name,
      );
    }
    const query = url.searchParams;
    const version = info.version;
    switch (info.verb) {
      case 'list':
        return this.list(
          res,
          type,
          version,
          namespace,
          query,
          negotiate(req.headers.accept),
        );
      case 'watch':
        return this.watch(req, res, type, version, namespace, info.name, query);
      case 'get': {
        const stored = this.store.get(type, namespace, info.name!);
        return this.sendObject(
          res,
          200,
          type,
          version,
          stored,
          negotiate(req.headers.accept),
          query,
        );
      }
      case 'create': {
        const body = parseBody(await readBody(req), mediaType(req));
        const dryRun = dryRunOf(query.getAll('dryRun'));
        if (info.subresource === 'token')
          return this.createToken(
            res,
            type,
            namespace!,
            info.name!,
            body,
            dryRun,
          );
        if (!isPlainObject(body))
          throw badRequest('the request body must be a JSON object');
        const stored = this.store.create(type, body, namespace, { dryRun });
        return this.sendObject(
          res,
          201,
          type,
          version,
          stored,
          { as: 'object' },
          query,
        );
      }
      case 'update': {
        const body = parseBody(await readBody(req), mediaType(req));
        if (!isPlainObject(body))
          throw badRequest('the request body must be a JSON object');
        const stored = this.store.update(type, body, namespace, info.name!, {
          dryRun: dryRunOf(query.getAll('dryRun')),
          subresource: info.subresource === 'status' ? 'status' : undefined,
        });
        return this.sendObject(
          res,
          200,
          type,
          version,
          stored,
          { as: 'object' },
          query,
        );
      }
      case 'patch': {
        const contentType = mediaType(req);
        const raw = await readBody(req);
        if (
          contentType === 'application/apply-patch+yaml' ||
          !contentType.endsWith('patch+json')
        ) {
          throw unsupportedMediaType([
            'application/json-patch+json',
            'application/merge-patch+json',
            ...(type.crd ? [] : ['application/strategic-merge-patch+json']),
          ]);
        }
        const patch = parseBody(raw, 'application/json');
        const stored = this.store.patch(
          type,
          namespace,
          info.name!,
          patch,
          contentType,
          {
            dryRun: dryRunOf(query.getAll('dryRun')),
            subresource: info.subresource === 'status' ? 'status' : undefined,
          },
        );
        return this.sendObject(
          res,
          200,
          type,
          version,
          stored,
          { as: 'object' },
          query,
        );
      }
      case 'delete':
        return this.delete(
          req,
          res,
          type,
          version,
          namespace,
          info.name!,
          query,
        );
      case 'deletecollection':
        return this.deleteCollection(res, type, version, namespace, query);
      default:
        throw methodNotAllowed();
    }
  }

  private sendObject(
    res: ServerResponse,
    code: number,
    type: ResourceType,
    version: string,
    stored: StoredObject,
    representation: Representation,
    query: URLSearchParams,
  ): void {
    if (representation.as === 'object') {
      this.sendJson(res, code, objectJson(type, stored, version));
      return;
    }
    const obj = objectAt(type, stored, version);
    if (representation.as === 'Table') {
      this.sendJson(
        res,
        code,
        toTable(type, [obj], {
          apiVersion: representation.apiVersion,
          include: includeObjectOf(query),
          listMeta: { resourceVersion: String(stored.rv) },
        }),
      );
      return;
    }
    this.sendJson(res, code, {
      kind: 'PartialObjectMetadata',
      apiVersion: representation.apiVersion,
      metadata: obj.metadata,
    });
  }

  private list(
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: URLSearchParams,
    representation: Representation,
  ): void {
    const { labelSelector, fieldSelector } = parseSelectors(
      query.get('labelSelector'),
      query.get('fieldSelector'),
    );
    const limitText = query.get('limit');
    const limit = limitText ? Number(limitText) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
      throw badRequest(`invalid limit: "${limitText}"`);
    const result = this.store.list(type, {
      namespace,
      labelSelector,
      fieldSelector,
      limit,
      continue: query.get('continue') ?? undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
    });
    if (representation.as === 'object') {
      this.sendJson(res, 200, listJson(type, version, result));
      return;
    }
    const objects = result.items.map(s => objectAt(type, s, version));
    if (representation.as === 'Table') {
      this.sendJson(
        res,
        200,
        toTable(type, objects, {
          apiVersion: representation.apiVersion,
          include: includeObjectOf(query),
          listMeta: listMetadata(result),
        }),
      );
      return;
    }
    this.sendJson(res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: representation.apiVersion,
      metadata: listMetadata(result),
      items: objects.map(o => ({
        kind: 'PartialObjectMetadata',
        apiVersion: representation.apiVersion,
        metadata: o.metadata,
      })),
    });
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string | undefined,
    query: URLSearchParams,
  ): void {
    const representation = negotiate(req.headers.accept);
    const field = [
      name ? `metadata.name=${name.replace(/([\\,=])/g, '\\$1')}` : '',
      query.get('fieldSelector') ?? '',
    ]
      .filter(Boolean)
      .join(',');
    const { labelSelector, fieldSelector } = parseSelectors(
      query.get('labelSelector'),
      field,
    );
    const sendInitial = query.get('sendInitialEvents');
    const match = query.get('resourceVersionMatch');
    const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
    if (sendInitial !== null) {
      const causes = [];
      if (match !== 'NotOlderThan') {
        causes.push({
          field: 'sendInitialEvents',
          reason: 'FieldValueForbidden',
          message:
            'Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan',
        });
      }
      if (sendInitial === 'true' && !allowBookmarks) {
        causes.push({
          field: 'allowWatchBookmarks',
          reason: 'FieldValueForbidden',
          message:
            'Forbidden: allowWatchBookmarks must be set to true when sendInitialEvents is set',
        });
      }
      if (causes.length)
        throw invalid('ListOptions', 'meta.k8s.io', '', causes);
    } else if (match) {
      throw invalid('ListOptions', 'meta.k8s.io', '', [
        {
          field: 'resourceVersionMatch',
          reason: 'FieldValueForbidden',
          message:
            'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        },
      ]);
    }
    const timeoutText = query.get('timeoutSeconds');
    const timeoutSeconds = timeoutText
      ? Number(timeoutText)
      : this.options.watchTimeoutSeconds;
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)
      throw badRequest(`invalid timeoutSeconds: "${timeoutText}"`);
    this.options.watches.serve(req, res, {
      type,
      version,
      representation,
      include: includeObjectOf(query),
      allowBookmarks,
      timeoutMs: timeoutSeconds * 1000,
      watch: {
        namespace,
        labelSelector,
        fieldSelector,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        sendInitialEvents:
          sendInitial === null ? undefined : sendInitial === 'true',
      },
    });
  }

  private async delete(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    query: URLSearchParams,
  ): Promise<void> {
    const body = parseBody(await readBody(req), mediaType(req));
    const options = isPlainObject(body) ? body : {};
    const preconditions = isPlainObject(options.preconditions)
      ? options.preconditions
      : undefined;
    const dryRun = dryRunOf([
      ...query.getAll('dryRun'),
      ...(Array.isArray(options.dryRun) ? options.dryRun : []),
    ]);
    const result = this.store.delete(type, namespace, name, {
      dryRun,
      preconditions: preconditions as
        | { uid?: string; resourceVersion?: string }
        | undefined,
    });
    if (!result.deleted) {
      this.sendJson(res, 202, objectJson(type, result.stored, version));
      return;
    }
    // Services, pods, namespaces and custom resources answer with the object; the rest with a Status.
    const returnsObject =
      type.crd ||
      (type.group === '' &&
        ['pods', 'services', 'namespaces'].includes(type.plural));
    if (returnsObject) {
      this.sendJson(res, 200, objectJson(type, result.stored, version));
      return;
    }
    const details: Record<string, unknown> = { name };
    if (type.group) details.group = type.group;
    details.kind = type.plural;
    details.uid = result.stored.obj.metadata.uid;
    this.sendJson(res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details,
    });
  }

  private deleteCollection(
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: URLSearchParams,
  ): void {
    const { labelSelector, fieldSelector } = parseSelectors(
      query.get('labelSelector'),
      query.get('fieldSelector'),
    );
    const dryRun = dryRunOf(query.getAll('dryRun'));
    const listed = this.store.list(type, {
      namespace,
      labelSelector,
      fieldSelector,
    });
    const deleted = listed.items.map(s => {
      const meta = s.obj.metadata;
      return this.store.delete(type, meta.namespace, meta.name!, { dryRun })
        .stored;
    });
    const result = {
      items: deleted,
      resourceVersion: this.store.resourceVersion,
    };
    this.sendJson(res, 200, listJson(type, version, result));
  }

  private createToken(
    res: ServerResponse,
    type: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    dryRun: boolean,
  ): void {
    const serviceAccount = this.store.get(type, namespace, name).obj;
    const issued = issueServiceAccountToken(
      this.tokenSecret,
      serviceAccount,
      body,
      new Date(),
    );
    if (!dryRun) {
      this.issuedTokens.set(issued.token, {
        username: issued.username,
        expiresAt: issued.expiresAt,
      });
    }
    this.sendJson(res, 201, issued.tokenRequest);
  }
}
