import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject, ObjectRef } from '../types/kube';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { policyRequiresJwt, policyScopeFor } from '../analyzers/authorization';
import { podInMesh } from '../analyzers/dataPlane';
import { GATEWAY_NAME_LABEL } from '../analyzers/istioConventions';
import { knownTrustDomains } from '../analyzers/meshConfig';
import { workloadSelectorOf } from '../analyzers/mtls';
import {
  arr,
  labelsOf,
  nameOf,
  namespaceOf,
  rec,
  str,
  strings,
  uniq,
} from '../util/safe';
import { formatLabelSelector } from '../view/labelSelector';
import { compareStrings } from '../util/compareStrings';
import { describe } from './findingText';

/** Labels that differ per pod of one workload; ignored when deduplicating label sets. */
const PER_POD_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
]);

function labelSetKey(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => !PER_POD_LABELS.has(k))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Pods a selector-based Istio policy applies to (cluster-wide from the root namespace). */
function podsForSelector(
  ctx: AnalysisContext,
  policy: KubeObject,
  selector: Record<string, string>,
): readonly KubeObject[] {
  const ns = namespaceOf(policy) ?? '';
  return ctx.view.selectByLabels(
    Kinds.Pod,
    ns === ctx.config.rootNamespace ? undefined : ns,
    { matchLabels: selector },
  );
}

/** Pods an AuthorizationPolicy / RequestAuthentication applies to. */
export function podsForPolicy(
  ctx: AnalysisContext,
  policy: KubeObject,
): readonly KubeObject[] {
  const ns = namespaceOf(policy) ?? '';
  const targetRefs = arr(policy, 'spec', 'targetRefs');
  if (targetRefs.length) {
    return targetRefs.flatMap(t => {
      const name = str(t, 'name');
      if (!name || str(t, 'kind') !== 'Gateway') return [];
      return [
        ...ctx.view.selectByLabels(Kinds.Pod, ns, {
          matchLabels: { [GATEWAY_NAME_LABEL]: name },
        }),
      ];
    });
  }
  const selector = workloadSelectorOf(policy);
  if (selector) return podsForSelector(ctx, policy, selector);
  return ns === ctx.config.rootNamespace
    ? ctx.view.list(Kinds.Pod)
    : ctx.view.list(Kinds.Pod, ns);
}

/** MW402 / IST0127: a selector that matches no pod makes the policy a no-op. */
function noMatchFinding(
  ctx: AnalysisContext,
  policy: KubeObject,
  ref: ObjectRef,
): Finding | undefined {
  const selector = workloadSelectorOf(policy);
  if (!selector || !ctx.isSynced(Kinds.Pod)) return undefined;
  if (podsForSelector(ctx, policy, selector).length) return undefined;
  const ns = namespaceOf(policy) ?? '';
  return ctx.finding({
    code: 'MW402',
    objects: [ref],
    message: `${describe(ref)} selects ${formatLabelSelector({
      matchLabels: selector,
    })}, but no pod ${
      ns === ctx.config.rootNamespace ? 'in the cluster' : `in ${ns}`
    } has those labels; the policy has no effect.`,
    remediation: `Fix spec.selector.matchLabels to the workload's pod labels, or delete the policy.`,
  });
}

/** Whether a pod is in the mesh, its namespace looked up once per namespace. */
function meshPodTest(ctx: AnalysisContext): (pod: KubeObject) => boolean {
  const namespaces = new Map<string, KubeObject | undefined>();
  return pod => {
    const name = namespaceOf(pod) ?? '';
    if (!namespaces.has(name)) namespaces.set(name, ctx.view.namespace(name));
    return podInMesh(pod, namespaces.get(name));
  };
}

/**
 * MW402 / IST0127 for an AuthorizationPolicy, as istioctl's authz analyzer:
 * only pods in the mesh count (a proxy enforces the policy, or ambient's
 * ztunnel); a policy without selector outside the root namespace applies to
 * its namespace's pods, so a namespace without mesh pods makes it a no-op;
 * a selector-less policy in the root namespace is mesh-wide and never is.
 */
function authorizationNoMatchFinding(
  ctx: AnalysisContext,
  policy: KubeObject,
  ref: ObjectRef,
): Finding | undefined {
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.Namespace))
    return undefined;
  const ns = namespaceOf(policy) ?? '';
  const root = ns === ctx.config.rootNamespace;
  const selector = workloadSelectorOf(policy);
  if (!selector && root) return undefined;
  const inMesh = meshPodTest(ctx);
  const candidates = selector
    ? podsForSelector(ctx, policy, selector)
    : ctx.view.list(Kinds.Pod, ns);
  if (candidates.some(inMesh)) return undefined;
  const where = root ? 'in the cluster' : `in ${ns}`;
  return ctx.finding({
    code: 'MW402',
    objects: [ref],
    message: selector
      ? `${describe(ref)} selects ${formatLabelSelector({
          matchLabels: selector,
        })}, but no pod ${where} in the mesh has those labels; the policy has no effect.`
      : `${describe(
          ref,
        )} applies to every workload in ${ns}, but no pod ${where} is in the mesh; the policy has no effect.`,
    remediation: selector
      ? `Fix spec.selector.matchLabels to the labels of the mesh workload it is meant for (or bring that workload into the mesh), or delete the policy.`
      : `Bring the namespace's workloads into the mesh, move the policy to the namespace it is meant for, or delete it.`,
  });
}

/**
 * Whether a source namespace entry matches a namespace, as istioctl reads
 * it: `*` matches all, `*<suffix>` and `<prefix>*` match by suffix and
 * prefix, anything else is the name (in any case).
 */
function namespaceMatches(entry: string, namespace: string): boolean {
  if (entry === '*') return true;
  if (entry.startsWith('*')) return namespace.endsWith(entry.slice(1));
  if (entry.endsWith('*')) return namespace.startsWith(entry.slice(0, -1));
  return entry.toLowerCase() === namespace.toLowerCase();
}

/** `<trust-domain>/ns/<namespace>/sa/<service-account>`, the form istiod expands. */
const PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

export function authorizationPolicyFindings(
  ctx: AnalysisContext,
  policy: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
  const noMatch = authorizationNoMatchFinding(ctx, policy, ref);
  if (noMatch) out.push(noMatch);

  const sources = arr(policy, 'spec', 'rules').flatMap(r =>
    arr(r, 'from').map(f => rec(f, 'source') ?? {}),
  );
  // MW403 / IST0101 (KIA0101): source namespaces that match no namespace.
  if (ctx.isSynced(Kinds.Namespace)) {
    const names = ctx.view.list(Kinds.Namespace).flatMap(n => {
      const name = nameOf(n);
      return name ? [name] : [];
    });
    const missing = uniq(
      sources.flatMap(s => [
        ...strings(s, 'namespaces'),
        ...strings(s, 'notNamespaces'),
      ]),
    ).filter(n => !names.some(name => namespaceMatches(n, name)));
    if (missing.length) {
      out.push(
        ctx.finding({
          code: 'MW403',
          objects: [ref],
          message: `${describe(ref)} names namespace(s) ${missing.join(
            ', ',
          )}, which match no namespace.`,
          remediation: `Correct the namespace names or patterns (typos) or create the namespaces.`,
        }),
      );
    }
  }
  // MW404 / KIA0106: principals naming service accounts that do not exist;
  // MW409 / KIA0108: principals of a trust domain this mesh does not know,
  // whose service accounts live in another mesh and cannot be looked up here.
  if (ctx.isSynced(Kinds.ServiceAccount) && ctx.isSynced(Kinds.Namespace)) {
    const trust = knownTrustDomains(ctx);
    const foreign: string[] = [];
    const missing: string[] = [];
    for (const p of uniq(
      sources.flatMap(s => [
        ...strings(s, 'principals'),
        ...strings(s, 'notPrincipals'),
      ]),
    )) {
      if (p.includes('*')) continue;
      const m = PRINCIPAL.exec(p);
      if (!m) continue;
      if (!trust.domains.has(m[1])) foreign.push(p);
      else if (!ctx.view.get(Kinds.ServiceAccount, m[2], m[3])) missing.push(p);
    }
    if (missing.length) {
      out.push(
        ctx.finding({
          code: 'MW404',
          objects: [ref],
          message: `${describe(ref)} names principal(s) ${missing.join(
            ', ',
          )} whose service account does not exist.`,
          remediation: `Use the <trust-domain>/ns/<namespace>/sa/<service-account> of an existing service account (kubectl get sa -n <namespace>).`,
        }),
      );
    }
    if (foreign.length) {
      const known = [...trust.domains].sort(compareStrings).join(', ');
      out.push(
        ctx.finding({
          code: 'MW409',
          objects: [ref],
          message: `${describe(ref)} names principal(s) ${foreign.join(
            ', ',
          )} of a trust domain this mesh does not know (known: ${known}${
            trust.fromMeshConfig
              ? ''
              : `; the mesh config in ${ctx.config.rootNamespace} could not be read`
          }); their service accounts cannot be verified.`,
          remediation: `Write this mesh's trust domain (meshConfig.trustDomain, cluster.local unless set; kubectl get cm istio -n ${ctx.config.rootNamespace} -o yaml) or, if the mesh was renamed, list the old name in meshConfig.trustDomainAliases; identities of another mesh cannot be checked from this cluster.`,
        }),
      );
    }
  }
  // MW405: JWT attributes are empty without a RequestAuthentication, so ALLOW never matches and "not JWT" DENY always does.
  if (
    policyRequiresJwt(policy) &&
    ctx.isSynced(Kinds.RequestAuthentication) &&
    ctx.isSynced(Kinds.Pod)
  ) {
    const uncovered = new Map<string, KubeObject>();
    const checked = new Set<string>();
    for (const pod of podsForPolicy(ctx, policy)) {
      const podNs = namespaceOf(pod) ?? '';
      const key = `${podNs}|${labelSetKey(labelsOf(pod))}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const subject = {
        namespace: podNs,
        labels: labelsOf(pod),
        services: ctx.view.servicesSelecting(pod),
        waypoint: false,
      };
      const candidates = [
        ...ctx.view.list(Kinds.RequestAuthentication, podNs),
        ...(podNs === ctx.config.rootNamespace
          ? []
          : ctx.view.list(
              Kinds.RequestAuthentication,
              ctx.config.rootNamespace,
            )),
      ];
      if (!candidates.some(ra => policyScopeFor(ctx, ra, subject)))
        uncovered.set(key, pod);
    }
    if (uncovered.size) {
      const pods = [...uncovered.values()];
      out.push(
        ctx.finding({
          code: 'MW405',
          objects: [ref, ...pods.slice(0, 5).map(p => ctx.ref(p, Kinds.Pod))],
          message: `${describe(
            ref,
          )} matches on JWT attributes, but no RequestAuthentication applies to ${
            pods.length === 1
              ? `pod ${nameOf(pods[0])}`
              : `${pods.length} workloads it selects`
          }: request principals are always empty there.`,
          remediation: `Add a RequestAuthentication (jwtRules with issuer and jwksUri) for the same workloads, e.g. in ${ctx.config.rootNamespace} for the ingress gateway (seed 003).`,
        }),
      );
    }
  }
  return out;
}

export function requestAuthenticationFindings(
  ctx: AnalysisContext,
  ra: KubeObject,
): Finding[] {
  const f = noMatchFinding(ctx, ra, ctx.ref(ra, Kinds.RequestAuthentication));
  return f ? [f] : [];
}

/** PeerAuthentication settings Istio ignores (MW204) and selectors that match nothing (MW402). */
export function peerAuthenticationFindings(
  ctx: AnalysisContext,
  pa: KubeObject,
): Finding[] {
  const out: Finding[] = [];
  const ref = ctx.ref(pa, Kinds.PeerAuthentication);
  const ns = namespaceOf(pa) ?? '';
  const selector = workloadSelectorOf(pa);
  const portLevel = Object.keys(rec(pa, 'spec', 'portLevelMtls') ?? {});
  if (selector && ns === ctx.config.rootNamespace) {
    out.push(
      ctx.finding({
        code: 'MW204',
        objects: [ref],
        message: `${describe(
          ref,
        )} has a workload selector in the root namespace ${ns}; Istio ignores such policies.`,
        remediation: `Move the policy to the workload's namespace, or drop the selector to make it mesh-wide.`,
        detailKey: 'rootSelector',
      }),
    );
    return out;
  }
  if (!selector && portLevel.length) {
    out.push(
      ctx.finding({
        code: 'MW204',
        objects: [ref],
        message: `${describe(ref)} sets portLevelMtls (${portLevel.join(
          ', ',
        )}) without a selector; Istio applies port-level mTLS only to policies with a workload selector.`,
        remediation: `Move the port settings into a PeerAuthentication with spec.selector for the workload.`,
        detailKey: 'portLevelWithoutSelector',
      }),
    );
  }
  const noMatch = noMatchFinding(ctx, pa, ref);
  if (noMatch) out.push(noMatch);
  return out;
}
