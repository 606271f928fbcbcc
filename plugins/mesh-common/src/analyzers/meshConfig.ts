import { parse } from 'yaml';
import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import { asRecord, str } from '../util/safe';
import { AnalysisContext, memoize } from './AnalysisContext';
import { resolveRevision, targetRevision } from './controlPlane';
import { podRevision } from './dataPlane';
import { DEFAULT_REVISION } from './istioConventions';
import { hasSidecar, isTerminated } from './pods';

/** A revision's mesh config, or why it cannot be read. */
export type MeshConfigLookup =
  | {
      found: true;
      /** The ConfigMap it was read from. */
      ref: ObjectRef;
      /** `data.mesh`, parsed (an empty mesh config is `{}`). */
      mesh: Readonly<Record<string, unknown>>;
    }
  | {
      found: false;
      /** ConfigMaps unreadable, no ConfigMap, or `data.mesh` that is not a YAML mapping. */
      reason: 'unreadable' | 'missing' | 'invalid';
      ref?: ObjectRef;
    };

/** The mesh config ConfigMap of a revision: `istio`, `istio-<rev>` for a named one. */
export function meshConfigMapName(revision: string): string {
  return revision === '' || revision === DEFAULT_REVISION
    ? 'istio'
    : `istio-${revision}`;
}

// Parsed once per ConfigMap object (objects in the view are immutable).
const parsed = new WeakMap<KubeObject, Record<string, unknown> | undefined>();

function parseMesh(cm: KubeObject): Record<string, unknown> | undefined {
  if (parsed.has(cm)) return parsed.get(cm);
  const text = str(cm, 'data', 'mesh') ?? '';
  let mesh: Record<string, unknown> | undefined;
  try {
    const value: unknown = parse(text);
    mesh = value === null || value === undefined ? {} : asRecord(value);
  } catch {
    mesh = undefined; // istiod would not load it either
  }
  parsed.set(cm, mesh);
  return mesh;
}

/**
 * The mesh config a revision's istiod runs with: `data.mesh` of the
 * ConfigMap `istio-<rev>` (`istio` for the default revision) in the root
 * namespace, read as the YAML it is; `istio` when the revision has none of
 * its own. A revision tag reads its target revision's.
 */
export function meshConfig(
  ctx: AnalysisContext,
  revision: string,
): MeshConfigLookup {
  if (!ctx.isSynced(Kinds.ConfigMap))
    return { found: false, reason: 'unreadable' };
  const root = ctx.config.rootNamespace;
  const target = targetRevision(resolveRevision(ctx, revision));
  const cm =
    ctx.view.get(Kinds.ConfigMap, root, meshConfigMapName(target)) ??
    ctx.view.get(Kinds.ConfigMap, root, meshConfigMapName(DEFAULT_REVISION));
  if (!cm) return { found: false, reason: 'missing' };
  const ref = ctx.ref(cm, Kinds.ConfigMap);
  const mesh = parseMesh(cm);
  return mesh
    ? { found: true, ref, mesh }
    : { found: false, reason: 'invalid', ref };
}

/**
 * Whether auto mTLS is on for a revision's proxies (`enableAutoMtls`, on
 * unless the mesh config sets it to false); `unknown` without a readable
 * mesh config.
 */
export function autoMtlsEnabled(
  ctx: AnalysisContext,
  revision: string,
): boolean | 'unknown' {
  const config = meshConfig(ctx, revision);
  if (!config.found) return 'unknown';
  return config.mesh.enableAutoMtls !== false;
}

/** A revision whose mesh config turns auto mTLS off, with the ConfigMap that says so. */
export interface AutoMtlsOff {
  revision: string;
  ref: ObjectRef;
}

/**
 * The revisions of the cluster's running sidecars (tags resolved) whose
 * mesh config turns auto mTLS off: those proxies send plaintext wherever no
 * DestinationRule sets TLS.
 */
export function sidecarRevisionsWithoutAutoMtls(
  ctx: AnalysisContext,
): readonly AutoMtlsOff[] {
  return memoize(
    ctx.view,
    `autoMtlsOff:${ctx.config.rootNamespace}`,
    [
      Kinds.ConfigMap,
      Kinds.Pod,
      Kinds.Deployment,
      Kinds.MutatingWebhookConfiguration,
    ],
    () => {
      const revisions = new Set<string>();
      for (const pod of ctx.view.list(Kinds.Pod))
        if (hasSidecar(pod) && !isTerminated(pod))
          revisions.add(targetRevision(resolveRevision(ctx, podRevision(pod))));
      const off: AutoMtlsOff[] = [];
      for (const revision of [...revisions].sort()) {
        const config = meshConfig(ctx, revision);
        if (config.found && config.mesh.enableAutoMtls === false)
          off.push({ revision, ref: config.ref });
      }
      return off;
    },
  );
}

/** Istio's trust domain when the mesh config sets none; in policies it always names the local one. */
export const CLUSTER_LOCAL_TRUST_DOMAIN = 'cluster.local';

/** The trust domains a principal may name and still be one of this mesh's identities. */
export interface KnownTrustDomains {
  domains: ReadonlySet<string>;
  /** Whether the mesh config was read; without it only `cluster.local` is known. */
  fromMeshConfig: boolean;
}

/**
 * The trust domains istiod treats as local in AuthorizationPolicy
 * principals: the mesh config's `trustDomain` (cluster.local when unset) and
 * `trustDomainAliases`, and always `cluster.local`, which istiod rewrites to
 * the local trust domain. Read from the default revision's mesh config, the
 * one Kiali reads too.
 */
export function knownTrustDomains(ctx: AnalysisContext): KnownTrustDomains {
  const domains = new Set([CLUSTER_LOCAL_TRUST_DOMAIN]);
  const config = meshConfig(ctx, DEFAULT_REVISION);
  if (!config.found) return { domains, fromMeshConfig: false };
  const { trustDomain, trustDomainAliases } = config.mesh;
  if (typeof trustDomain === 'string' && trustDomain) domains.add(trustDomain);
  if (Array.isArray(trustDomainAliases))
    for (const alias of trustDomainAliases)
      if (typeof alias === 'string' && alias) domains.add(alias);
  return { domains, fromMeshConfig: true };
}
