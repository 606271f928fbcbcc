import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  meshFleetReadPermission,
  meshStatusReadPermission,
} from '@meshwise/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AccessCacheSettings, CallerAccess } from './access/CallerAccess';
import { callerKey } from './access/callerKey';
import { DEFAULT_ACCESS_CACHE } from './access/readAccessCacheSettings';
import { GzipByEtag } from './http/GzipByEtag';
import { jsonBodyOf, sendJsonBody } from './http/sendJsonBody';
import { EntityStatusService } from './service/EntityStatusService';
import {
  FINDING_SORT_FIELDS,
  FleetQueryService,
  SERVICE_SORT_FIELDS,
} from './service/FleetQueryService';
import { parseFleetQuery } from './service/parseFleetQuery';

/** DNS names, optionally with a leading wildcard label; at most 100 per request. */
const hostsQuery = z
  .object({
    host: z
      .preprocess(
        value =>
          value === undefined || Array.isArray(value) ? value : [value],
        z
          .array(
            z
              .string()
              .regex(
                /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
                'must be a DNS name',
              ),
          )
          .min(1)
          .max(100),
      )
      .optional(),
  })
  .strict();

/**
 * The entity reference of the entity route's path segments (as express
 * decoded them), or an `InputError` when they cannot name an entity: a
 * segment that is blank or holds a separator of the reference syntax (an
 * encoded `/` or `:`), so that its textual form would read back as another
 * entity, or none. The catalog decides the rest (unknown entities are 404).
 */
export function entityRefOfPath(params: {
  namespace: string;
  kind: string;
  name: string;
}): string {
  const { kind, namespace, name } = params;
  const malformed = (why: string) =>
    new InputError(`Malformed entity reference in the path: ${why}`);
  for (const [field, value] of Object.entries({ kind, namespace, name })) {
    if (!value.trim()) throw malformed(`empty ${field}`);
  }
  if (/[:/]/.test(kind)) throw malformed('the kind contains ":" or "/"');
  if (/[:/]/.test(namespace)) {
    throw malformed('the namespace contains ":" or "/"');
  }
  if (name.includes('/')) throw malformed('the name contains "/"');
  const entityRef = stringifyEntityRef({ kind, namespace, name });
  // What the catalog will read back from the text must be what was asked.
  let parsed: { kind: string; namespace: string; name: string };
  try {
    parsed = parseEntityRef(entityRef);
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  if (stringifyEntityRef(parsed) !== entityRef) {
    throw malformed(
      `${JSON.stringify(entityRef)} does not read back as itself`,
    );
  }
  return entityRef;
}

/**
 * The HTTP API (see MeshApiTypes.ts). Every route authenticates; entity
 * routes need the entity to be visible to the caller in the catalog (else
 * 404) and `mesh.status.read` on it; fleet routes need `mesh.fleet.read`.
 * Those grants are kept per caller for `accessCache.ttlSeconds` (see
 * CallerAccess); the status itself is always current.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  entityStatuses: EntityStatusService;
  fleet: FleetQueryService;
  /** `mesh.accessCache`; default 5 s, 5,000 entries. */
  accessCache?: AccessCacheSettings;
}): Promise<express.Router> {
  const { httpAuth, entityStatuses, fleet } = options;
  const access = CallerAccess.create({
    catalog: options.catalog,
    permissions: options.permissions,
    cache: options.accessCache ?? DEFAULT_ACCESS_CACHE,
  });
  const gzippedStatuses = new GzipByEtag();
  const gzippedPages = new GzipByEtag();
  const router = Router();

  const authenticate = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return {
      credentials,
      key: callerKey(credentials, req.headers.authorization),
    };
  };

  const requireFleetRead = async (req: express.Request) => {
    const { credentials, key } = await authenticate(req);
    if (!(await access.fleetRead(credentials, key))) {
      throw new NotAllowedError(`${meshFleetReadPermission.name} denied`);
    }
  };

  router.get('/entities/:namespace/:kind/:name/status', async (req, res) => {
    const { credentials, key } = await authenticate(req);
    const entityRef = entityRefOfPath(req.params);
    const decided = await access.entityStatus(credentials, key, entityRef);
    if (decided.outcome === 'not-found') {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    if (decided.outcome === 'denied') {
      throw new NotAllowedError(
        `${meshStatusReadPermission.name} denied for ${entityRef}`,
      );
    }
    // Already JSON, kept per cluster, so a request serialises nothing; with
    // its own ETag, express does not hash the body (and answers 304 to a
    // matching If-None-Match).
    const { body, etag } = entityStatuses.entityStatusBody(decided.entity);
    // Compressed once per ETag rather than per request.
    sendJsonBody(req, res, { body, etag }, gzippedStatuses);
  });

  router.get('/fleet/summary', async (req, res) => {
    await requireFleetRead(req);
    if (Object.keys(req.query).length) {
      throw new InputError('/fleet/summary takes no query parameters');
    }
    res.json(fleet.fleetSummary());
  });

  router.get('/fleet/services', async (req, res) => {
    await requireFleetRead(req);
    const page = fleet.services(
      parseFleetQuery(req.query, SERVICE_SORT_FIELDS),
    );
    sendJsonBody(req, res, jsonBodyOf(page), gzippedPages);
  });

  router.get('/findings', async (req, res) => {
    await requireFleetRead(req);
    const page = fleet.findings(
      parseFleetQuery(req.query, FINDING_SORT_FIELDS),
    );
    sendJsonBody(req, res, jsonBodyOf(page), gzippedPages);
  });

  router.get('/clusters', async (req, res) => {
    await requireFleetRead(req);
    res.json({ items: fleet.clusters() });
  });

  router.get('/exposure/hosts', async (req, res) => {
    await requireFleetRead(req);
    const parsed = hostsQuery.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid query parameter ${issue.path[0] ?? ''}: ${issue.message}`,
      );
    }
    res.json(fleet.hostClaims(parsed.data.host));
  });

  return router;
}
