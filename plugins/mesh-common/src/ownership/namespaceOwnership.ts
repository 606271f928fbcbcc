import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '../annotations';
import { compareStrings } from '../util/compareStrings';

/**
 * The one rule for "which team owns Kubernetes namespace N (in cluster C)",
 * read from catalog `Resource` entities of this `spec.type`. The mesh backend
 * (fleet views, host claims) and the scaffolder actions (who may write where)
 * both answer from here.
 */
export const KUBERNETES_NAMESPACE_RESOURCE_TYPE = 'kubernetes-namespace';

/** The minimal shape of a catalog entity this module reads. */
export interface NamespaceResourceEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: { readonly [key: string]: unknown };
}

/** One catalog entity's statement that a team owns a namespace. */
export interface NamespaceClaim {
  /** The `backstage.io/kubernetes-namespace` annotation if set, else `metadata.name`. */
  namespace: string;
  /** From `backstage.io/kubernetes-cluster`; absent means the namespace of that name in every cluster. */
  cluster?: string;
  /** Full entity ref of the owner, e.g. `group:default/storefront`. */
  owner: string;
  /** The entity that makes the claim, e.g. `resource:default/bookinfo`. */
  entityRef: string;
}

/**
 * An entity's `spec.owner` as a full entity ref, read as Backstage reads it:
 * kind `group` and the entity's own namespace unless the ref says otherwise.
 * Undefined when missing or not a valid entity ref.
 */
export function ownerRefOf(entity: {
  metadata: { namespace?: string };
  spec?: { readonly [key: string]: unknown };
}): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/** Set by the catalog on every entity it reads: the location it was first registered from. */
const ORIGIN_LOCATION_ANNOTATION = 'backstage.io/managed-by-origin-location';

/**
 * Which catalog entities may claim namespaces (`mesh.ownership`). Whoever may
 * register a catalog location can publish a namespace `Resource`; listing the
 * origins that are trusted (the platform team's catalog repository, say)
 * keeps everyone else's claims out, so an unclaimed namespace cannot be taken
 * by registering one.
 */
export interface NamespaceClaimTrust {
  /**
   * Origin locations (`backstage.io/managed-by-origin-location`, e.g.
   * `url:https://github.com/acme/platform/blob/main/namespaces.yaml`) whose
   * claims count; `*` matches any run of characters. Absent: every origin.
   */
  trustedOrigins?: readonly string[];
}

/** Reads `mesh.ownership` from app-config: the one reader, for the backend and the scaffolder actions. */
export function readNamespaceClaimTrust(config: {
  getOptionalStringArray(key: string): string[] | undefined;
}): NamespaceClaimTrust {
  const trustedOrigins = config.getOptionalStringArray(
    'mesh.ownership.trustedOrigins',
  );
  return trustedOrigins ? { trustedOrigins } : {};
}

function globMatches(pattern: string, value: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === value;
  if (!value.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  const last = parts[parts.length - 1];
  return value.length - last.length >= at && value.endsWith(last);
}

/** Whether the entity comes from a trusted origin (always, when no origins are listed). */
function isTrusted(
  entity: NamespaceResourceEntity,
  trust: NamespaceClaimTrust,
): boolean {
  if (!trust.trustedOrigins) return true;
  const origin = entity.metadata.annotations?.[ORIGIN_LOCATION_ANNOTATION];
  return (
    origin !== undefined &&
    trust.trustedOrigins.some(pattern => globMatches(pattern, origin))
  );
}

/**
 * The claim a `Resource` of `spec.type: kubernetes-namespace` makes, or
 * undefined for any other entity, an entity from an origin `trust` leaves
 * out, and an owner that is not a valid entity ref ({@link ownerRefOf}).
 */
export function namespaceClaimOf(
  entity: NamespaceResourceEntity,
  trust: NamespaceClaimTrust = {},
): NamespaceClaim | undefined {
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    entity.spec?.type !== KUBERNETES_NAMESPACE_RESOURCE_TYPE ||
    !isTrusted(entity, trust)
  ) {
    return undefined;
  }
  const owner = ownerRefOf(entity);
  if (!owner) return undefined;
  const annotations = entity.metadata.annotations ?? {};
  const cluster = annotations[KUBERNETES_CLUSTER_ANNOTATION]?.trim();
  return {
    namespace:
      annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() ||
      entity.metadata.name,
    ...(cluster ? { cluster } : {}),
    owner,
    entityRef: stringifyEntityRef({
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      name: entity.metadata.name,
    }),
  };
}

/** Who owns a namespace, as the catalog says. */
export type NamespaceOwnership =
  /** Every deciding claim names this owner. */
  | { status: 'owned'; owner: string; claims: NamespaceClaim[] }
  /** Deciding claims name different owners; nobody owns it until the catalog is fixed. */
  | { status: 'ambiguous'; claims: NamespaceClaim[] }
  | { status: 'unowned' };

/** Where a namespace lives; without a cluster (or a blank one), the namespace of that name in any cluster. */
export interface NamespaceLocation {
  namespace: string;
  cluster?: string;
}

export interface NamespaceOwnershipIndex {
  readonly claims: readonly NamespaceClaim[];
  /**
   * In a cluster, the claims naming that cluster and the cluster-less ones
   * decide; without a cluster, every claim for the namespace, since the
   * answer must hold wherever it lands. Deciding claims that name different
   * owners make the namespace ambiguous: a claim for one cluster does not
   * override a cluster-less one, or anyone who may register an entity could
   * take a namespace over in one cluster by naming it.
   */
  ownership(location: NamespaceLocation): NamespaceOwnership;
  /** The owner when there is exactly one; undefined when unowned or ambiguous. */
  ownerOf(location: NamespaceLocation): string | undefined;
}

function decide(claims: NamespaceClaim[]): NamespaceOwnership {
  if (claims.length === 0) return { status: 'unowned' };
  const sorted = [...claims].sort((a, b) =>
    compareStrings(a.entityRef, b.entityRef),
  );
  const owners = new Set(sorted.map(c => c.owner));
  return owners.size === 1
    ? { status: 'owned', owner: sorted[0].owner, claims: sorted }
    : { status: 'ambiguous', claims: sorted };
}

/** Indexes claims by namespace for the ownership rule of {@link NamespaceOwnershipIndex}. */
export function indexNamespaceOwnership(
  claims: readonly NamespaceClaim[],
): NamespaceOwnershipIndex {
  const byNamespace = new Map<string, NamespaceClaim[]>();
  for (const claim of claims) {
    const list = byNamespace.get(claim.namespace);
    if (list) list.push(claim);
    else byNamespace.set(claim.namespace, [claim]);
  }
  const ownership = ({
    namespace,
    cluster,
  }: NamespaceLocation): NamespaceOwnership => {
    const all = byNamespace.get(namespace) ?? [];
    const wanted = cluster?.trim();
    if (!wanted) return decide(all);
    return decide(
      all.filter(c => c.cluster === undefined || c.cluster === wanted),
    );
  };
  return {
    claims,
    ownership,
    ownerOf: location => {
      const answer = ownership(location);
      return answer.status === 'owned' ? answer.owner : undefined;
    },
  };
}

/** `resource:default/a (owner group:default/x) and resource:default/b in cluster prod (owner group:default/y)` */
export function describeNamespaceClaims(
  claims: readonly NamespaceClaim[],
): string {
  const parts = claims.map(
    c =>
      `${c.entityRef}${c.cluster ? ` in cluster ${c.cluster}` : ''} (owner ${
        c.owner
      })`,
  );
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : parts.join('');
}
