export interface Config {
  /**
   * Configuration of the Meshwise mesh plugins. Only the backend reads it
   * (the frontend plugin reads no configuration), so none of it is sent to
   * browsers: every setting is `@visibility backend`, the default, said
   * explicitly.
   */
  mesh?: {
    /**
     * Certificates expiring within this many days, or past their renewal
     * time, are reported (finding MW303). Default 30.
     * @visibility backend
     */
    certificateExpiryWindowDays?: number;
    /** Which catalog entities may say who owns a namespace (shared with the scaffolder actions). */
    ownership?: {
      /**
       * Catalog origins (`backstage.io/managed-by-origin-location`, e.g.
       * `url:https://github.com/acme/platform/blob/main/namespaces.yaml`)
       * whose `Resource` entities of type `kubernetes-namespace` count; `*`
       * matches any run of characters. Unset: every origin.
       * @visibility backend
       */
      trustedOrigins?: string[];
    };
    /**
     * Istio's root namespace, where mesh-wide policies and the mesh config
     * live. Default `istio-system`.
     * @visibility backend
     */
    rootNamespace?: string;
    /**
     * Whether the platform requires a deny-by-default NetworkPolicy in every
     * mesh namespace; turns on finding MW702 (seed 003). Default false.
     * @visibility backend
     */
    requireDenyByDefaultNetworkPolicy?: boolean;
    /**
     * Also list and watch Secrets (metadata only), so a gateway credential
     * Secret created by hand is told apart from a missing one (MW301).
     * Default false: RBAC cannot grant metadata-only access to Secrets, so
     * this needs `list`/`watch` on secrets, which also allows reading their
     * data. Off, credentials are decided from cert-manager Certificates and
     * a credential without a Certificate shows as unknown.
     * @visibility backend
     */
    readSecretMetadata?: boolean;
    /**
     * The mesh backend's own credentials per cluster, so that it need not
     * share the Kubernetes plugin's service account (whose proxy must not be
     * open to every user). For a cluster listed here the mesh backend sends
     * this bearer token instead of the cluster's configured auth; the URL
     * and CA still come from `kubernetes.clusterLocatorMethods`. Give it a
     * service account with list/watch only (`deploy/clusterrole.yaml`). An
     * entry naming no cluster there is ignored (and logged).
     */
    clusters?: Array<{
      /**
       * The name of a cluster of `kubernetes.clusterLocatorMethods`.
       * @visibility backend
       */
      name: string;
      /**
       * Bearer token of the mesh backend's own service account in that cluster.
       * @visibility secret
       */
      serviceAccountToken: string;
    }>;
    /** Accepted exceptions: findings to leave out of every answer and count. */
    findings?: {
      /**
       * A finding is suppressed when every field given matches. Globs: `*`
       * matches any run of characters, `?` one character.
       * @visibility backend
       */
      suppress?: Array<{
        /** Finding code, e.g. `MW401` or `MW4*`. */
        code?: string;
        /** Cluster name. */
        cluster?: string;
        /** Namespace of any object the finding names. */
        namespace?: string;
        /**
         * Any object the finding names, as `Kind/namespace/name`
         * (`Kind/name` for cluster-scoped objects), e.g. `Deployment/bookinfo/*`.
         */
        object?: string;
        /** Why the exception is accepted (for readers; not evaluated). */
        reason?: string;
      }>;
    };
    /**
     * History and trends: a scheduled task (one replica at a time) samples
     * the fleet's, each cluster's and each entity's figures into the plugin's
     * database tables; `/history/*` serves them. Durations take any form
     * Backstage reads: `{ hours: 1 }`, `'1h'` or ISO 8601 `'PT1H'`.
     */
    history?: {
      /**
       * Sample and serve history. Default true; false leaves the database
       * alone and the history routes answer 404.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * How often to sample; at least a minute. Default one hour.
       * @visibility backend
       */
      interval?:
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * How long samples (and first-seen times of findings no longer seen)
       * are kept; at least the interval. Default 90 days.
       * @visibility backend
       */
      retention?:
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * How often catalog entities are sampled (one row per catalog service
       * each time, most of the storage); at least the interval. Default six
       * hours, or the interval if longer.
       * @visibility backend
       */
      entityInterval?:
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
    };
    /**
     * Notifications through the notifications backend
     * (`@backstage/plugin-notifications-node`): a scheduled task (one
     * replica at a time) sends each notification once, recorded in the
     * plugin's database. Off by default: the portal must run
     * `@backstage/plugin-notifications-backend` for them to arrive.
     */
    notifications?: {
      /**
       * Send notifications. Default false.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * How often to look for news; at least a minute. Default 5 minutes.
       * @visibility backend
       */
      interval?:
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * At the very first run, record the findings that exist then as sent
       * without sending them, so that turning this on for a large fleet does
       * not flood every team with old news. Default true.
       * @visibility backend
       */
      skipExistingAtFirstRun?: boolean;
      /** The owning team (`spec.owner`) of each entity a finding involves hears of: */
      owners?: {
        /**
         * A certificate entering the expiry window (MW303; again, critical,
         * once it has expired). Default true.
         * @visibility backend
         */
        certificateExpiring?: boolean;
        /**
         * A certificate that is not Ready (MW302). Default true.
         * @visibility backend
         */
        certificateFailed?: boolean;
        /**
         * Any other error-severity finding. Default true.
         * @visibility backend
         */
        errorFindings?: boolean;
      };
      /** The mesh admins hear of fleet-level problems: */
      admins?: {
        /**
         * Entity refs of the mesh admins (groups or users). Default
         * `mesh.scaffolder.adminGroups`.
         * @visibility backend
         */
        recipients?: string[];
        /**
         * A namespace pointing at a revision with no control plane (MW104).
         * Default true.
         * @visibility backend
         */
        revisionWithoutControlPlane?: boolean;
        /**
         * An expired gateway certificate (MW303 as an error). Default true.
         * @visibility backend
         */
        expiredGatewayCertificate?: boolean;
      };
    };
    /**
     * How long the mesh routes remember what a caller was allowed: that an
     * entity is visible to them in the catalog with `mesh.status.read` on
     * it, or `mesh.fleet.read`. Kept per caller (user and token), never
     * shared; refusals and not-found are never kept. A grant withdrawn in
     * the catalog or the permission policy still holds this long.
     */
    accessCache?: {
      /**
       * Seconds a grant is kept, at most 300; 0 asks the catalog and the
       * permission framework on every request. Default 5.
       * @visibility backend
       */
      ttlSeconds?: number;
      /**
       * Most grants kept (least recently used go first). Default 5000.
       * @visibility backend
       */
      maxEntries?: number;
    };
    /** How often derived data is refreshed. */
    refresh?: {
      /**
       * Coalesce a cluster's changes this long before re-analysing the
       * whole cluster (findings, dashboard, fleet rows). Default 300.
       * @visibility backend
       */
      analysisDebounceMs?: number;
      /**
       * Re-analyse a cluster whose latest analysis is older than this, even
       * without changes, since some values depend on the time (days until a
       * certificate expires). Entity statuses computed on request are kept
       * as long. Default 300.
       * @visibility backend
       */
      analysisMaxAgeSeconds?: number;
      /**
       * How often the catalog (service owners, namespace owners) is re-read.
       * Default 120.
       * @visibility backend
       */
      catalogIntervalSeconds?: number;
    };
  };
}
