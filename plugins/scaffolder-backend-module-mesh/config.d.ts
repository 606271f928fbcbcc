export interface Config {
  mesh?: {
    /**
     * Istio's root namespace, where mesh-wide policies live; the same setting
     * the mesh backend reads. Only mesh admins may write there. Default
     * `istio-system`.
     * @visibility backend
     */
    rootNamespace?: string;
    /** Which catalog entities may say who owns a namespace (shared with the mesh backend). */
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
     * Settings of the mesh scaffolder actions (`mesh:*`): who is a mesh admin,
     * what application developers may expose, and where generated manifests go
     * in the GitOps repository.
     */
    scaffolder?: {
      /**
       * Entity refs of the groups whose members are mesh admins, for example
       * `group:default/mesh-admins`. Membership alone is not enough: the
       * permission policy must also allow `mesh.config.admin.create`.
       * @visibility backend
       */
      adminGroups?: string[];
      /**
       * DNS domains application developers may expose hosts under; a host
       * matches a domain when it equals it or is a subdomain of it
       * (e.g. `appk8s.com` allows `productpage.bookinfo.appk8s.com`).
       * @visibility backend
       */
      allowedDomains?: string[];
      /**
       * Not read: the root namespace is `mesh.rootNamespace`. A value that
       * differs from it stops start-up.
       * @visibility backend
       * @deprecated Use mesh.rootNamespace
       */
      rootNamespace?: string;
      /**
       * Namespace of the shared ingress gateway deployment, where Gateway
       * credentials (Certificates and their Secrets) must live. Default: the root namespace.
       * @visibility backend
       */
      gatewayNamespace?: string;
      /**
       * Labels of the shared ingress gateway pods, used as the Istio Gateway
       * selector and by the ingress JWT DENY policy. Default `{ istio: ingressgateway }`.
       * @visibility backend
       */
      ingressGatewaySelector?: { [label: string]: string };
      /**
       * GatewayClass used for Gateway API gateways. Default `istio`.
       * @visibility backend
       */
      gatewayClassName?: string;
      /**
       * cert-manager issuer that signs gateway certificates (seed 003 uses the
       * Vault `Issuer` `vault-issuer` in istio-system).
       * @visibility backend
       */
      issuerRef?: {
        /** @visibility backend */
        name: string;
        /** `Issuer` (default) or `ClusterIssuer`. @visibility backend */
        kind?: string;
        /** Default `cert-manager.io`. @visibility backend */
        group?: string;
      };
      /**
       * Istio trust domain used in principals (`<trustDomain>/ns/<ns>/sa/<sa>`). Default `cluster.local`.
       * @visibility backend
       */
      trustDomain?: string;
      /**
       * Kubernetes cluster DNS domain used for service hosts. Default `cluster.local`.
       * @visibility backend
       */
      clusterDomain?: string;
      /**
       * Where generated manifests are written inside the repository. Placeholders:
       * `{team}`, `{namespace}`, `{cluster}`.
       * @visibility backend
       */
      gitops?: {
        /** Team-owned resources. Default `teams/{team}/{namespace}`. @visibility backend */
        teamPath?: string;
        /** Mesh-admin-owned resources. Default `mesh-admin/{namespace}`. @visibility backend */
        adminPath?: string;
      };
      /**
       * Reviewers requested on pull requests that touch mesh-admin-owned paths.
       * @visibility backend
       */
      meshAdminReviewers?: {
        /** GitHub user logins. @visibility backend */
        users?: string[];
        /** GitHub team slugs. @visibility backend */
        teams?: string[];
      };
    };
  };
}
