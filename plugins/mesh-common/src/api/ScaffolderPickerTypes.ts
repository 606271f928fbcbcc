// The answers of the mesh backend's /scaffolder routes, which the template
// form's pickers and inline validation read.

/** A namespace the signed-in user's teams own (mesh-common's ownership rule). */
export interface OwnedNamespace {
  namespace: string;
  /** Full ref of the owner, one of the user's ownership refs. */
  owner: string;
  /** The catalog entities that claim it, e.g. `resource:default/bookinfo`. */
  claimedBy: string[];
}

/** A Kubernetes Service in one of the user's namespaces, from a cluster's cache. */
export interface OwnedService {
  name: string;
  namespace: string;
  cluster: string;
  ports: { port: number; name?: string; protocol?: string }[];
}

/** A cluster whose Services could not be listed as current. */
export interface ServicesNotCurrent {
  cluster: string;
  /** The Service kind's state there (`stale`, `forbidden`, `pending`, …). */
  status: string;
  reason?: string;
  /** For `stale`: when the listed Services were last known to be current. */
  since?: string;
}

/** GET /scaffolder/namespaces */
export interface OwnedNamespaces {
  items: OwnedNamespace[];
  /** When the backend last read the catalog; null: not yet, so the list proves nothing. */
  catalogReadAt: string | null;
}

/** GET /scaffolder/services?namespace= */
export interface OwnedServices {
  items: OwnedService[];
  notCurrent: ServicesNotCurrent[];
}

/** GET /scaffolder/host-rules: what mesh-common's developer host rules read. */
export interface HostRulesSettings {
  /** `mesh.scaffolder.allowedDomains`, normalized; empty: no host is open to developers. */
  allowedDomains: string[];
}
