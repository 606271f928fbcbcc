import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { ControlPlaneRevisionRef } from '../types/status';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { policyUsesL7 } from '../analyzers/authorization';
import {
  namespaceMeshIntent,
  podRevision,
  sidecarExpected,
} from '../analyzers/dataPlane';
import {
  isIstiodPod,
  resolveRevision,
  targetRevision,
} from '../analyzers/controlPlane';
import { hasSidecar, isTerminated } from '../analyzers/pods';
import { nameOf, namespaceOf } from '../util/safe';
import { describe, listNames } from './findingText';

/** `1-24-3 (1.24.3)`, or `default (tag for 1-24-3, 1.24.3)` for a revision tag. */
function describeRevision(
  cp: ControlPlaneRevisionRef,
  version: string | undefined,
): string {
  const details = [
    ...(cp.resolvedRevision ? [`tag for ${cp.resolvedRevision}`] : []),
    ...(version ? [version] : []),
  ];
  return details.length
    ? `${cp.revision} (${details.join(', ')})`
    : cp.revision;
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
          remediation: `Restart the workload (kubectl rollout restart ${workload.kind.toLowerCase()}/${
            workload.name
          } -n ${
            workload.namespace
          }) so the injector adds the sidecar; if the pods must stay out of the mesh, label them sidecar.istio.io/inject=false.`,
        }),
      );
    }
  }

  // MW105 / IST0158: pods whose proxy is not what the namespace's injector
  // would inject now. istioctl's IST0158 compares each pod's proxy image with
  // the image of the injector the namespace selects (a revision tag's
  // injector is its target revision's), so tags are resolved before
  // comparing: `default` pointing at 1-24-3 selects the same injector as
  // `1-24-3`. Only a target with a known istiod counts; a restart toward a
  // missing control plane would drop the sidecar (that is MW104).
  const intent = namespaceMeshIntent(ns);
  const target = intent.revision
    ? resolveRevision(ctx, intent.revision)
    : undefined;
  const stale: { pod: KubeObject; why: string }[] = [];
  a.status.dataPlane.pods.forEach((pd, i) => {
    if (pd.mode !== 'sidecar') return;
    const pod = pods[i];
    const cp = resolveRevision(ctx, pd.revision ?? podRevision(pod));
    if (
      target?.found === true &&
      targetRevision(target) !== targetRevision(cp)
    ) {
      stale.push({
        pod,
        why: `injected by revision ${describeRevision(
          cp,
          pd.proxyVersion && `proxy ${pd.proxyVersion}`,
        )} while the namespace now selects ${describeRevision(
          target,
          target.version,
        )}`,
      });
    } else if (
      cp.found === true &&
      cp.version &&
      pd.proxyVersion &&
      cp.version !== pd.proxyVersion
    ) {
      stale.push({
        pod,
        why: `proxy ${pd.proxyVersion} but control plane ${describeRevision(
          cp,
          undefined,
        )} runs ${cp.version}`,
      });
    }
  });
  if (stale.length) {
    out.push(
      ctx.finding({
        code: 'MW105',
        objects: [workload, ...stale.map(s => ctx.ref(s.pod, Kinds.Pod))],
        message: `${describe(workload)}: ${stale.length} of ${
          pods.length
        } pods need a restart: ${stale[0].why}${
          stale.length > 1 ? ` (and ${stale.length - 1} more)` : ''
        }.`,
        remediation: `kubectl rollout restart ${workload.kind.toLowerCase()}/${
          workload.name
        } -n ${
          workload.namespace
        } to re-inject the proxy from the namespace's current revision (seed 003, data plane upgrade).`,
      }),
    );
  }

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
