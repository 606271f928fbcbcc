import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  HostRulesSettings,
  indexNamespaceOwnership,
  Kinds,
  meshTeamConfigCreatePermission,
  normalizeAllowedDomain,
  NamespaceOwnershipIndex,
  OwnedNamespace,
  OwnedNamespaces,
  OwnedService,
  OwnedServices,
  ServicesNotCurrent,
} from '@meshwise/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AccessCacheSettings, CallerAccess } from '../access/CallerAccess';
import { callerKey } from '../access/callerKey';
import { DEFAULT_ACCESS_CACHE } from '../access/readAccessCacheSettings';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { MeshCluster } from '../clusters/MeshClusters';

const noQuery = z.object({}).strict();
const servicesQuery = z
  .object({
    namespace: z
      .string()
      .max(63)
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'must be a Kubernetes namespace name',
      ),
  })
  .strict();

function parseQuery<T>(schema: z.ZodType<T>, req: express.Request): T {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknown =
      issue.code === 'unrecognized_keys' ? ` ${issue.keys.join(', ')}` : '';
    throw new InputError(
      `Invalid query parameter ${issue.path[0] ?? ''}${unknown}: ${
        issue.message
      }`,
    );
  }
  return parsed.data;
}

/**
 * The routes behind the template form's pickers and inline host validation,
 * under `/scaffolder`. They answer what the scaffolder actions will decide,
 * so the form can offer only what will pass: the namespaces the signed-in
 * user's teams own (mesh-common's ownership rule, from the catalog the fleet
 * views read), the Services in one of them (from the clusters' caches, with
 * the clusters where that list is not current), and the allowed domains.
 * Users only, with `mesh.config.team.create`; the actions still decide.
 */
export function createScaffolderPickerRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalogService: CatalogService;
  /** The catalog index's current snapshot, and when it was read (undefined: not yet). */
  catalog: () => { snapshot: CatalogSnapshot; readAt?: string };
  clusters: () => readonly Pick<MeshCluster, 'name' | 'view'>[];
  /** `mesh.scaffolder.allowedDomains`, as configured. */
  allowedDomains: readonly string[];
  accessCache?: AccessCacheSettings;
}): express.Router {
  const { httpAuth, userInfo } = options;
  const access = CallerAccess.create({
    catalog: options.catalogService,
    permissions: options.permissions,
    cache: options.accessCache ?? DEFAULT_ACCESS_CACHE,
  });
  const allowedDomains = options.allowedDomains.map(normalizeAllowedDomain);
  const owners = new WeakMap<CatalogSnapshot, NamespaceOwnershipIndex>();
  const ownershipOf = (snapshot: CatalogSnapshot) => {
    let index = owners.get(snapshot);
    if (!index) {
      index = indexNamespaceOwnership(snapshot.namespaces);
      owners.set(snapshot, index);
    }
    return index;
  };

  /** The caller's ownership refs, once they may use the pickers at all. */
  const authorize = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const key = callerKey(credentials, req.headers.authorization);
    if (!(await access.teamConfigCreate(credentials, key))) {
      throw new NotAllowedError(
        `${meshTeamConfigCreatePermission.name} denied`,
      );
    }
    const { userEntityRef, ownershipEntityRefs } = await userInfo.getUserInfo(
      credentials,
    );
    return new Set([userEntityRef, ...ownershipEntityRefs]);
  };

  /**
   * The namespaces owned by one of `refs`, decided without a cluster as the
   * action does when the form names none: every claim must name that owner.
   */
  const ownedNamespaces = (refs: Set<string>): OwnedNamespace[] => {
    const ownership = ownershipOf(options.catalog().snapshot);
    const names = [...new Set(ownership.claims.map(c => c.namespace))].sort();
    return names.flatMap(namespace => {
      const answer = ownership.ownership({ namespace });
      if (answer.status !== 'owned' || !refs.has(answer.owner)) return [];
      return [
        {
          namespace,
          owner: answer.owner,
          claimedBy: answer.claims.map(c => c.entityRef),
        },
      ];
    });
  };

  const router = Router();

  router.get('/scaffolder/namespaces', async (req, res) => {
    const refs = await authorize(req);
    parseQuery(noQuery, req);
    const body: OwnedNamespaces = {
      items: ownedNamespaces(refs),
      // Until the catalog is read the list is empty for everyone: say so.
      catalogReadAt: options.catalog().readAt ?? null,
    };
    res.json(body);
  });

  router.get('/scaffolder/services', async (req, res) => {
    const refs = await authorize(req);
    const { namespace } = parseQuery(servicesQuery, req);
    if (!ownedNamespaces(refs).some(n => n.namespace === namespace)) {
      throw new NotAllowedError(
        `namespace ${namespace} is not owned by your teams in the catalog`,
      );
    }
    const items: OwnedService[] = [];
    const notCurrent: ServicesNotCurrent[] = [];
    for (const { name: cluster, view } of options.clusters()) {
      const state = view.kindState(Kinds.Service);
      if (state.status !== 'synced') {
        notCurrent.push({
          cluster,
          status: state.status,
          ...(state.reason ? { reason: state.reason } : {}),
          ...(state.status === 'stale' ? { since: state.since } : {}),
        });
        // Last known Services are still the best offer; anything else has none.
        if (state.status !== 'stale') continue;
      }
      for (const service of view.list(Kinds.Service, namespace)) {
        const name = service.metadata?.name;
        if (!name) continue;
        const spec = (service.spec ?? {}) as {
          ports?: { port?: unknown; name?: unknown; protocol?: unknown }[];
        };
        items.push({
          name,
          namespace,
          cluster,
          ports: (spec.ports ?? []).flatMap(p =>
            typeof p.port === 'number'
              ? [
                  {
                    port: p.port,
                    ...(typeof p.name === 'string' ? { name: p.name } : {}),
                    ...(typeof p.protocol === 'string'
                      ? { protocol: p.protocol }
                      : {}),
                  },
                ]
              : [],
          ),
        });
      }
    }
    items.sort(
      (a, b) =>
        a.name.localeCompare(b.name, 'en') ||
        a.cluster.localeCompare(b.cluster, 'en'),
    );
    const body: OwnedServices = { items, notCurrent };
    res.json(body);
  });

  router.get('/scaffolder/host-rules', async (req, res) => {
    await authorize(req);
    parseQuery(noQuery, req);
    // The rules themselves are mesh-common's (developerHostRefusal); the
    // form needs only the configuration they read.
    const body: HostRulesSettings = { allowedDomains };
    res.json(body);
  });

  return router;
}
