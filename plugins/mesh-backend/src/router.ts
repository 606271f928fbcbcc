import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshFleetReadPermission,
  meshStatusReadPermission,
} from '@meshwise/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
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
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  entityStatuses: EntityStatusService;
  fleet: FleetQueryService;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, entityStatuses, fleet } = options;
  const router = Router();

  const authenticate = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // Service principals (the scaffolder's host check) are allowed by the
  // permission framework itself; users go through the policy.
  const requireFleetRead = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: meshFleetReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`${meshFleetReadPermission.name} denied`);
    }
  };

  router.get('/entities/:namespace/:kind/:name/status', async (req, res) => {
    const credentials = await authenticate(req);
    const entityRef = entityRefOfPath(req.params);
    // Read as the caller: an entity they cannot see is one that does not exist.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const [decision] = await permissions.authorize(
      [{ permission: meshStatusReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${meshStatusReadPermission.name} denied for ${entityRef}`,
      );
    }
    // Already JSON, kept per cluster, so a request serialises nothing; with
    // its own ETag, express does not hash the body (and answers 304 to a
    // matching If-None-Match).
    const { body, etag } = entityStatuses.entityStatusBody(entity);
    res.setHeader('ETag', etag);
    res.type('application/json').send(body);
  });

  router.get('/fleet/summary', async (req, res) => {
    await requireFleetRead(await authenticate(req));
    if (Object.keys(req.query).length) {
      throw new InputError('/fleet/summary takes no query parameters');
    }
    res.json(fleet.fleetSummary());
  });

  router.get('/fleet/services', async (req, res) => {
    await requireFleetRead(await authenticate(req));
    res.json(fleet.services(parseFleetQuery(req.query, SERVICE_SORT_FIELDS)));
  });

  router.get('/findings', async (req, res) => {
    await requireFleetRead(await authenticate(req));
    res.json(fleet.findings(parseFleetQuery(req.query, FINDING_SORT_FIELDS)));
  });

  router.get('/clusters', async (req, res) => {
    await requireFleetRead(await authenticate(req));
    res.json({ items: fleet.clusters() });
  });

  router.get('/exposure/hosts', async (req, res) => {
    await requireFleetRead(await authenticate(req));
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
