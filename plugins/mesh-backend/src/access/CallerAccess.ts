import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshFleetReadPermission,
  meshStatusReadPermission,
  meshTeamConfigCreatePermission,
} from '@meshwise/plugin-mesh-common';
import { AccessCache } from './AccessCache';

/** What a caller may do with an entity's mesh status. */
export type EntityStatusAccess =
  /** Visible to the caller in the catalog and `mesh.status.read` allowed on it. */
  | { outcome: 'allowed'; entity: Entity }
  /** Not in the catalog, or not visible to the caller: the same to them. */
  | { outcome: 'not-found' }
  /** Visible, but `mesh.status.read` denied. */
  | { outcome: 'denied' };

/** `mesh.accessCache`: how long grants are kept, and how many. */
export interface AccessCacheSettings {
  /** 0: every request asks the catalog and the permission framework. */
  ttlSeconds: number;
  maxEntries: number;
}

/**
 * Decides what the caller of a route may see: the entity as the catalog
 * shows it to them, and the mesh permissions, through the permission
 * framework. Grants are kept briefly per caller (`AccessCache`, keyed by
 * `callerKey`); a caller without a key is decided afresh every time.
 */
export class CallerAccess {
  private readonly entities: AccessCache<EntityStatusAccess>;
  private readonly fleet: AccessCache<boolean>;
  private readonly teamConfig: AccessCache<boolean>;

  static create(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    cache: AccessCacheSettings;
    now?: () => number;
  }): CallerAccess {
    return new CallerAccess(options);
  }

  private constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      cache: AccessCacheSettings;
      now?: () => number;
    },
  ) {
    const { ttlSeconds, maxEntries } = options.cache;
    const settings = { ttlMs: ttlSeconds * 1000, maxEntries, now: options.now };
    this.entities = new AccessCache(settings);
    this.fleet = new AccessCache(settings);
    this.teamConfig = new AccessCache(settings);
  }

  /** Whether the caller may read `entityRef`'s status, with the entity when so. */
  entityStatus(
    credentials: BackstageCredentials,
    key: string | undefined,
    entityRef: string,
  ): Promise<EntityStatusAccess> {
    const decide = () => this.decideEntityStatus(credentials, entityRef);
    if (!key) return decide();
    return this.entities.remember(`${key}\u0000${entityRef}`, decide, {
      keep: access => access.outcome === 'allowed',
      notAfter: credentials.expiresAt?.getTime(),
    });
  }

  /** Whether the caller has `mesh.fleet.read`. */
  fleetRead(
    credentials: BackstageCredentials,
    key: string | undefined,
  ): Promise<boolean> {
    const decide = () => this.decideFleetRead(credentials);
    if (!key) return decide();
    return this.fleet.remember(key, decide, {
      keep: allowed => allowed === true,
      notAfter: credentials.expiresAt?.getTime(),
    });
  }

  /**
   * Whether the caller has `mesh.config.team.create`: the template form's
   * pickers serve those who may ask for team changes, nobody else.
   */
  teamConfigCreate(
    credentials: BackstageCredentials,
    key: string | undefined,
  ): Promise<boolean> {
    const decide = async () => {
      const [decision] = await this.options.permissions.authorize(
        [{ permission: meshTeamConfigCreatePermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    };
    if (!key) return decide();
    return this.teamConfig.remember(key, decide, {
      keep: allowed => allowed === true,
      notAfter: credentials.expiresAt?.getTime(),
    });
  }

  private async decideEntityStatus(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<EntityStatusAccess> {
    const { catalog, permissions } = this.options;
    // Read as the caller: an entity they cannot see is one that does not exist.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) return { outcome: 'not-found' };
    const [decision] = await permissions.authorize(
      [{ permission: meshStatusReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW
      ? { outcome: 'allowed', entity }
      : { outcome: 'denied' };
  }

  private async decideFleetRead(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    // Service principals (the scaffolder's host check) are allowed by the
    // permission framework itself; users go through the policy.
    const [decision] = await this.options.permissions.authorize(
      [{ permission: meshFleetReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}
