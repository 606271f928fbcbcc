import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject, ObjectRef } from '../types/kube';
import { ControlPlaneRevisionRef } from '../types/status';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { policyUsesL7 } from '../analyzers/authorization';
import {
  namespaceMeshIntent,
  podRevision,
  sidecarExpected,
} from '../analyzers/dataPlane';
import { resolveRevision, targetRevision } from '../analyzers/controlPlane';
import { gatewayApiPods, gatewayWorkloadPods } from '../analyzers/exposure';
import { PROBE_REWRITE_PORT } from '../analyzers/istioConventions';
import { effectivePortMode } from '../analyzers/mtls';
import { ingressVerdict } from '../analyzers/networkPolicy';
import { hasSidecar, httpProbesOf, isTerminated } from '../analyzers/pods';
import { nameOf, namespaceOf, uniq } from '../util/safe';
import { destinationRuleConflicts } from './destinationRuleConflicts';
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

/** Findings about one workload: membership, mTLS, authorization and network policy. */
export function workloadFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const out: Finding[] = [];
  const workload = a.status.workload;
  const pods = a.group.pods;
  const ns = ctx.view.namespace(a.status.namespace);
  const podsSynced = ctx.isSynced(Kinds.Pod);
  if (!podsSynced) return out;

  // MW102 / IST0103: injection is on for these pods but they run without a proxy.
  if (ctx.isSynced(Kinds.Namespace)) {
    const missing = pods.filter(
      p => sidecarExpected(p, ns) && !hasSidecar(p) && !isTerminated(p),
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

  // MW201 / IST0113, IST0115, KIA0207, KIA0208: client TLS a server cannot take.
  out.push(...destinationRuleConflicts(ctx, a));

  // MW202: HTTP/gRPC probes kubelet sends in plaintext to a STRICT port, not rewritten to pilot-agent.
  const badProbes: string[] = [];
  for (const detail of a.mtlsDetails) {
    const pod = detail.pod;
    if (!hasSidecar(pod)) continue;
    for (const probe of httpProbesOf(pod)) {
      if (probe.port === undefined || probe.port === PROBE_REWRITE_PORT)
        continue;
      const eff =
        detail.ports.get(probe.port) ??
        effectivePortMode(pod, 'sidecar', detail.merged, probe.port);
      if (eff.mode === 'STRICT') {
        badProbes.push(
          `${nameOf(pod)}/${probe.container} ${probe.probe} (${probe.type} :${
            probe.port
          })`,
        );
      }
    }
  }
  if (badProbes.length) {
    out.push(
      ctx.finding({
        code: 'MW202',
        objects: [workload],
        message: `${describe(
          workload,
        )} has HTTP/gRPC probes on STRICT mTLS ports that are not rewritten: ${listNames(
          uniq(badProbes),
        )}. Kubelet probes come from outside the mesh and fail.`,
        remediation: `Enable probe rewriting (annotation sidecar.istio.io/rewriteAppHTTPProbers: "true" on the pod template, the Istio default) and restart, or move health checks to a port with mTLS disabled, or use exec probes (seed 002).`,
      }),
    );
  }

  // MW203: explicit plaintext exceptions inside a STRICT mesh.
  const meshStrict = a.mtlsDetails.some(d => d.merged.meshMode === 'STRICT');
  if (meshStrict && ctx.isSynced(Kinds.PeerAuthentication)) {
    const exceptions: string[] = [];
    const sources = new Map<string, ObjectRef>();
    a.mtlsDetails.forEach((d, i) => {
      if (a.podModes[i] === 'none') return;
      for (const [port, eff] of d.ports) {
        if (eff.mode === 'STRICT') continue;
        exceptions.push(`${port} ${eff.mode}`);
        for (const link of eff.chain) {
          if (link.ref && link.level !== 'mesh') {
            sources.set(
              `${link.ref.kind}/${link.ref.namespace}/${link.ref.name}`,
              link.ref,
            );
          }
        }
      }
    });
    if (exceptions.length) {
      const refs = [...sources.values()];
      out.push(
        ctx.finding({
          code: 'MW203',
          objects: [...refs, workload],
          message: `${describe(
            workload,
          )} accepts plaintext in a STRICT mesh on port(s) ${listNames(
            uniq(exceptions),
          )}${
            refs.length ? ` because of ${refs.map(describe).join(', ')}` : ''
          }.`,
          remediation: `Keep the exception only if it is intended (e.g. ECK transport port 9300, health ports); otherwise remove the PERMISSIVE/DISABLE setting or the port exclusion.`,
        }),
      );
    }
  }

  const inMesh = a.podModes.some(m => m !== 'none');
  // MW401 / KIA1301: mesh workload no AuthorizationPolicy covers.
  if (
    inMesh &&
    !a.status.authorization.unknown &&
    a.status.authorization.policies.length === 0
  ) {
    out.push(
      ctx.finding({
        code: 'MW401',
        objects: [workload],
        message: `${describe(
          workload,
        )} is in the mesh but no AuthorizationPolicy applies to it: every authenticated peer may call it.`,
        remediation: `Add an AuthorizationPolicy in ${a.status.namespace} with a selector for the workload that ALLOWs only its expected callers.`,
      }),
    );
  }

  // MW406 / KIA0105: identity-based rules while plaintext is still accepted.
  if (inMesh && !a.status.authorization.unknown) {
    // Ports that bypass the proxy (DISABLE by exclusion) are not governed by
    // the policy at all, so only proxied plaintext acceptance counts here.
    const notStrict =
      a.status.mtls.workloadMode !== 'STRICT' ||
      a.status.mtls.ports.some(
        p => p.mode === 'PERMISSIVE' || p.mode === 'mixed',
      );
    if (
      notStrict &&
      a.status.mtls.mode !== 'unknown' &&
      a.status.mtls.workloadMode !== 'unknown'
    ) {
      for (const p of a.status.authorization.policies) {
        const s = p.sources;
        if (
          !s.principals.length &&
          !s.namespaces.length &&
          !s.notPrincipals.length &&
          !s.notNamespaces.length
        ) {
          continue;
        }
        out.push(
          ctx.finding({
            code: 'MW406',
            // An ALLOW rule fails closed for plaintext callers; a DENY rule is bypassed by them.
            severity: p.action === 'ALLOW' ? 'info' : 'warning',
            objects: [p.ref, workload],
            message: `${describe(
              p.ref,
            )} matches on principals/namespaces, but ${describe(workload)} is ${
              a.status.mtls.mode
            } rather than STRICT: plaintext requests carry no identity${
              p.action === 'DENY'
                ? ' and bypass this DENY rule'
                : ' and are refused'
            }.`,
            remediation: `Make the workload STRICT (PeerAuthentication mode STRICT for its namespace or selector) or match on other attributes.`,
          }),
        );
      }
    }
  }

  // MW701: the ingress gateway's pods cannot reach an exposed workload. The
  // finding is about what the route sends traffic to, so it names the
  // exposed Service first, then the NetworkPolicies that (together) isolate
  // its pods, the Gateway, and the workload whose pods they select.
  if (a.status.exposure.entries.length && ctx.isSynced(Kinds.NetworkPolicy)) {
    const destination = pods.find(p => !isTerminated(p));
    const blocked = new Map<
      string,
      {
        service: ObjectRef;
        gateway: ObjectRef;
        ports: number[];
        sourceNamespace: string;
        policies: ObjectRef[];
      }
    >();
    for (const entry of a.status.exposure.entries) {
      const key = `${entry.service.namespace}/${entry.service.name}|${entry.gateway.namespace}/${entry.gateway.name}`;
      if (blocked.has(key) || !destination) continue;
      const gw =
        entry.via === 'istio'
          ? ctx.view.get(
              Kinds.IstioGateway,
              entry.gateway.namespace,
              entry.gateway.name,
            )
          : ctx.view.get(
              Kinds.K8sGateway,
              entry.gateway.namespace,
              entry.gateway.name,
            );
      if (!gw) continue;
      const gwPods =
        entry.via === 'istio'
          ? gatewayWorkloadPods(ctx, gw)
          : gatewayApiPods(ctx, gw);
      const source = gwPods[0];
      const ports = exposedTargetPorts(
        a,
        entry.service.name,
        entry.servicePort,
      );
      if (!source || ports.length === 0) continue;
      const { verdict, policies } = ingressVerdict(
        ctx,
        destination,
        source,
        ports,
      );
      if (verdict === 'denied') {
        blocked.set(key, {
          service: entry.service,
          gateway: entry.gateway,
          ports,
          sourceNamespace: namespaceOf(source) ?? '',
          policies: policies.map(p => ctx.ref(p, Kinds.NetworkPolicy)),
        });
      }
    }
    for (const b of blocked.values()) {
      out.push(
        ctx.finding({
          code: 'MW701',
          objects: [b.service, ...b.policies, b.gateway, workload],
          message: `${describe(b.service)} is exposed through ${describe(
            b.gateway,
          )}, but the NetworkPolicies selecting ${describe(
            workload,
          )} (${b.policies
            .map(describe)
            .join(
              ', ',
            )}) admit no traffic from the gateway's pods in namespace ${
            b.sourceNamespace
          } to port ${b.ports.join(', ')}.`,
          remediation: `Add a NetworkPolicy in ${a.status.namespace} allowing ingress from the gateway namespace ${b.sourceNamespace} (namespaceSelector on a label of that namespace, e.g. istio-control-namespace: "true" as in seed 003).`,
        }),
      );
    }
  }

  return out;
}

/**
 * The workload ports a route's Service port leads to: the one it names, or
 * every port of that Service when the route names none (a single-port
 * Service). These are the ports NetworkPolicies are evaluated on.
 */
function exposedTargetPorts(
  a: WorkloadAnalysis,
  service: string,
  servicePort: number | undefined,
): number[] {
  return uniq(
    a.status.mtls.ports
      .filter(p =>
        p.servicePorts.some(
          sp =>
            sp.service === service &&
            (servicePort === undefined || sp.port === servicePort),
        ),
      )
      .map(p => p.port),
  );
}
