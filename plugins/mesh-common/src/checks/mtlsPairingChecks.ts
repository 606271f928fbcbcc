import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, at, namespaceOf, nameOf, rec, str } from '../util/safe';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { autoMtlsEnabled } from '../analyzers/meshConfig';
import { DEFAULT_REVISION } from '../analyzers/istioConventions';
import { describe, listNames } from './findingText';

/*
 * The mesh-wide and namespace-wide halves of mTLS, as Kiali's
 * PeerAuthentication and DestinationRule mTLS checkers pair them
 * (business/checkers/peerauthentications/*, destinationrules/*_mtls_checker.go,
 * kubernetes/istio.go). Istio's documented pattern: a PeerAuthentication
 * without selector sets what a namespace (or, in the root namespace, the
 * mesh) accepts; a DestinationRule for host `*.local` (mesh) or
 * `*.<ns>.svc.<cluster domain>` (namespace) with ISTIO_MUTUAL makes clients
 * send it. Without auto mTLS, one half without the other breaks traffic or
 * leaves it in plaintext.
 */

const MESH_WIDE_HOST = '*.local';

const namespaceWideHost = (ctx: AnalysisContext, namespace: string) =>
  `*.${namespace}.svc.${ctx.config.clusterDomain}`;

/** The TLS mode of a DestinationRule's whole-host traffic policy. */
const drTlsMode = (dr: KubeObject) =>
  str(dr, 'spec', 'trafficPolicy', 'tls', 'mode');

/** Kiali's PeerAuthnHasMTLSEnabled: the mode of a PeerAuthentication with no selector field at all. */
function selectorlessMode(pa: KubeObject): string | undefined {
  if (at(pa, 'spec', 'selector') !== undefined) return undefined;
  return str(pa, 'spec', 'mtls', 'mode');
}

/** Enabled in Kiali's sense: STRICT or PERMISSIVE accept mTLS. */
const acceptsMtls = (pa: KubeObject) => {
  const mode = selectorlessMode(pa);
  return mode === 'STRICT' || mode === 'PERMISSIVE';
};

/** The DestinationRules for a host as written, from an index built once per view version. */
function drsForHost(ctx: AnalysisContext, host: string): KubeObject[] {
  const byHost = memoize(
    ctx.view,
    'destinationRulesByHost',
    [Kinds.DestinationRule],
    () => {
      const index = new Map<string, KubeObject[]>();
      for (const dr of ctx.view.list(Kinds.DestinationRule)) {
        const key = str(dr, 'spec', 'host') ?? '';
        index.set(key, [...(index.get(key) ?? []), dr]);
      }
      return index;
    },
  );
  return byHost.get(host) ?? [];
}

const sendsMtls = (dr: KubeObject) => drTlsMode(dr) === 'ISTIO_MUTUAL';
const sendsTls = (dr: KubeObject) =>
  drTlsMode(dr) === 'ISTIO_MUTUAL' || drTlsMode(dr) === 'MUTUAL';

/**
 * Auto mTLS of the default revision's mesh config (what Kiali reads from
 * istiod); undefined when the mesh config cannot be read, so nothing is
 * decided.
 */
function autoMtlsOff(ctx: AnalysisContext): boolean | undefined {
  const enabled = autoMtlsEnabled(ctx, DEFAULT_REVISION);
  return enabled === 'unknown' ? undefined : !enabled;
}

/**
 * MW205 (KIA0205 mesh-wide, KIA0206 namespace-wide): a DestinationRule
 * that sends ISTIO_MUTUAL to the whole mesh or namespace while auto mTLS is
 * off and no PeerAuthentication there (or, for a namespace, in the root
 * namespace) accepts mTLS.
 */
export function destinationRuleWithoutPeerAuthenticationFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  if (!sendsMtls(dr) || !ctx.isSynced(Kinds.PeerAuthentication)) return [];
  const host = str(dr, 'spec', 'host');
  const namespace = namespaceOf(dr) ?? '';
  const root = ctx.config.rootNamespace;
  let scope: { what: string; namespaces: string[] } | undefined;
  if (host === MESH_WIDE_HOST)
    scope = { what: 'the whole mesh', namespaces: [root] };
  else if (host === namespaceWideHost(ctx, namespace))
    scope = { what: `namespace ${namespace}`, namespaces: [namespace, root] };
  if (!scope || autoMtlsOff(ctx) !== true) return [];
  const accepting = scope.namespaces.some(ns =>
    ctx.view.list(Kinds.PeerAuthentication, ns).some(acceptsMtls),
  );
  if (accepting) return [];
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  return [
    ctx.finding({
      code: 'MW205',
      objects: [ref],
      message: `${describe(ref)} makes clients send ISTIO_MUTUAL to ${
        scope.what
      }, auto mTLS is off, and no PeerAuthentication without selector in ${listNames(
        scope.namespaces,
      )} sets STRICT or PERMISSIVE: the mTLS setup is half done.`,
      remediation: `Add a PeerAuthentication named default without selector in ${scope.namespaces[0]} with mtls.mode STRICT (or PERMISSIVE while migrating).`,
    }),
  ];
}

/**
 * MW206 (KIA0401 mesh-wide, KIA0501 namespace-wide): a PeerAuthentication
 * without selector requiring STRICT mTLS while auto mTLS is off and no
 * DestinationRule for `*.local` (or the namespace's `*.<ns>.svc` host) sends
 * ISTIO_MUTUAL: clients send plaintext, which STRICT refuses.
 * MW207 (KIA0506 mesh-wide, KIA0505 namespace-wide): one setting DISABLE
 * while such a DestinationRule sends (ISTIO_)MUTUAL: clients send TLS the
 * servers do not accept. A namespace-wide DestinationRule that disables TLS
 * overrides the mesh-wide one.
 */
export function peerAuthenticationWithoutDestinationRuleFindings(
  ctx: AnalysisContext,
  pa: KubeObject,
): Finding[] {
  const mode = selectorlessMode(pa);
  if (mode !== 'STRICT' && mode !== 'DISABLE') return [];
  if (!ctx.isSynced(Kinds.DestinationRule)) return [];
  const namespace = namespaceOf(pa) ?? '';
  const meshWide = namespace === ctx.config.rootNamespace;
  const scope = meshWide ? 'the whole mesh' : `namespace ${namespace}`;
  const meshDrs = drsForHost(ctx, MESH_WIDE_HOST);
  const nsHost = namespaceWideHost(ctx, namespace);
  const nsDrs = meshWide ? [] : drsForHost(ctx, nsHost);
  const ref = ctx.ref(pa, Kinds.PeerAuthentication);
  if (mode === 'STRICT') {
    if (autoMtlsOff(ctx) !== true) return [];
    if ([...meshDrs, ...nsDrs].some(sendsMtls)) return [];
    return [
      ctx.finding({
        code: 'MW206',
        objects: [ref],
        message: `${describe(
          ref,
        )} requires STRICT mTLS for ${scope}, but auto mTLS is off and no DestinationRule for ${
          meshWide ? MESH_WIDE_HOST : `${nsHost} or ${MESH_WIDE_HOST}`
        } sends ISTIO_MUTUAL: clients send plaintext, which is refused.`,
        remediation: `Add a DestinationRule for host ${
          meshWide ? MESH_WIDE_HOST : nsHost
        } with trafficPolicy.tls.mode ISTIO_MUTUAL, or turn auto mTLS back on (enableAutoMtls in the mesh config).`,
      }),
    ];
  }
  const nsTls = nsDrs.filter(sendsTls);
  const nsDisabled = nsDrs.some(dr => drTlsMode(dr) === 'DISABLE');
  // A namespace-wide rule decides for the namespace; only without one does
  // the mesh-wide rule count.
  let conflicting = nsTls;
  if (!nsTls.length && !nsDisabled) conflicting = meshDrs.filter(sendsTls);
  if (!conflicting.length) return [];
  const drRefs = conflicting.map(dr => ctx.ref(dr, Kinds.DestinationRule));
  return [
    ctx.finding({
      code: 'MW207',
      objects: [ref, ...drRefs],
      message: `${describe(ref)} disables mTLS for ${scope}, but ${listNames(
        drRefs.map(describe),
      )} makes clients send ${listNames(
        conflicting.map(dr => drTlsMode(dr) ?? ''),
      )}: the servers refuse it.`,
      remediation: `Add a DestinationRule for host ${
        meshWide ? MESH_WIDE_HOST : nsHost
      } with trafficPolicy.tls.mode DISABLE, or stop disabling mTLS in ${
        nameOf(pa) ?? ''
      }.`,
    }),
  ];
}

/** Whether a DestinationRule sets TLS for the host or for some port. */
const hasTlsSettings = (dr: KubeObject) =>
  !!rec(dr, 'spec', 'trafficPolicy', 'tls') ||
  arr(dr, 'spec', 'trafficPolicy', 'portLevelSettings').some(
    p => !!rec(p, 'tls'),
  );

/** The namespace of a cluster-local host as a DestinationRule names it (short name: the rule's own). */
function hostNamespace(
  ctx: AnalysisContext,
  host: string,
  drNamespace: string,
): string | undefined {
  const h = host.toLowerCase();
  if (!h.includes('.')) return drNamespace;
  const suffix = `.svc.${ctx.config.clusterDomain.toLowerCase()}`;
  if (!h.endsWith(suffix)) return undefined;
  const parts = h.slice(0, -suffix.length).split('.');
  return parts.length === 2 ? parts[1] : undefined;
}

/**
 * MW208 (KIA0204): a DestinationRule without TLS settings for a host that a
 * mesh-wide (`*.local`) or namespace-wide ISTIO_MUTUAL DestinationRule also
 * covers: Istio applies only the most specific rule, so its mTLS setting is
 * dropped for this host. Unlike Kiali, hosts outside the cluster (which
 * `*.local` does not cover) are left alone.
 */
export function mtlsOverriddenFindings(
  ctx: AnalysisContext,
  dr: KubeObject,
): Finding[] {
  if (hasTlsSettings(dr)) return [];
  const host = str(dr, 'spec', 'host') ?? '';
  const ns = hostNamespace(ctx, host, namespaceOf(dr) ?? '');
  if (!host || host.startsWith('*') || ns === undefined) return [];
  const covering = [
    ...drsForHost(ctx, MESH_WIDE_HOST),
    ...drsForHost(ctx, namespaceWideHost(ctx, ns)),
  ].filter(other => other !== dr && sendsMtls(other));
  if (!covering.length) return [];
  const ref = ctx.ref(dr, Kinds.DestinationRule);
  const refs = covering.map(other => ctx.ref(other, Kinds.DestinationRule));
  return [
    ctx.finding({
      code: 'MW208',
      objects: [ref, ...refs],
      message: `${describe(
        ref,
      )} sets no TLS for ${host}, so it overrides the ISTIO_MUTUAL of ${listNames(
        refs.map(describe),
      )} for that host: Istio applies only the most specific DestinationRule${
        autoMtlsOff(ctx) === true
          ? ', and with auto mTLS off clients send plaintext'
          : ''
      }.`,
      remediation: `Add trafficPolicy.tls.mode ISTIO_MUTUAL to ${describe(
        ref,
      )}.`,
    }),
  ];
}
