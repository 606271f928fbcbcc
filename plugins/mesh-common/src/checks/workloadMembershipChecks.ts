import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { ControlPlaneRevisionRef } from '../types/status';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { policyUsesL7 } from '../analyzers/authorization';
import {
  NamespaceMeshIntent,
  namespaceMeshIntent,
  sidecarExpected,
} from '../analyzers/dataPlane';
import { injectorConfig } from '../analyzers/injectorConfig';
import {
  PROXY_IMAGE_ANNOTATION,
  PROXY_IMAGE_VARIANTS,
} from '../analyzers/istioConventions';
import {
  isIstiodPod,
  resolveRevision,
  targetRevision,
} from '../analyzers/controlPlane';
import { hasSidecar, isTerminated } from '../analyzers/pods';
import { restartWouldNotInject } from '../analyzers/restartAdvice';
import { annotationsOf, nameOf, namespaceOf, uniq } from '../util/safe';
import { describe, listNames } from './findingText';

/** `1-24-3`, or `default (tag for 1-24-3)` for a revision tag. */
function describeRevision(cp: ControlPlaneRevisionRef): string {
  return cp.resolvedRevision
    ? `${cp.revision} (tag for ${cp.resolvedRevision})`
    : cp.revision;
}

/** Whether a pod's proxy image is the one the injector puts in, in any of its variants. */
function isInjectedImage(image: string, expected: string): boolean {
  return (
    image === expected ||
    PROXY_IMAGE_VARIANTS.some(variant => image === `${expected}-${variant}`)
  );
}

/**
 * MW105 / IST0158: pods whose proxy image is not the one their namespace's
 * injector puts into new pods, so a restart would change it (after an
 * upgrade, or after the namespace moved to another revision). As istioctl's
 * IST0158, the expected image is the revision's injector configuration
 * (ConfigMap `istio-sidecar-injector[-<rev>]`, `values.global`: hub, tag,
 * proxy image), not istiod's own version; pods of namespaces without
 * injection and pods with their own `sidecar.istio.io/proxyImage` are left
 * alone, and a revision without injector ConfigMap says nothing. A revision
 * tag selects its target revision's injector. istioctl reports the namespace
 * with the pods' names; this reports the namespace first, then the workload
 * and each pod (the pods to restart), one finding per workload so that an
 * entity's page shows its own pods. The image variant is not compared:
 * ProxyConfig resources, which can choose it, are not read. No advice
 * toward a revision without istiod (MW104 reports that: a restart would drop
 * the sidecar).
 */
function proxyImageSkew(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
  intent: NamespaceMeshIntent,
): Finding | undefined {
  if (!intent.sidecar || !intent.revision) return undefined;
  if (!ctx.isSynced(Kinds.ConfigMap)) return undefined;
  const selected = resolveRevision(ctx, intent.revision);
  if (selected.found === false) return undefined;
  const injector = injectorConfig(ctx, targetRevision(selected));
  const expected = injector?.proxyImage;
  if (!injector || !expected) return undefined;
  const pods = a.group.pods;
  const stale: { pod: KubeObject; image: string; revision?: string }[] = [];
  a.status.dataPlane.pods.forEach((pd, i) => {
    const pod = pods[i];
    if (pd.mode !== 'sidecar' || !pd.proxyImage) return;
    if (annotationsOf(pod)[PROXY_IMAGE_ANNOTATION]) return;
    if (isInjectedImage(pd.proxyImage, expected)) return;
    stale.push({ pod, image: pd.proxyImage, revision: pd.revision });
  });
  if (!stale.length) return undefined;
  const workload = a.status.workload;
  const namespace = a.status.namespace;
  const images = uniq(stale.map(s => s.image));
  const revisions = uniq(stale.flatMap(s => (s.revision ? [s.revision] : [])));
  return ctx.finding({
    code: 'MW105',
    objects: [
      ctx.refByName(Kinds.Namespace, undefined, namespace),
      workload,
      // A bare pod is its own workload: named once.
      ...stale
        .map(s => ctx.ref(s.pod, Kinds.Pod))
        .filter(p => workload.kind !== 'Pod' || p.name !== workload.name),
    ],
    message: `Namespace ${namespace}: ${stale.length} of ${
      pods.length
    } pods of ${describe(workload)} run proxy image ${images.join(', ')}${
      revisions.length ? ` (injected by revision ${revisions.join(', ')})` : ''
    }, but the namespace's injector (revision ${describeRevision(
      selected,
    )}, ${describe(
      injector.ref,
    )}) injects ${expected}; restart to update: ${listNames(
      stale.map(s => nameOf(s.pod) ?? ''),
    )}.`,
    remediation: `kubectl rollout restart ${workload.kind.toLowerCase()}/${
      workload.name
    } -n ${namespace} to re-inject the proxy from the namespace's current revision (seed 003, data plane upgrade).`,
  });
}

/** A workload's mesh membership: proxy missing (MW102), proxy to restart after an upgrade (MW105), sidecars in an ambient namespace (MW106), L7 rules without a waypoint (MW107). */
export function workloadMembershipFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;
  const pods = a.group.pods;
  const ns = ctx.view.namespace(a.status.namespace);

  // MW102 / IST0103: injection is on for these pods but they run without a
  // proxy. Like istioctl, not in the root namespace and not for istiod's own
  // pods: the control plane runs without a sidecar.
  if (
    ctx.isSynced(Kinds.Namespace) &&
    a.status.namespace !== ctx.config.rootNamespace
  ) {
    const missing = pods.filter(
      p =>
        sidecarExpected(p, ns) &&
        !hasSidecar(p) &&
        !isTerminated(p) &&
        !isIstiodPod(p),
    );
    if (missing.length) {
      out.push(
        ctx.finding({
          code: 'MW102',
          objects: [workload, ...missing.map(p => ctx.ref(p, Kinds.Pod))],
          message: `${describe(workload)}: ${missing.length} of ${
            pods.length
          } pods run without the Istio proxy although injection is enabled (${listNames(
            missing.map(p => nameOf(p) ?? ''),
          )}).`,
          remediation: `${
            restartWouldNotInject(ctx, a.status.namespace) ??
            'Restart the workload'
          } (kubectl rollout restart ${workload.kind.toLowerCase()}/${
            workload.name
          } -n ${
            workload.namespace
          }) so the injector adds the sidecar; if the pods must stay out of the mesh, label them sidecar.istio.io/inject=false.`,
        }),
      );
    }
  }

  const intent = namespaceMeshIntent(ns);
  const skew = proxyImageSkew(ctx, a, intent);
  if (skew) out.push(skew);

  // MW106: sidecar pods in an ambient namespace.
  if (intent.ambient) {
    const sidecars = pods.filter(hasSidecar);
    if (sidecars.length) {
      out.push(
        ctx.finding({
          code: 'MW106',
          objects: [
            workload,
            ctx.refByName(Kinds.Namespace, undefined, a.status.namespace),
          ],
          message: `${describe(workload)} runs ${
            sidecars.length
          } sidecar pod(s) in namespace ${
            a.status.namespace
          }, which is enrolled in ambient mode; ambient does not capture them and both data planes must be operated.`,
          remediation: `Choose one data plane: remove the sidecar (label the pods sidecar.istio.io/inject=false and restart) to use ambient, or take the namespace out of ambient (remove istio.io/dataplane-mode).`,
        }),
      );
    }
  }

  // MW107 / KIA0109: L7 rules on ambient pods without a waypoint are enforced by ztunnel by dropping traffic.
  const ambientNoWaypoint = a.podModes
    .map((m, i) => (m === 'ambient' ? i : -1))
    .filter(i => i >= 0);
  if (ambientNoWaypoint.length) {
    const l7 = new Map<string, KubeObject>();
    for (const i of ambientNoWaypoint) {
      for (const { policy, scope } of a.podAuthorizations[i].policies) {
        if (scope !== 'targetRef' && policyUsesL7(policy)) {
          l7.set(`${namespaceOf(policy)}/${nameOf(policy)}`, policy);
        }
      }
    }
    for (const policy of l7.values()) {
      const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
      out.push(
        ctx.finding({
          code: 'MW107',
          objects: [ref, workload],
          message: `${describe(
            ref,
          )} uses L7 attributes but applies to ambient ${describe(
            workload,
          )}, which has no waypoint: ztunnel cannot evaluate them and drops the traffic.`,
          remediation: `Deploy a waypoint (istioctl waypoint apply -n ${a.status.namespace} --enroll-namespace) and attach the policy with targetRefs to the waypoint or Service, or restrict the policy to L4 attributes (principals, namespaces, ipBlocks, ports).`,
        }),
      );
    }
  }
  return out;
}
