import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  meshFleetReadPermission,
  meshStatusReadPermission,
} from '@meshwise/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { AccessCacheSettings, CallerAccess } from '../access/CallerAccess';
import { callerKey } from '../access/callerKey';
import { entityRefOfPath } from '../router';
import { HistorySource } from './historySamples';
import { HistoryStore } from './HistoryStore';
import { parseHistoryQuery } from './parseHistoryQuery';
import { trendPoints } from './trendPoints';

const DAY_MS = 86_400_000;

export interface HistoryRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  accessCache: AccessCacheSettings;
  /** Undefined when history is off (`mesh.history.enabled: false`): the routes answer 404. */
  store?: HistoryStore;
  source: HistorySource;
  /** Default steps: the fleet's, the entities' sampling intervals. */
  intervalMs: number;
  entityIntervalMs: number;
  now?: () => number;
}

/**
 * The trend routes, authorized like the fleet and entity routes: the
 * fleet's history needs `mesh.fleet.read`; an entity's needs the entity to
 * be visible to the caller (else 404) and `mesh.status.read` on it.
 *
 * - GET /history/fleet?from=&to=&step= : the fleet's and each cluster's figures per step
 * - GET /history/entities/:namespace/:kind/:name?from=&to=&step= : the
 *   entity's figures per step, and when each of its current findings was first seen
 */
export function createHistoryRouter(
  options: HistoryRouterOptions,
): express.Router {
  const { httpAuth, store, source, intervalMs } = options;
  const now = options.now ?? Date.now;
  const access = CallerAccess.create({
    catalog: options.catalog,
    permissions: options.permissions,
    cache: options.accessCache,
  });
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
  const enabledStore = () => {
    if (!store) {
      throw new NotFoundError(
        'Mesh history is off (mesh.history.enabled: false)',
      );
    }
    return store;
  };

  router.get('/history/fleet', async (req, res) => {
    const { credentials, key } = await authenticate(req);
    if (!(await access.fleetRead(credentials, key))) {
      throw new NotAllowedError(`${meshFleetReadPermission.name} denied`);
    }
    const history = enabledStore();
    const at = now();
    const range = parseHistoryQuery(req.query, { now: at, intervalMs });
    const [fleet, clusters, newSinceDay] = await Promise.all([
      history.samples('fleet', [''], range),
      history.samples('cluster', 'all', range),
      history.countFirstSeenSince(at - DAY_MS),
    ]);
    res.json({
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      stepMs: range.stepMs,
      fleet: trendPoints(fleet, range).get('') ?? [],
      clusters: Object.fromEntries(trendPoints(clusters, range)),
      findingsFirstSeenInLastDay: newSinceDay,
    });
  });

  router.get('/history/entities/:namespace/:kind/:name', async (req, res) => {
    const { credentials, key } = await authenticate(req);
    const asked = entityRefOfPath(req.params);
    const decided = await access.entityStatus(credentials, key, asked);
    if (decided.outcome === 'not-found') {
      throw new NotFoundError(`No entity ${asked}`);
    }
    if (decided.outcome === 'denied') {
      throw new NotAllowedError(
        `${meshStatusReadPermission.name} denied for ${asked}`,
      );
    }
    const history = enabledStore();
    const range = parseHistoryQuery(req.query, { now: now(), intervalMs });
    // Samples are stored under the ref as the catalog spells it.
    const entityRef = stringifyEntityRef(decided.entity);
    const samples = await history.samples('entity', [entityRef], range);
    const current = source
      .findings()
      .filter(f => f.entityRefs.includes(entityRef));
    const firstSeen = new Map(
      (await history.firstSeen(current.map(f => f.id))).map(s => [
        s.findingId,
        s,
      ]),
    );
    res.json({
      entityRef,
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      stepMs: range.stepMs,
      points: trendPoints(samples, range).get(entityRef) ?? [],
      // Current findings; firstSeenAt absent until a sample has seen one.
      findings: current.map(f => {
        const seen = firstSeen.get(f.id);
        return {
          id: f.id,
          code: f.code,
          severity: f.severity,
          cluster: f.cluster,
          ...(seen
            ? {
                firstSeenAt: new Date(seen.firstSeenAt).toISOString(),
                lastSeenAt: new Date(seen.lastSeenAt).toISOString(),
              }
            : {}),
        };
      }),
    });
  });

  return router;
}
