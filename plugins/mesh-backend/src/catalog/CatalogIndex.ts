import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_NAMESPACE_RESOURCE_TYPE,
  NamespaceClaimTrust,
} from '@meshwise/plugin-mesh-common';
import {
  CATALOG_FIELDS,
  CatalogSnapshot,
  buildCatalogSnapshot,
} from './CatalogSnapshot';

/**
 * An in-memory index of the catalog entities the fleet views need (services
 * and namespace owners), refreshed on a schedule with the plugin's own
 * credentials, never per request: the fleet views are the same for everyone
 * allowed to see them. Until the first refresh it is empty.
 */
export class CatalogIndex {
  private current: CatalogSnapshot = buildCatalogSnapshot([]);
  private loadedAt?: string;
  private readonly listeners = new Set<() => void>();

  /** An index that reads the catalog service as the plugin itself. */
  static fromCatalog(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    /** `mesh.ownership`: which catalog entities may claim namespaces. */
    ownership?: NamespaceClaimTrust;
  }): CatalogIndex {
    const { catalog, auth } = options;
    return CatalogIndex.create({
      logger: options.logger,
      ownership: options.ownership,
      load: async () => {
        const credentials = await auth.getOwnServiceCredentials();
        const { items } = await catalog.getEntities(
          {
            filter: [
              { kind: 'Component' },
              {
                kind: 'Resource',
                'spec.type': KUBERNETES_NAMESPACE_RESOURCE_TYPE,
              },
            ],
            fields: CATALOG_FIELDS,
          },
          { credentials },
        );
        return items;
      },
    });
  }

  /** An index over any entity source (benchmarks and scripts pass entities directly). */
  static create(options: {
    load: () => Promise<Entity[]>;
    logger: LoggerService;
    ownership?: NamespaceClaimTrust;
  }): CatalogIndex {
    return new CatalogIndex(
      options.load,
      options.logger,
      options.ownership ?? {},
    );
  }

  private constructor(
    private readonly load: () => Promise<Entity[]>,
    private readonly logger: LoggerService,
    private readonly ownership: NamespaceClaimTrust,
  ) {}

  snapshot(): CatalogSnapshot {
    return this.current;
  }

  /** When the catalog was last read (ISO 8601), if ever. */
  get refreshedAt(): string | undefined {
    return this.loadedAt;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * At start-up the catalog may not have ingested its locations yet: re-read
   * every `intervalMs` until the index holds something (or `attempts` run
   * out), instead of showing empty fleet views until the next scheduled
   * refresh. Returns a function that stops it.
   */
  warmUp(options: { intervalMs: number; attempts: number }): () => void {
    let timer: NodeJS.Timeout | undefined;
    let left = options.attempts;
    let stopped = false;
    const tick = async () => {
      timer = undefined;
      if (stopped || left-- <= 0 || !this.isEmpty()) return;
      await this.refresh();
      if (!stopped && this.isEmpty()) {
        timer = setTimeout(tick, options.intervalMs);
        timer.unref?.();
      }
    };
    timer = setTimeout(tick, options.intervalMs);
    timer.unref?.();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  private isEmpty(): boolean {
    return (
      this.current.services.length === 0 && this.current.namespaces.length === 0
    );
  }

  /** Re-reads the catalog; on failure keeps the previous index and logs. Never rejects. */
  async refresh(): Promise<void> {
    let next: CatalogSnapshot;
    try {
      next = buildCatalogSnapshot(await this.load(), this.ownership);
      this.loadedAt = new Date().toISOString();
    } catch (error) {
      this.logger.warn(
        `Could not read the catalog for the mesh fleet views: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return;
    }
    // Most scheduled refreshes find nothing new; listeners re-analyse every
    // cluster, so they hear only of a change.
    if (sameContent(next, this.current)) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener();
  }
}

function sameContent(a: CatalogSnapshot, b: CatalogSnapshot): boolean {
  return (
    a.services.length === b.services.length &&
    a.namespaces.length === b.namespaces.length &&
    JSON.stringify([a.services, a.namespaces]) ===
      JSON.stringify([b.services, b.namespaces])
  );
}
